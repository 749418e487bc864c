namespace Sharpen.Training.Config;

/// <summary>One flat config value with where it came from, for error messages and resolving relative paths.</summary>
/// <param name="Text">the raw scalar</param>
/// <param name="Source">"file.yaml", "environment SHARPEN_X__Y" or "--set"</param>
/// <param name="BaseDirectory">what relative paths in this value are relative to</param>
internal sealed record ConfigValue(string Text, string Source, string BaseDirectory);
