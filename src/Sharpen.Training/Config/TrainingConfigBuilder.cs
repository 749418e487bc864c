using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sharpen.Training.Config;

/// <summary>
/// Layers config sources in the order the architecture fixes — YAML file, then <c>SHARPEN_*</c> environment
/// variables, then <c>--set key=value</c> overrides (later wins) — and binds and validates the result at the edge.
/// Keys are flat dotted paths (<c>training.learning_rate</c>); an environment variable names one as
/// <c>SHARPEN_TRAINING__LEARNING_RATE</c> (double underscore between section and key, case-insensitive), so variables
/// without a double underscore (like <c>SHARPEN_SHARED_DIR</c>) are left alone.
/// Relative paths resolve against the YAML file's folder for file values and the current folder otherwise.
/// </summary>
public sealed class TrainingConfigBuilder
{
    private const string EnvironmentPrefix = "SHARPEN_";
    private readonly Dictionary<string, ConfigValue> _values = new(StringComparer.Ordinal);
    private readonly List<string> _errors = [];

    /// <summary>Adds the keys of a YAML file (nested mappings of scalars).</summary>
    public TrainingConfigBuilder AddYamlFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Training config '{path}' does not exist.", path);
        }

        var full = Path.GetFullPath(path);
        return AddYaml(File.ReadAllText(full), full, Path.GetDirectoryName(full)!);
    }

    /// <summary>Adds the keys of YAML <paramref name="text"/>; <paramref name="sourceName"/> appears in errors.</summary>
    public TrainingConfigBuilder AddYaml(string text, string sourceName, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(text);
        var stream = new YamlStream();
        try
        {
            using var reader = new StringReader(text);
            stream.Load(reader);
        }
        catch (YamlException ex)
        {
            throw new TrainingConfigException([$"{sourceName}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML ({ex.Message})."]);
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return this;
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new TrainingConfigException([$"{sourceName}: the top level must be a mapping of sections (model:, data:, training: ...)."]);
        }

        Flatten(root, "", sourceName, baseDirectory);
        return this;
    }

    /// <summary>Adds <c>SHARPEN_SECTION__KEY</c> variables from <paramref name="environment"/>.</summary>
    public TrainingConfigBuilder AddEnvironment(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) || !name.Contains("__", StringComparison.Ordinal))
            {
                continue;
            }

            var key = name[EnvironmentPrefix.Length..].Replace("__", ".", StringComparison.Ordinal).ToLowerInvariant();
            _values[key] = new ConfigValue(value, $"environment {name}", Directory.GetCurrentDirectory());
        }

        return this;
    }

    /// <summary>Adds the process environment's <c>SHARPEN_SECTION__KEY</c> variables.</summary>
    public TrainingConfigBuilder AddProcessEnvironment()
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            variables[(string)entry.Key] = entry.Value as string ?? "";
        }

        return AddEnvironment(variables);
    }

    /// <summary>Applies CLI-style <c>key=value</c> overrides, e.g. <c>training.learning_rate=3e-5</c>.</summary>
    public TrainingConfigBuilder ApplyOverrides(IEnumerable<string> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        foreach (var assignment in overrides)
        {
            var equals = assignment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                _errors.Add($"--set '{assignment}': expected key=value, e.g. training.learning_rate=2e-5.");
                continue;
            }

            var key = assignment[..equals].Trim();
            _values[key] = new ConfigValue(assignment[(equals + 1)..].Trim(), "--set", Directory.GetCurrentDirectory());
        }

        return this;
    }

    /// <summary>Binds and validates; throws <see cref="TrainingConfigException"/> listing every problem with its key path.</summary>
    public TrainingConfig Build()
    {
        var errors = new List<string>(_errors);
        var config = TrainingConfigBinding.Bind(_values, errors);
        if (errors.Count == 0)
        {
            errors.AddRange(TrainingConfigValidator.Validate(config));
        }

        return errors.Count > 0 ? throw new TrainingConfigException(errors) : config;
    }

    private void Flatten(YamlMappingNode mapping, string prefix, string sourceName, string baseDirectory)
    {
        foreach (var (keyNode, valueNode) in mapping.Children)
        {
            var key = prefix + ((keyNode as YamlScalarNode)?.Value ?? "");
            switch (valueNode)
            {
                case YamlMappingNode child:
                    Flatten(child, key + ".", sourceName, baseDirectory);
                    break;
                case YamlScalarNode scalar:
                    _values[key] = new ConfigValue(scalar.Value ?? "", sourceName, baseDirectory);
                    break;
                default:
                    _errors.Add($"{key}: expected a single value in {sourceName} (line {valueNode.Start.Line}), found a list.");
                    break;
            }
        }
    }
}
