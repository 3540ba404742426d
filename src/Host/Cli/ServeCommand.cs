using System.CommandLine;
using PacketCapture.Host.Kubernetes;
using PacketCapture.Host.Server;

namespace PacketCapture.Host.Cli;

/// <summary>
/// <c>serve</c>: runs a cluster member with its HTTP API until SIGTERM or Ctrl-C. With no options it
/// is the embedded default: a one-member cluster, SQLite journal and capture files under
/// <c>./data</c>, the API on 127.0.0.1:8444, endpoints from network namespaces.
/// </summary>
public static class ServeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var dataDir = new Option<string>("--data-dir")
        {
            Description = "Where the journal (packetcapture.db), capture files (pcap/), the admin token and pod labels (pods/) live; created 0700 [env: PACKETCAPTURE_DATA]",
            DefaultValueFactory = _ => FromEnvironment("PACKETCAPTURE_DATA") ?? "data",
            HelpName = "DIR",
        };
        var listen = new Option<string>("--listen")
        {
            Description = "HOST:PORT of the HTTP API (an IP address or localhost; port 0 picks a free one) [env: PACKETCAPTURE_LISTEN]",
            DefaultValueFactory = _ => FromEnvironment("PACKETCAPTURE_LISTEN") ?? ServerOptions.DefaultListen,
            HelpName = "HOST:PORT",
        };
        var config = new Option<string?>("--config")
        {
            Description = "HOCON laid over the embedded hocon/standalone.conf; PC_<PATH> environment variables override it",
            HelpName = "FILE",
        };
        var tokens = new Option<string?>("--tokens")
        {
            Description = "Token file (YAML: users, tokens, rules); without it only the generated admin token works",
            HelpName = "FILE",
        };
        var endpoints = new Option<string?>("--endpoints")
        {
            Description = "YAML file of workload endpoints, watched for changes (in addition to network-namespace discovery)",
            HelpName = "FILE",
        };
        var podsDir = new Option<string?>("--pods-dir")
        {
            Description = "Where network-namespace pods' labels files (<netns>.yaml) are read (default: DATA/pods)",
            HelpName = "DIR",
        };
        var node = new Option<string?>("--node")
        {
            Description = "This member's node name in status 'files' entries (default: NODE_NAME, else the host name)",
            HelpName = "NAME",
        };
        var logFormat = new Option<string>("--log-format")
        {
            Description = "Log lines on standard output: plain (one line per entry) or json",
            DefaultValueFactory = _ => "plain",
            HelpName = "plain|json",
        };
        logFormat.AcceptOnlyFromAmong("plain", "json");
        var tlsCert = new Option<string?>("--tls-cert")
        {
            Description = "PEM certificate: serve the API over HTTPS (needs --tls-key)",
            HelpName = "FILE",
        };
        var tlsKey = new Option<string?>("--tls-key")
        {
            Description = "PEM private key of --tls-cert",
            HelpName = "FILE",
        };

        var journal = new Option<string?>("--journal")
        {
            Description = "Where events and snapshots go: sqlite (DATA/packetcapture.db, one member) or postgres (--postgres, shared by a cluster); default postgres when --postgres is given [env: PC_JOURNAL]",
            DefaultValueFactory = _ => FromEnvironment("PC_JOURNAL"),
            HelpName = "sqlite|postgres",
        };
        journal.AcceptOnlyFromAmong("sqlite", "postgres");
        var postgres = new Option<string?>("--postgres")
        {
            Description = "Npgsql connection string of the PostgreSQL journal, e.g. \"Host=db;Database=packetcapture;Username=pc;Password=...\" [env: PC_POSTGRES]",
            DefaultValueFactory = _ => FromEnvironment("PC_POSTGRES"),
            HelpName = "CONNECTION",
        };
        var seeds = new Option<string[]>("--seed")
        {
            Description = "A seed member to join, akka.tcp://packetcapture@HOST:PORT (repeatable; the first may be this member); none: a one-member cluster [env: PC_SEEDS, comma-separated]",
            DefaultValueFactory = _ => FromEnvironment("PC_SEEDS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
            HelpName = "ADDRESS",
            AllowMultipleArgumentsPerToken = false,
        };
        var remoteHost = new Option<string?>("--remote-host")
        {
            Description = "The address other members reach this one on (default 127.0.0.1) [env: PC_REMOTE_HOST]",
            DefaultValueFactory = _ => FromEnvironment("PC_REMOTE_HOST"),
            HelpName = "HOST",
        };
        var remotePort = new Option<int?>("--remote-port")
        {
            Description = "Cluster (remoting) port; a seed needs a fixed one (default 0: a free port) [env: PC_REMOTE_PORT]",
            DefaultValueFactory = _ => int.TryParse(FromEnvironment("PC_REMOTE_PORT"), out var port) ? port : null,
            HelpName = "PORT",
        };
        var kubernetes = new Option<bool>("--kubernetes")
        {
            Description = "Watch PacketCapture resources in the Kubernetes API server and write their status back; inside a pod the in-cluster configuration is used (docs/KUBERNETES.md)",
        };
        var kubeApi = new Option<string?>("--kube-api")
        {
            Description = "URL of the Kubernetes API server instead of the in-cluster configuration (implies --kubernetes; tests and development)",
            HelpName = "URL",
        };
        var kubeTokenFile = new Option<string?>("--kube-token-file")
        {
            Description = "File holding the bearer token for --kube-api",
            HelpName = "FILE",
        };

        var command = new Command("serve",
            "Run a PacketCapture member and its HTTP API until SIGTERM or Ctrl-C (then captures stop, files are closed, the journal is left consistent). The admin token is written to DATA/admin-token (0600) on first start.")
        {
            dataDir, listen, config, tokens, endpoints, podsDir, node, logFormat, tlsCert, tlsKey,
            journal, postgres, seeds, remoteHost, remotePort,
            kubernetes, kubeApi, kubeTokenFile,
        };

        // A synchronous action on purpose: System.CommandLine then installs no SIGTERM/Ctrl-C
        // handler of its own, and the host's console lifetime runs the clean shutdown.
        command.SetAction(r => Run(new ServerOptions
        {
            DataDirectory = r.GetValue(dataDir)!,
            Listen = r.GetValue(listen)!,
            ConfigFile = r.GetValue(config),
            TokenFile = r.GetValue(tokens),
            EndpointsFile = r.GetValue(endpoints),
            PodsDirectory = r.GetValue(podsDir),
            NodeName = r.GetValue(node),
            LogFormat = r.GetValue(logFormat)!,
            TlsCertificateFile = r.GetValue(tlsCert),
            TlsKeyFile = r.GetValue(tlsKey),
            Journal = r.GetValue(journal),
            PostgresConnectionString = r.GetValue(postgres),
            Seeds = r.GetValue(seeds) ?? [],
            RemoteHost = r.GetValue(remoteHost),
            RemotePort = r.GetValue(remotePort),
            Kubernetes = KubernetesFlags(r.GetValue(kubernetes), r.GetValue(kubeApi), r.GetValue(kubeTokenFile)),
        }));
        return command;
    }

    /// <summary>Serves until stopped; returns the exit code.</summary>
    /// <exception cref="UserInputException">An option, file or address is wrong.</exception>
    public static int Run(ServerOptions options)
    {
        RunningServer server;
        try
        {
            server = PacketCaptureServer.StartAsync(options).GetAwaiter().GetResult();
        }
        catch (ServerStartException e)
        {
            throw new UserInputException(e.Message);
        }

        server.Stopped.GetAwaiter().GetResult();
        return ExitCodes.Ok;
    }

    // Any Kubernetes flag turns the mode on; the factory checks the combination when the server starts.
    private static KubernetesOptions? KubernetesFlags(bool kubernetes, string? apiUrl, string? tokenFile) =>
        kubernetes || apiUrl is not null || tokenFile is not null
            ? new KubernetesOptions { ApiUrl = apiUrl, TokenFile = tokenFile }
            : null;

    private static string? FromEnvironment(string name) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
