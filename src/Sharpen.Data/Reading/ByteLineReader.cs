namespace Sharpen.Data.Reading;

/// <summary>
/// Splits a stream into lines of raw bytes (so invalid UTF-8 can be reported instead of silently replaced),
/// growing its buffer up to <c>maxLineBytes</c> and skipping longer lines without holding them in memory.
/// </summary>
internal sealed class ByteLineReader(Stream stream, int maxLineBytes)
{
    private byte[] _buffer = new byte[Math.Min(64 * 1024, maxLineBytes + 1)];
    private int _start;
    private int _end;
    private bool _eof;

    /// <summary>
    /// Reads the next line without its <c>\n</c> (or <c>\r\n</c>). The memory is valid until the next call.
    /// Returns false at the end of the stream. <paramref name="tooLong"/> is set (and the line left empty) when the
    /// line exceeded the limit.
    /// </summary>
    public bool TryReadLine(out ReadOnlyMemory<byte> line, out bool tooLong)
    {
        tooLong = false;
        var scanFrom = _start;
        while (true)
        {
            var newline = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (newline >= 0)
            {
                line = Trim(_start, newline);
                _start = newline + 1;
                return true;
            }

            if (_eof)
            {
                if (_start == _end)
                {
                    line = ReadOnlyMemory<byte>.Empty;
                    return false;
                }

                line = Trim(_start, _end);
                _start = _end;
                return true;
            }

            var pending = _end - _start;
            if (pending > maxLineBytes)
            {
                tooLong = true;
                SkipRestOfLine();
                line = ReadOnlyMemory<byte>.Empty;
                return true;
            }

            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
                _start = 0;
                _end = pending;
            }
            else if (_end == _buffer.Length)
            {
                Array.Resize(ref _buffer, (int)Math.Min((long)_buffer.Length * 2, (long)maxLineBytes + 1));
            }

            scanFrom = _end;
            Fill();
        }
    }

    private ReadOnlyMemory<byte> Trim(int from, int to)
    {
        if (to > from && _buffer[to - 1] == (byte)'\r')
        {
            to--;
        }

        return new ReadOnlyMemory<byte>(_buffer, from, to - from);
    }

    private void Fill()
    {
        if (_end == _buffer.Length)
        {
            // Only reachable when the buffer is at its cap; the caller reports the line as too long.
            return;
        }

        var read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private void SkipRestOfLine()
    {
        _start = _end = 0;
        while (true)
        {
            var read = stream.Read(_buffer, 0, _buffer.Length);
            if (read == 0)
            {
                _eof = true;
                return;
            }

            var newline = Array.IndexOf(_buffer, (byte)'\n', 0, read);
            if (newline >= 0)
            {
                _start = newline + 1;
                _end = read;
                return;
            }
        }
    }
}
