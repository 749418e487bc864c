using System.Security.Cryptography;

namespace Sharpen.Hosting.Storage;

/// <summary>
/// Public ids in OpenAI's shape: a prefix and 24 random base-62 characters (about 143 bits), so ids cannot be guessed
/// or enumerated and carry no order (the stores page by an internal sequence instead).
/// </summary>
internal static class ResourceIds
{
    private const string Alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

    public static string New(string prefix, int length = 24) =>
        prefix + RandomNumberGenerator.GetString(Alphabet, length);
}
