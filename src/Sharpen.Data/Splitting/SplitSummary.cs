namespace Sharpen.Data.Splitting;

/// <summary>One written split.</summary>
/// <param name="Name">File stem: train, validation or test.</param>
/// <param name="Count">Examples in it.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
public sealed record SplitInfo(string Name, int Count, string Sha256);

/// <summary>The splits <c>prepare</c> wrote and how they were made.</summary>
/// <param name="Splits">Each split in file order.</param>
/// <param name="Seed">The shuffle seed.</param>
/// <param name="Stratified">Whether labels drove the split.</param>
/// <param name="LeakageMoved">Examples moved so that duplicates of a prompt sit in one split only.</param>
public sealed record SplitSummary(IReadOnlyList<SplitInfo> Splits, ulong Seed, bool Stratified, int LeakageMoved);
