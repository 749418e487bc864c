using Sharpen.Hosting;

namespace Sharpen.Server;

/// <summary>Where <c>sharpen serve</c> listens and what it serves. Port 0 picks a free port (tests use it).</summary>
public sealed record ServerOptions
{
    /// <summary>Address to listen on: an IP address or <c>localhost</c>. Default 127.0.0.1 (this machine only).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 lets the system choose. Default 8000.</summary>
    public int Port { get; init; } = 8000;

    /// <summary>The application layer's options: data folder, models, limits.</summary>
    public required HostingOptions Hosting { get; init; }

    /// <summary>Log requests and errors to the console. Default true; tests turn it off.</summary>
    public bool ConsoleLogging { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> naming the option when a value is unusable.</summary>
    public void Validate()
    {
        if (Port is < 0 or > 65535)
        {
            throw new ArgumentException($"port: must be between 0 and 65535, got {Port}.");
        }

        if (string.IsNullOrWhiteSpace(Host) || (Host != "localhost" && !System.Net.IPAddress.TryParse(Host, out _)))
        {
            throw new ArgumentException($"host: '{Host}' is not an IP address or 'localhost'.");
        }

        Hosting.Validate();
    }
}
