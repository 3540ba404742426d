namespace PacketCapture.Host.Cli.Client;

/// <summary>The connection flags as given on the command line; null when not given.</summary>
/// <param name="Server"><c>--server</c>.</param>
/// <param name="Token"><c>--token</c>.</param>
/// <param name="DataDirectory"><c>--data-dir</c>: where the local admin token is.</param>
/// <param name="ClientConfig"><c>--client-config</c>.</param>
/// <param name="CaCertificate"><c>--ca-cert</c>.</param>
/// <param name="InsecureSkipTlsVerify"><c>--insecure-skip-tls-verify</c>.</param>
public sealed record ConnectionFlags(
    string? Server = null,
    string? Token = null,
    string? DataDirectory = null,
    string? ClientConfig = null,
    string? CaCertificate = null,
    bool InsecureSkipTlsVerify = false);
