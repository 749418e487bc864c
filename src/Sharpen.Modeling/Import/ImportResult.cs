namespace Sharpen.Modeling.Import;

/// <summary>What an import wrote, for the CLI to report.</summary>
/// <param name="OutputDirectory">The Hugging Face-layout folder that now holds the model.</param>
/// <param name="Files">File names written into it, in ordinal order.</param>
/// <param name="ParameterCount">Total number of weights written (tied embeddings counted once).</param>
/// <param name="TiedEmbeddings">Whether the output head shares the embedding matrix (no <c>lm_head.weight</c>).</param>
/// <param name="Notes">Assumptions the importer had to make, worded for a user.</param>
public sealed record ImportResult(
    string OutputDirectory,
    IReadOnlyList<string> Files,
    long ParameterCount,
    bool TiedEmbeddings,
    IReadOnlyList<string> Notes);
