using System.Text;
using Akka.Actor;
using Akka.Configuration;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Server;

/// <summary>
/// What <c>serve</c>'s cluster options add to the member's HOCON: the journal (SQLite or PostgreSQL),
/// remoting address, seed nodes, and the node-name role (<see cref="NodeRoles"/>).
/// </summary>
internal static class ClusterConfiguration
{
    /// <summary>The actor system's name: every member and seed address must use it.</summary>
    public const string SystemName = "packetcapture";

    private const string JournalKey = "akka.persistence.journal.sql";
    private const string SnapshotKey = "akka.persistence.snapshot-store.sql";
    private const string QueryKey = "akka.persistence.query.journal.sql";

    /// <summary>The embedded base: <c>postgres.conf</c> over <c>standalone.conf</c> for a PostgreSQL journal, else standalone.</summary>
    /// <exception cref="ServerStartException">--journal names neither.</exception>
    public static Config Base(ServerOptions options) =>
        JournalOf(options) switch
        {
            "postgres" => PacketCaptureConfig.Postgres,
            "sqlite" => PacketCaptureConfig.Standalone,
            var other => throw new ServerStartException($"--journal {other}: expected sqlite or postgres"),
        };

    /// <summary>True when the composed layers put the journal on PostgreSQL (by --journal, or a --config naming it).</summary>
    public static bool IsPostgres(Config layers) =>
        layers.GetString($"{JournalKey}.provider-name", "").StartsWith("PostgreSQL", StringComparison.Ordinal);

    /// <summary>HOCON for remoting, seeds and the PostgreSQL connection; checks each value and, for PostgreSQL,
    /// that the database answers.</summary>
    /// <exception cref="ServerStartException">A seed, address or connection string is wrong, or PostgreSQL is unreachable.</exception>
    public static string Hocon(ServerOptions options, Config layers)
    {
        var own = new StringBuilder();
        if (options.RemoteHost is { } host)
        {
            if (string.IsNullOrWhiteSpace(host) || host.Any(c => char.IsWhiteSpace(c) || c is '/' or '@'))
            {
                throw new ServerStartException($"--remote-host '{host}': expected a host name or IP address");
            }

            own.Append("akka.remote.dot-netty.tcp.hostname = ").Append(HoconText.Quote(host.Trim())).Append('\n');
        }

        if (options.RemotePort is { } port)
        {
            if (port is < 0 or > 65535)
            {
                throw new ServerStartException($"--remote-port {port}: expected 0-65535");
            }

            own.Append("akka.remote.dot-netty.tcp.port = ").Append(port).Append('\n');
        }

        if (options.Seeds.Count > 0)
        {
            own.Append("akka.cluster.seed-nodes = [")
                .AppendJoin(", ", options.Seeds.Select(s => HoconText.Quote(Seed(s))))
                .Append("]\n");
        }

        if (IsPostgres(layers))
        {
            var connection = options.PostgresConnectionString ?? layers.GetString($"{JournalKey}.connection-string", "");
            if (string.IsNullOrWhiteSpace(connection))
            {
                throw new ServerStartException("--postgres: a PostgreSQL connection string is required with --journal postgres (or set PC_POSTGRES)");
            }

            PostgresCheck.EnsureReachable(connection);
            var quoted = HoconText.Quote(connection);
            foreach (var key in new[] { JournalKey, SnapshotKey, QueryKey })
            {
                own.Append(key).Append(".connection-string = ").Append(quoted).Append('\n');
            }
        }

        return own.ToString();
    }

    /// <summary>Adds this member's node role to the roles the configuration already gives.</summary>
    public static Config WithNodeRole(Config config, string nodeName)
    {
        var roles = config.GetStringList("akka.cluster.roles", []).Append(NodeRoles.For(nodeName)).Distinct(StringComparer.Ordinal);
        var text = "akka.cluster.roles = [" + string.Join(", ", roles.Select(HoconText.Quote)) + "]";
        return ConfigurationFactory.ParseString(text).WithFallback(config);
    }

    private static string JournalOf(ServerOptions options) =>
        options.Journal?.Trim().ToLowerInvariant() ?? (options.PostgresConnectionString is null ? "sqlite" : "postgres");

    private static string Seed(string seed)
    {
        var text = seed.Trim();
        if (!Address.TryParse(text, out var address) || address is null ||
            address.Protocol != "akka.tcp" || address.Host is null || address.Port is null or <= 0)
        {
            throw new ServerStartException($"--seed {seed}: expected akka.tcp://{SystemName}@HOST:PORT");
        }

        if (address.System != SystemName)
        {
            throw new ServerStartException($"--seed {seed}: the actor system is '{SystemName}', not '{address.System}'");
        }

        return address.ToString();
    }
}
