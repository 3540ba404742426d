namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// Resolves the connection from flags, environment and the config file, in that order of
/// precedence (kubectl's): <c>--server</c> &gt; <c>PACKETCAPTURE_SERVER</c> &gt; config
/// <c>server</c> &gt; <see cref="ConnectionSettings.DefaultServer"/>; <c>--token</c> &gt;
/// <c>PACKETCAPTURE_TOKEN</c> &gt; config <c>token</c>/<c>tokenFile</c> &gt; the local admin
/// token <c>&lt;data-dir&gt;/admin-token</c>. Pure: the environment is a function, the
/// config already read.
/// </summary>
public static class ConnectionResolver
{
    /// <summary>Server URL variable.</summary>
    public const string ServerVariable = "PACKETCAPTURE_SERVER";

    /// <summary>Bearer token variable.</summary>
    public const string TokenVariable = "PACKETCAPTURE_TOKEN";

    /// <summary>Data directory variable (shared with <c>serve</c>).</summary>
    public const string DataVariable = "PACKETCAPTURE_DATA";

    /// <summary>Client config file variable.</summary>
    public const string ConfigVariable = "PACKETCAPTURE_CONFIG";

    /// <summary>
    /// Which config file to read: <c>--client-config</c> &gt; <c>PACKETCAPTURE_CONFIG</c> &gt;
    /// <c>~/.config/packetcapture/config.yaml</c>. <c>Required</c> is false only for the
    /// default location, which may well not exist.
    /// </summary>
    public static (string? Path, bool Required) ConfigFile(ConnectionFlags flags, Func<string, string?> environment, string? home)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(environment);
        if (flags.ClientConfig is { } given)
        {
            return (given, true);
        }

        if (NonEmpty(environment(ConfigVariable)) is { } fromEnvironment)
        {
            return (fromEnvironment, true);
        }

        return string.IsNullOrEmpty(home) ? (null, false) : (Path.Combine(home, ".config", "packetcapture", "config.yaml"), false);
    }

    /// <summary>The settings in effect.</summary>
    /// <exception cref="UserInputException">The server URL in effect is not an http(s) URL; the message names where it came from.</exception>
    public static ConnectionSettings Resolve(ConnectionFlags flags, Func<string, string?> environment, ClientConfig? config)
    {
        ArgumentNullException.ThrowIfNull(flags);
        ArgumentNullException.ThrowIfNull(environment);
        var (serverText, serverOrigin) =
            flags.Server is { } s ? (s, "--server")
            : NonEmpty(environment(ServerVariable)) is { } e ? (e, ServerVariable)
            : config?.Server is { } c ? (c, $"{config.Path}: server")
            : (ConnectionSettings.DefaultServer, "the default server");

        return new ConnectionSettings(
            ServerUrl(serverText, serverOrigin),
            Token(flags, environment, config),
            flags.CaCertificate ?? config?.CaCertificate,
            flags.InsecureSkipTlsVerify || config?.InsecureSkipTlsVerify == true);
    }

    /// <summary>Parses a server URL: absolute http or https, no query; a path is kept as a prefix.</summary>
    /// <exception cref="UserInputException">Not such a URL.</exception>
    public static Uri ServerUrl(string text, string origin)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https") || string.IsNullOrEmpty(url.Host))
        {
            throw new UserInputException($"{origin}: \"{text}\" is not an http:// or https:// URL (e.g. {ConnectionSettings.DefaultServer})");
        }

        if (url.Query.Length > 0 || url.Fragment.Length > 0 || url.UserInfo.Length > 0)
        {
            throw new UserInputException($"{origin}: \"{text}\" must be a base URL without credentials, query or fragment");
        }

        // A trailing slash makes relative API paths append to a path prefix instead of replacing it.
        return url.AbsolutePath.EndsWith('/') ? url : new Uri(url.GetLeftPart(UriPartial.Path) + "/");
    }

    private static TokenSource Token(ConnectionFlags flags, Func<string, string?> environment, ClientConfig? config)
    {
        if (flags.Token is { } token)
        {
            return new TokenSource(token, null, "--token");
        }

        if (NonEmpty(environment(TokenVariable)) is { } fromEnvironment)
        {
            return new TokenSource(fromEnvironment, null, TokenVariable);
        }

        if (config?.Token is { } configured)
        {
            return new TokenSource(configured, null, $"{config.Path}: token");
        }

        if (config?.TokenFile is { } file)
        {
            return new TokenSource(null, file, $"{config.Path}: tokenFile");
        }

        var data = flags.DataDirectory ?? NonEmpty(environment(DataVariable)) ?? ConnectionSettings.DefaultDataDirectory;
        var adminToken = Path.Combine(data, "admin-token");
        return new TokenSource(null, adminToken, $"the local admin token {adminToken}", Optional: true);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
