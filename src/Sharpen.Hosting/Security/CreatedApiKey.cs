namespace Sharpen.Hosting.Security;

/// <summary>A freshly created key and its secret, which is shown once and cannot be recovered later.</summary>
public sealed record CreatedApiKey(ApiKey Key, string Secret);
