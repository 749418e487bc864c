using Sharpen.Core.Text;
using Sharpen.Tokenization.HuggingFace;
using Sharpen.Tokenization.Pipeline;
using Sharpen.Tokenization.PostProcessors;
using Sharpen.Tokenization.SentencePiece;

namespace Sharpen.Tokenization;

/// <summary>
/// The one way the product obtains a tokenizer. A model folder is searched for <c>tokenizer.json</c> (preferred) or
/// a SentencePiece <c>tokenizer.model</c>; <c>tokenizer_config.json</c> and <c>generation_config.json</c> beside them
/// supply the special tokens, the BOS/EOS flags and the stop ids. Failures name the file and the problem.
/// </summary>
public static class TokenizerLoader
{
    /// <summary>File names looked for in a model folder.</summary>
    public const string TokenizerJsonFileName = "tokenizer.json";

    /// <inheritdoc cref="TokenizerJsonFileName"/>
    public const string SentencePieceFileName = "tokenizer.model";

    /// <inheritdoc cref="TokenizerJsonFileName"/>
    public const string TokenizerConfigFileName = "tokenizer_config.json";

    /// <inheritdoc cref="TokenizerJsonFileName"/>
    public const string GenerationConfigFileName = "generation_config.json";

    // Tokens that end a turn in common chat formats; those present in the vocabulary become stop ids.
    private static readonly string[] s_endOfTurnTokens =
        ["<|eot_id|>", "<|eom_id|>", "<|end_of_text|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>"];

    // EOS guesses for a tokenizer.json that comes without tokenizer_config.json.
    private static readonly string[] s_eosCandidates = ["</s>", "<|endoftext|>", "<|end_of_text|>", "<eos>"];

    // transformers tokenizer classes that rebuild their post-processor from add_bos_token/add_eos_token.
    private static readonly HashSet<string> s_flagDrivenClasses = new(StringComparer.Ordinal)
    {
        "LlamaTokenizer", "LlamaTokenizerFast", "CodeLlamaTokenizer", "CodeLlamaTokenizerFast",
        "GemmaTokenizer", "GemmaTokenizerFast",
    };

    /// <summary>Loads the tokenizer of a model folder (<c>tokenizer.json</c>, else <c>tokenizer.model</c>).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder holds neither tokenizer file.</exception>
    /// <exception cref="TokenizerFormatException">A file is malformed or uses an unsupported component.</exception>
    public static ITokenizer Load(string modelDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        if (!Directory.Exists(modelDirectory))
        {
            throw new DirectoryNotFoundException($"Model folder '{modelDirectory}' does not exist.");
        }

        var config = Sibling(modelDirectory, TokenizerConfigFileName);
        var generation = Sibling(modelDirectory, GenerationConfigFileName);
        var json = Path.Combine(modelDirectory, TokenizerJsonFileName);
        if (File.Exists(json))
        {
            return Build(TokenizerJsonReader.Read(json), config, generation);
        }

        var model = Path.Combine(modelDirectory, SentencePieceFileName);
        if (File.Exists(model))
        {
            return Build(SentencePieceModelReader.Read(model), config, generation);
        }

        throw new FileNotFoundException(
            $"Model folder '{modelDirectory}' has no tokenizer: expected {TokenizerJsonFileName} or {SentencePieceFileName}.", json);
    }

    /// <summary>Loads a Hugging Face <c>tokenizer.json</c>, optionally with its <c>tokenizer_config.json</c>.</summary>
    public static Tokenizer LoadTokenizerJson(string tokenizerJsonPath, string? tokenizerConfigPath = null)
    {
        RequireFile(tokenizerJsonPath);
        if (tokenizerConfigPath is not null)
        {
            RequireFile(tokenizerConfigPath);
        }

        return Build(TokenizerJsonReader.Read(tokenizerJsonPath), tokenizerConfigPath, generationConfigPath: null);
    }

    /// <summary>Loads a SentencePiece <c>tokenizer.model</c>, optionally with a <c>tokenizer_config.json</c>.</summary>
    public static Tokenizer LoadSentencePiece(string modelPath, string? tokenizerConfigPath = null)
    {
        RequireFile(modelPath);
        if (tokenizerConfigPath is not null)
        {
            RequireFile(tokenizerConfigPath);
        }

        return Build(SentencePieceModelReader.Read(modelPath), tokenizerConfigPath, generationConfigPath: null);
    }

    private static Tokenizer Build(TokenizerComponents parts, string? configPath, string? generationConfigPath)
    {
        var config = configPath is null ? null : TokenizerConfig.Read(configPath);
        if (config is not null)
        {
            var known = parts.AddedTokens.Select(t => t.Id).ToHashSet();
            parts.AddedTokens = [.. parts.AddedTokens, .. config.AddedTokens.Where(t => !known.Contains(t.Id))];
        }

        // A provisional tokenizer answers TokenToId over the model vocabulary and all added tokens.
        var lookup = new Tokenizer(parts, null, null, null, []);
        int? Resolve(string? token, string field) => token is null
            ? null
            : lookup.TokenToId(token) ?? throw new TokenizerFormatException(config!.FilePath, $"{field} '{token}' is not in the vocabulary");

        var bos = Resolve(config?.BosToken, "bos_token") ?? parts.DefaultBosId;
        var eos = Resolve(config?.EosToken, "eos_token") ?? parts.DefaultEosId
            ?? s_eosCandidates.Select(lookup.TokenToId).FirstOrDefault(id => id is not null);
        var pad = Resolve(config?.PadToken, "pad_token");
        Resolve(config?.UnkToken, "unk_token");

        if (parts.IsSentencePiece
            || (config is { TokenizerClass: { } cls } && s_flagDrivenClasses.Contains(cls) && (config.AddBosToken is not null || config.AddEosToken is not null)))
        {
            var addBos = config?.AddBosToken ?? true;
            var addEos = config?.AddEosToken ?? false;
            parts.PostProcessor = TemplatePostProcessor.BosEos(addBos ? bos : null, addEos ? eos : null);
        }

        var stops = new List<int>();
        if (eos is { } e)
        {
            stops.Add(e);
        }

        if (generationConfigPath is not null)
        {
            stops.AddRange(GenerationConfig.ReadEosTokenIds(generationConfigPath));
        }

        foreach (var token in s_endOfTurnTokens)
        {
            if (lookup.TokenToId(token) is { } id)
            {
                stops.Add(id);
            }
        }

        return new Tokenizer(parts, bos, eos, pad, stops.Distinct().ToArray());
    }

    private static string? Sibling(string directory, string fileName)
    {
        var path = Path.Combine(directory, fileName);
        return File.Exists(path) ? path : null;
    }

    private static void RequireFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Tokenizer file '{path}' does not exist.", path);
        }
    }
}
