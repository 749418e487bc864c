using System.Text;

namespace Sharpen.Training.Config;

/// <summary>Writes a config as YAML that <see cref="TrainingConfigBuilder"/> reads back to an equal record.</summary>
public static class TrainingConfigWriter
{
    public static string ToYaml(TrainingConfig config)
    {
        var builder = new StringBuilder();
        builder.Append("# Resolved by Sharpen: every default and auto value is explicit, so this file replays the run.\n");
        string? section = null;
        foreach (var (name, key, value) in TrainingConfigBinding.Flatten(config))
        {
            if (name != section)
            {
                builder.Append(name).Append(":\n");
                section = name;
            }

            builder.Append("  ").Append(key).Append(": ").Append(Quote(value)).Append('\n');
        }

        return builder.ToString();
    }

    private static string Quote(string value)
    {
        // Double-quoted YAML scalars: only backslash and quote need escaping for the values we write.
        var escaped = value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
        return $"\"{escaped}\"";
    }
}
