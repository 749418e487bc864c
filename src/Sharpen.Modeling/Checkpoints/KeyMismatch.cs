namespace Sharpen.Modeling.Checkpoints;

/// <summary>
/// Compares the tensor names a module expects with those a checkpoint holds, for strict loading: the answer lists the
/// missing and unexpected names (sorted, so messages are stable), or is null when the sets agree.
/// </summary>
public static class KeyMismatch
{
    /// <param name="expected">names the module needs</param>
    /// <param name="available">names the checkpoint holds</param>
    /// <param name="allowMissing">expected names that may be absent (e.g. LoRA adapters missing from a base checkpoint)</param>
    public static string? Describe(IEnumerable<string> expected, IEnumerable<string> available, Func<string, bool>? allowMissing = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(available);
        var need = expected.ToHashSet(StringComparer.Ordinal);
        var have = available.ToHashSet(StringComparer.Ordinal);
        var missing = need.Where(k => !have.Contains(k) && (allowMissing is null || !allowMissing(k))).Order(StringComparer.Ordinal).ToList();
        var unexpected = have.Where(k => !need.Contains(k)).Order(StringComparer.Ordinal).ToList();
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"missing keys: {string.Join(", ", missing)}");
        }

        if (unexpected.Count > 0)
        {
            parts.Add($"unexpected keys: {string.Join(", ", unexpected)}");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
