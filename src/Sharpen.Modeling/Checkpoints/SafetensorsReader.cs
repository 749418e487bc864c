using System.IO.MemoryMappedFiles;
using TorchSharp;

namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// One safetensors file, memory-mapped and validated on open. Tensor bytes are read straight from the mapping: the raw
/// API (<see cref="GetBytes"/>) needs no tensors at all, and <see cref="ReadTensor"/> copies one tensor into a
/// TorchSharp tensor, so a multi-gigabyte checkpoint is never read into managed memory as a whole.
/// Spans returned by <see cref="GetBytes"/> are valid until the reader is disposed.
/// </summary>
public sealed unsafe class SafetensorsReader : IDisposable
{
    private readonly MemoryMappedFile? _map;
    private readonly MemoryMappedViewAccessor? _view;
    private readonly SafetensorsHeader _header;
    private byte* _base;
    private bool _disposed;

    private SafetensorsReader(string path, MemoryMappedFile? map, MemoryMappedViewAccessor? view, byte* basePointer, SafetensorsHeader header)
    {
        FilePath = path;
        _map = map;
        _view = view;
        _base = basePointer;
        _header = header;
    }

    /// <summary>Absolute path of the file.</summary>
    public string FilePath { get; }

    /// <summary>Tensor entries keyed by name.</summary>
    public IReadOnlyDictionary<string, SafetensorsTensorInfo> Tensors => _header.Tensors;

    /// <summary>Tensor names in ordinal order.</summary>
    public IReadOnlyList<string> Names => [.. _header.Tensors.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The header's <c>__metadata__</c> map (empty when absent).</summary>
    public IReadOnlyDictionary<string, string> Metadata => _header.Metadata;

    /// <summary>Opens, maps and validates <paramref name="path"/>; a corrupt file throws <see cref="CheckpointFormatException"/>.</summary>
    public static SafetensorsReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        path = Path.GetFullPath(path);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Safetensors data is little-endian; big-endian hosts are not supported.");
        }

        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException ex)
        {
            throw new FileNotFoundException($"Safetensors file '{path}' does not exist.", path, ex);
        }

        MemoryMappedFile? map = null;
        MemoryMappedViewAccessor? view = null;
        try
        {
            var fileLength = stream.Length;
            Span<byte> prefix = stackalloc byte[8];
            stream.ReadExactly(prefix[..(int)Math.Min(8, fileLength)]);
            var headerLength = SafetensorsHeader.ReadHeaderLength(prefix, fileLength, path);

            map = MemoryMappedFile.CreateFromFile(stream, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            view = map.CreateViewAccessor(0, 0, MemoryMappedFileAccess.Read);
            byte* basePointer = null;
            view.SafeMemoryMappedViewHandle.AcquirePointer(ref basePointer);
            basePointer += view.PointerOffset;

            var dataStart = 8 + headerLength;
            var json = new ReadOnlySpan<byte>(basePointer + 8, (int)headerLength);
            var header = SafetensorsHeader.Parse(json, dataStart, fileLength - dataStart, path);
            return new SafetensorsReader(path, map, view, basePointer, header);
        }
        catch
        {
            if (view is not null)
            {
                view.SafeMemoryMappedViewHandle.ReleasePointer();
                view.Dispose();
            }

            map?.Dispose();
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Whether the file holds a tensor of that name.</summary>
    public bool Contains(string name) => _header.Tensors.ContainsKey(name);

    /// <summary>The header entry of <paramref name="name"/>.</summary>
    public SafetensorsTensorInfo GetInfo(string name)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return _header.Tensors.TryGetValue(name, out var info)
            ? info
            : throw new KeyNotFoundException($"{FilePath}: no tensor named '{name}'.");
    }

    /// <summary>
    /// The raw little-endian bytes of <paramref name="name"/>, straight from the mapping (no copy). Valid until
    /// <see cref="Dispose"/>. Tensors above 2 GB do not fit a span: use <see cref="ReadTensor"/> for those.
    /// </summary>
    public ReadOnlySpan<byte> GetBytes(string name)
    {
        var info = GetInfo(name);
        if (info.ByteLength > int.MaxValue)
        {
            throw new NotSupportedException($"{FilePath}: tensor '{name}' has {info.ByteLength} bytes, more than a span can hold; read it with ReadTensor.");
        }

        return new ReadOnlySpan<byte>(_base + _header.DataStart + info.Begin, (int)info.ByteLength);
    }

    /// <summary>
    /// Copies <paramref name="name"/> into a new CPU tensor of its stored dtype and shape, converted to
    /// <paramref name="dtype"/> when one is given. The caller owns (and disposes) the tensor.
    /// </summary>
    public torch.Tensor ReadTensor(string name, torch.ScalarType? dtype = null)
    {
        var info = GetInfo(name);
        var tensor = TensorBytes.FromBytes(_base + _header.DataStart + info.Begin, info.ByteLength, info.DType.ToScalarType(), [.. info.Shape]);
        if (dtype is null || dtype == tensor.dtype)
        {
            return tensor;
        }

        using (tensor)
        {
            return tensor.to_type(dtype.Value);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _base = null;
        if (_view is not null)
        {
            _view.SafeMemoryMappedViewHandle.ReleasePointer();
            _view.Dispose();
        }

        _map?.Dispose();
    }
}
