using System.Text;
using Sharpen.Tokenization.PreTokenizers;

namespace Sharpen.Tokenization.Decoders;

/// <summary>
/// Maps <see cref="ByteLevelAlphabet"/> characters back to bytes and decodes them as UTF-8, with U+FFFD for invalid
/// sequences (a generation cut inside a character). Characters outside the table pass through as their own UTF-8.
/// </summary>
internal sealed class ByteLevelDecoder : ITokenDecoder
{
    public List<string> DecodeChain(List<string> tokens)
    {
        var bytes = new List<byte>();
        Span<byte> buffer = stackalloc byte[4];
        foreach (var token in tokens)
        {
            foreach (var c in token)
            {
                if (ByteLevelAlphabet.TryToByte(c, out var b))
                {
                    bytes.Add(b);
                }
                else
                {
                    var written = Encoding.UTF8.GetBytes([c], buffer);
                    for (var i = 0; i < written; i++)
                    {
                        bytes.Add(buffer[i]);
                    }
                }
            }
        }

        return [Encoding.UTF8.GetString([.. bytes])];
    }
}
