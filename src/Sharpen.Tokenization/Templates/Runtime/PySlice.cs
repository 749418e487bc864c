namespace Sharpen.Tokenization.Templates.Runtime;

/// <summary>Python's slice index arithmetic (<c>slice.indices</c>): clamping, negative indices and negative steps.</summary>
internal static class PySlice
{
    public static IEnumerable<int> Indices(int length, long? start, long? stop, long? step)
    {
        var s = step ?? 1;
        if (s == 0)
        {
            throw TemplateError.Runtime("slice step cannot be zero");
        }

        long lo;
        long hi;
        if (s > 0)
        {
            lo = start is null ? 0 : Clamp(start.Value, length, 0, length);
            hi = stop is null ? length : Clamp(stop.Value, length, 0, length);
            for (var i = lo; i < hi; i += s)
            {
                yield return (int)i;
            }
        }
        else
        {
            lo = start is null ? length - 1 : Clamp(start.Value, length, -1, length - 1);
            hi = stop is null ? -1 : Clamp(stop.Value, length, -1, length - 1);
            for (var i = lo; i > hi; i += s)
            {
                yield return (int)i;
            }
        }
    }

    private static long Clamp(long index, int length, long min, long max)
    {
        if (index < 0)
        {
            index += length;
        }

        return Math.Min(Math.Max(index, min), max);
    }
}
