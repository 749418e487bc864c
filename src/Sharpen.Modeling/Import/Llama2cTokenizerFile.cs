using System.Buffers.Binary;
using System.Text;
using Sharpen.Modeling.Checkpoints;

namespace Sharpen.Modeling.Import;

/// <summary>
/// llama2.c's <c>tokenizer.bin</c> (written by its <c>tokenizer.py</c> export): i32 max token length, then per token
/// f32 score, i32 byte length, UTF-8 bytes. The export replaced SentencePiece's <c>▁</c> with a space and wrapped BOS/EOS
/// as <c>"\n&lt;s&gt;\n"</c> / <c>"\n&lt;/s&gt;\n"</c>; both are undone here. The file stores no token count (it comes
/// from the checkpoint) and no types; llama2.c fixes unk/bos/eos at 0/1/2.
/// </summary>
internal static class Llama2cTokenizerFile
{
    public static SentencePieceVocabulary Read(string path, int vocabSize, bool removeExtraWhitespaces)
    {
        var bytes = File.ReadAllBytes(path);
        var position = 0;
        int ReadInt32(string what)
        {
            if (bytes.Length - position < 4)
            {
                throw new CheckpointFormatException(path, $"truncated at offset {position} while reading {what} ({bytes.Length} bytes in the file, {vocabSize} tokens expected).");
            }

            var value = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position));
            position += 4;
            return value;
        }

        var maxLength = ReadInt32("the max token length");
        if (maxLength <= 0 || maxLength > 1 << 16)
        {
            throw new CheckpointFormatException(path, $"max token length {maxLength} at offset 0 is implausible; this is not a llama2.c tokenizer.bin.");
        }

        var strict = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var pieces = new string[vocabSize];
        var scores = new float[vocabSize];
        for (var i = 0; i < vocabSize; i++)
        {
            scores[i] = BitConverter.Int32BitsToSingle(ReadInt32($"the score of token {i}"));
            var length = ReadInt32($"the length of token {i}");
            if (length < 0 || length > bytes.Length - position)
            {
                throw new CheckpointFormatException(path, $"token {i} at offset {position - 4} claims {length} bytes, but only {bytes.Length - position} remain.");
            }

            string text;
            try
            {
                text = strict.GetString(bytes, position, length);
            }
            catch (DecoderFallbackException ex)
            {
                throw new CheckpointFormatException(path, $"token {i} at offset {position} is not valid UTF-8.", ex);
            }

            position += length;
            pieces[i] = text switch
            {
                "\n<s>\n" => "<s>",
                "\n</s>\n" => "</s>",
                _ => text.Replace(' ', '▁'),
            };
        }

        if (position != bytes.Length)
        {
            throw new CheckpointFormatException(path, $"{bytes.Length - position} bytes remain after {vocabSize} tokens; the tokenizer does not match the checkpoint's vocabulary size.");
        }

        const int unk = 0, bos = 1, eos = 2;
        var types = new SentencePieceTokenType[vocabSize];
        for (var i = 0; i < vocabSize; i++)
        {
            types[i] = SentencePieceVocabulary.InferType(pieces[i], i, unk, bos, eos);
        }

        return new SentencePieceVocabulary(pieces, scores, types, unk, bos, eos, null, AddBos: true, AddEos: false, AddDummyPrefix: true, removeExtraWhitespaces);
    }
}
