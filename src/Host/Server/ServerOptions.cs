using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Host.Server;

/// <summary>
/// How <c>serve</c> (and the demo, and tests) start a member. Every value has the embedded
/// default: one member, SQLite and capture files under <c>./data</c>, the API on 127.0.0.1:8444,
/// endpoints from network-namespace discovery (and an endpoints file when given).
/// </summary>
public sealed record ServerOptions
{
    /// <summary>The default API address.</summary>
    public const string DefaultListen = "127.0.0.1:8444";

    /// <summary>Root of everything this member writes: <c>packetcapture.db</c> (journal),
    /// <c>pcap/</c> (capture files), <c>admin-token</c> (0600), <c>pods/</c> (netns labels files).</summary>
    public string DataDirectory { get; init; } = "data";

    /// <summary><c>host:port</c> of the HTTP API; port 0 picks a free port (see the running server's base address).</summary>
    public string Listen { get; init; } = DefaultListen;

    /// <summary>Extra HOCON laid over <c>hocon/standalone.conf</c>, or null.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>The token file (users, tokens, rules), or null: then only the generated admin token works.</summary>
    public string? TokenFile { get; init; }

    /// <summary>A YAML file of workload endpoints, watched for changes, or null.</summary>
    public string? EndpointsFile { get; init; }

    /// <summary>Where netns discovery reads pod labels files (<c>&lt;netns&gt;.yaml</c>); null means <c>&lt;data&gt;/pods</c>.</summary>
    public string? PodsDirectory { get; init; }

    /// <summary>This member's node name; null means <c>NODE_NAME</c>, then the host name.</summary>
    public string? NodeName { get; init; }

    /// <summary>Log format: <c>plain</c> or <c>json</c>.</summary>
    public string LogFormat { get; init; } = "plain";

    /// <summary>PEM certificate for TLS, or null for plain HTTP (loopback default).</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertificateFile"/>.</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>Where events and snapshots go: <c>sqlite</c> (the file under the data directory) or
    /// <c>postgres</c> (<see cref="PostgresConnectionString"/>, shared by every member of a cluster);
    /// null means postgres when a connection string is given, else sqlite.</summary>
    public string? Journal { get; init; }

    /// <summary>Npgsql connection string of the PostgreSQL journal, or null.</summary>
    public string? PostgresConnectionString { get; init; }

    /// <summary>Seed nodes to join (<c>akka.tcp://packetcapture@HOST:PORT</c>, the first may be this
    /// member); empty: join the seeds of the configuration, or else this member alone.</summary>
    public IReadOnlyList<string> Seeds { get; init; } = [];

    /// <summary>The address other members reach this one on (Akka remoting), or null: the configuration's (127.0.0.1).</summary>
    public string? RemoteHost { get; init; }

    /// <summary>The remoting port, or null: the configuration's (0: a free one, fine for a lone member).</summary>
    public int? RemotePort { get; init; }

    /// <summary>How to reach the Kubernetes API server, or null for a member without Kubernetes
    /// (no CRD watcher, no status writer). See docs/KUBERNETES.md.</summary>
    public KubernetesOptions? Kubernetes { get; init; }

    /// <summary>The journal file: <c>&lt;data&gt;/packetcapture.db</c>.</summary>
    public string JournalPath => Path.Combine(DataDirectory, "packetcapture.db");

    /// <summary>The capture directory: <c>&lt;data&gt;/pcap</c>.</summary>
    public string CaptureDirectory => Path.Combine(DataDirectory, "pcap");

    /// <summary>The generated admin token: <c>&lt;data&gt;/admin-token</c>, mode 0600.</summary>
    public string AdminTokenPath => Path.Combine(DataDirectory, "admin-token");

    /// <summary>The netns labels directory in effect.</summary>
    public string EffectivePodsDirectory => PodsDirectory ?? Path.Combine(DataDirectory, "pods");
}
