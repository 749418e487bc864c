namespace Sharpen.Hosting.Jobs;

/// <summary>A job request was refused: <see cref="Param"/> names the field at fault (a 400 at the HTTP edge).</summary>
public sealed class InvalidJobRequestException(string message, string? param, string code) : Exception(message)
{
    public string? Param { get; } = param;

    public string Code { get; } = code;
}

/// <summary>A job cannot do what was asked in its current state (a 409 at the HTTP edge).</summary>
public sealed class JobStateException(string message) : Exception(message);
