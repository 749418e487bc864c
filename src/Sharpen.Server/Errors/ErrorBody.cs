namespace Sharpen.Server.Errors;

/// <summary>OpenAI's error envelope, <c>{"error": {"message", "type", "param", "code"}}</c>; the SDKs parse exactly this.</summary>
internal sealed record ErrorEnvelope(ErrorBody Error);

/// <summary>The inside of <see cref="ErrorEnvelope"/>; <see cref="Param"/> names the request field at fault.</summary>
internal sealed record ErrorBody(string Message, string Type, string? Param, string? Code);
