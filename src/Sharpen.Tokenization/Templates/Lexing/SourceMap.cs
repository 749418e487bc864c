namespace Sharpen.Tokenization.Templates.Lexing;

/// <summary>Maps an offset in the template source to a 1-based line and column, for error messages.</summary>
internal sealed class SourceMap
{
    private readonly List<int> _lineStarts = [0];

    public SourceMap(string source)
    {
        for (var i = 0; i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                _lineStarts.Add(i + 1);
            }
        }
    }

    public (int Line, int Column) Locate(int position)
    {
        var index = _lineStarts.BinarySearch(Math.Max(position, 0));
        if (index < 0)
        {
            index = ~index - 1;
        }

        return (index + 1, position - _lineStarts[index] + 1);
    }
}
