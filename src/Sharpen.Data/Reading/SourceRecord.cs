using System.Text.Json;

namespace Sharpen.Data.Reading;

/// <summary>
/// One raw record and where it starts. <see cref="Value"/> is only valid until the reader moves on (its document
/// is pooled and disposed); call <see cref="JsonElement.Clone"/> to keep it longer.
/// </summary>
internal readonly record struct SourceRecord(long Line, JsonElement Value);
