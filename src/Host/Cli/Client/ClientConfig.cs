using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// The optional client config file (<c>~/.config/packetcapture/config.yaml</c>): defaults for
/// the connection that flags and environment variables override. Paths in it are relative
/// to the file's directory, as kubeconfig paths are.
/// </summary>
/// <param name="Path">Where it was read from, for messages.</param>
/// <param name="Server">Base URL of the server.</param>
/// <param name="Token">Bearer token.</param>
/// <param name="TokenFile">File holding the bearer token.</param>
/// <param name="CaCertificate">PEM file of the CA (or self-signed certificate) to trust.</param>
/// <param name="InsecureSkipTlsVerify">Accept any server certificate.</param>
public sealed record ClientConfig(
    string Path,
    string? Server = null,
    string? Token = null,
    string? TokenFile = null,
    string? CaCertificate = null,
    bool? InsecureSkipTlsVerify = null)
{
    private static readonly string[] Keys = ["server", "token", "tokenFile", "caCertificate", "insecureSkipTlsVerify"];

    /// <summary>Reads the config file's text; <paramref name="path"/> names it in errors and anchors relative paths.</summary>
    /// <exception cref="UserInputException">Not YAML, not a map, an unknown key or a value of the wrong type; the message names the file and key.</exception>
    public static ClientConfig Parse(string path, string text)
    {
        IReadOnlyList<DocumentNode> documents;
        try
        {
            documents = DocumentLoader.Load(text);
        }
        catch (DocumentFormatException e)
        {
            throw new UserInputException($"{path}: {e.Message}");
        }

        if (documents.Count == 0)
        {
            return new ClientConfig(path);
        }

        if (documents.Count > 1 || documents[0] is not MapNode map)
        {
            throw new UserInputException($"{path}: must be one map of settings ({string.Join(", ", Keys)})");
        }

        var config = new ClientConfig(path);
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)) ?? ".";
        foreach (var (key, value) in map.Entries)
        {
            config = key switch
            {
                "server" => config with { Server = Text(path, key, value) },
                "token" => config with { Token = Text(path, key, value) },
                "tokenFile" => config with { TokenFile = Relative(directory, Text(path, key, value)) },
                "caCertificate" => config with { CaCertificate = Relative(directory, Text(path, key, value)) },
                "insecureSkipTlsVerify" => config with { InsecureSkipTlsVerify = Flag(path, key, value) },
                _ => throw new UserInputException($"{path}: {key}: unknown setting (known: {string.Join(", ", Keys)})"),
            };
        }

        return config;
    }

    private static string? Text(string path, string key, DocumentNode value) => value switch
    {
        ScalarNode { Kind: ScalarKind.Null } => null,
        ScalarNode { Kind: ScalarKind.String } scalar when scalar.Text.Length > 0 => scalar.Text,
        ScalarNode { Kind: ScalarKind.String } => throw new UserInputException($"{path}: {key}: must not be empty"),
        _ => throw new UserInputException($"{path}: {key}: must be a string, got {value.Describe()}"),
    };

    private static bool? Flag(string path, string key, DocumentNode value) => value switch
    {
        ScalarNode { Kind: ScalarKind.Null } => null,
        ScalarNode { Kind: ScalarKind.Boolean } scalar => scalar.Text is "true" or "True" or "TRUE",
        _ => throw new UserInputException($"{path}: {key}: must be true or false, got {value.Describe()}"),
    };

    private static string? Relative(string directory, string? file) =>
        file is null ? null : System.IO.Path.Combine(directory, file);
}
