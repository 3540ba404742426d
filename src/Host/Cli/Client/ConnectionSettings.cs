namespace PacketCapture.Host.Cli.Client;

/// <summary>Where the server is, how to prove who we are, and which certificates to trust.</summary>
/// <param name="Server">Base URL, ending in <c>/</c>.</param>
/// <param name="Token">Where the bearer token comes from.</param>
/// <param name="CaCertificate">PEM file to trust, or null for the system's roots.</param>
/// <param name="InsecureSkipTlsVerify">Accept any server certificate.</param>
public sealed record ConnectionSettings(Uri Server, TokenSource Token, string? CaCertificate, bool InsecureSkipTlsVerify)
{
    /// <summary>The server used when nothing else names one (what <c>serve</c> listens on by default).</summary>
    public const string DefaultServer = "http://127.0.0.1:8444";

    /// <summary>The data directory <c>serve</c> uses by default, holding <c>admin-token</c>.</summary>
    public const string DefaultDataDirectory = "data";

    /// <summary>The server URL as users write it (no trailing slash), for messages.</summary>
    public string ServerText => Server.GetLeftPart(UriPartial.Path).TrimEnd('/');
}

/// <summary>
/// A bearer token: given as a value, or a file to read it from. <see cref="Optional"/> marks
/// the local admin token, used only when present (a remote server needs no local file).
/// </summary>
/// <param name="Value">The token itself, or null.</param>
/// <param name="File">The file holding it, or null.</param>
/// <param name="Origin">Where it came from, for messages: <c>--token</c>, a variable, a file.</param>
/// <param name="Optional">A missing file means "no token" rather than an error.</param>
public sealed record TokenSource(string? Value, string? File, string Origin, bool Optional = false);
