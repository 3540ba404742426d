using System.CommandLine;

namespace PacketCapture.Host.Cli.Client;

/// <summary>The options every command that talks to a server takes, and the client they make.</summary>
public sealed class ConnectionOptions
{
    /// <summary>Longest wait for an answer's headers (a download's body is not bounded by it).</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    private readonly Option<string?> _server = new("--server", "-s")
    {
        Description = $"Base URL of the server (default: ${ConnectionResolver.ServerVariable}, the config file's 'server', then {ConnectionSettings.DefaultServer})",
        HelpName = "URL",
    };

    private readonly Option<string?> _token = new("--token")
    {
        Description = $"Bearer token (default: ${ConnectionResolver.TokenVariable}, the config file's 'token'/'tokenFile', then the local admin token DATA/admin-token)",
        HelpName = "TOKEN",
    };

    private readonly Option<string?> _dataDirectory = new("--data-dir")
    {
        Description = $"Data directory of a local 'serve', where its admin token is (default: ${ConnectionResolver.DataVariable}, then ./{ConnectionSettings.DefaultDataDirectory})",
        HelpName = "DIR",
    };

    private readonly Option<string?> _clientConfig = new("--client-config")
    {
        Description = $"Client config file (YAML: server, token, tokenFile, caCertificate, insecureSkipTlsVerify; default: ${ConnectionResolver.ConfigVariable}, then ~/.config/packetcapture/config.yaml if present)",
        HelpName = "FILE",
    };

    private readonly Option<string?> _caCertificate = new("--ca-cert")
    {
        Description = "PEM file of the CA (or the self-signed certificate) that signed the server's TLS certificate",
        HelpName = "FILE",
    };

    private readonly Option<bool> _insecure = new("--insecure-skip-tls-verify")
    {
        Description = "Accept any TLS certificate from the server (testing only: anyone in the path can read the token)",
    };

    /// <summary>Adds the options to <paramref name="command"/>.</summary>
    public ConnectionOptions AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(_server);
        command.Options.Add(_token);
        command.Options.Add(_dataDirectory);
        command.Options.Add(_clientConfig);
        command.Options.Add(_caCertificate);
        command.Options.Add(_insecure);
        return this;
    }

    /// <summary>The flags as given.</summary>
    public ConnectionFlags Flags(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new ConnectionFlags(
            result.GetValue(_server), result.GetValue(_token), result.GetValue(_dataDirectory),
            result.GetValue(_clientConfig), result.GetValue(_caCertificate), result.GetValue(_insecure));
    }

    /// <summary>Resolves the settings from flags, this process's environment and the config file, and makes the client.</summary>
    /// <exception cref="UserInputException">A setting, the config file, the token file or the CA file is wrong.</exception>
    public ApiClient CreateClient(ParseResult result)
    {
        var flags = Flags(result);
        var (path, required) = ConnectionResolver.ConfigFile(flags, Environment.GetEnvironmentVariable, Environment.GetEnvironmentVariable("HOME"));
        ClientConfig? config = null;
        if (path is not null && (required || File.Exists(path)))
        {
            config = ClientConfig.Parse(path, InputText.Read(path));
        }

        return new ApiClient(ConnectionResolver.Resolve(flags, Environment.GetEnvironmentVariable, config), RequestTimeout);
    }
}
