namespace Sharpen.Tokenization;

/// <summary>Reads a tokenizer file whole; a missing file stays a <see cref="FileNotFoundException"/>, other I/O failures name the file.</summary>
internal static class TokenizerFile
{
    public static byte[] ReadAllBytes(string filePath)
    {
        try
        {
            return File.ReadAllBytes(filePath);
        }
        catch (FileNotFoundException)
        {
            throw;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerFormatException(filePath, $"cannot be read: {e.Message}", e);
        }
    }
}
