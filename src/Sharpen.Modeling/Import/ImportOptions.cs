namespace Sharpen.Modeling.Import;

/// <summary>How an importer treats the output folder and what it assumes where the source file is silent.</summary>
public sealed record ImportOptions
{
    /// <summary>Replace a non-empty output folder. Off by default so an import never destroys a model by accident.</summary>
    public bool Overwrite { get; init; }

    /// <summary>
    /// Whether the emitted <c>tokenizer.json</c> trims and collapses runs of spaces (SentencePiece's
    /// <c>remove_extra_whitespaces</c>). Null (the default) takes it from the source: GGUF's
    /// <c>tokenizer.ggml.remove_extra_whitespaces</c> or a <c>tokenizer.model</c>'s normalizer spec, and otherwise
    /// false, the way llama.cpp and llama2.c's <c>run.c</c> tokenise. stories260K's tok512 was trained with it on,
    /// which neither its GGUF nor its <c>tok512.bin</c> records: pass true to match the original tokenizer exactly.
    /// </summary>
    public bool? RemoveExtraWhitespaces { get; init; }
}
