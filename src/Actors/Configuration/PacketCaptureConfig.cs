using System.Reflection;
using Akka.Configuration;

namespace PacketCapture.Actors.Configuration;

/// <summary>The HOCON every member starts from (<c>hocon/packetcapture.conf</c>, embedded in this assembly), and what an actor-API client loads.</summary>
public static class PacketCaptureConfig
{
    private static readonly Lazy<string> DefaultsText = new(() => Read("packetcapture.conf"));
    private static readonly Lazy<string> StandaloneText = new(() => Read("standalone.conf"));
    private static readonly Lazy<string> ClientText = new(() => Read("client.conf"));
    private static readonly Lazy<string> PostgresText = new(() => Read("postgres.conf"));

    // Each call parses a fresh Config: Akka's fallback chains recurse forever when the same
    // Config instance appears twice in one chain (a caller's config that already falls back to
    // the defaults, given the defaults again).

    /// <summary>The defaults (<c>hocon/packetcapture.conf</c>) with the serializer bindings.</summary>
    public static Config Defaults =>
        ConfigurationFactory.ParseString(DefaultsText.Value).WithFallback(Serialization.PacketCaptureSerializer.Configuration);

    /// <summary>The embedded one-member default (<c>hocon/standalone.conf</c>) over <see cref="Defaults"/>.</summary>
    public static Config Standalone => ConfigurationFactory.ParseString(StandaloneText.Value).WithFallback(Defaults);

    /// <summary>
    /// What an application using the actor message API loads (<c>hocon/client.conf</c> over
    /// <see cref="Defaults"/>): the cluster provider, the <c>client</c> role, the serializer
    /// bindings, the pub-sub settings and the number of shards its proxy must agree on. Add
    /// <c>akka.cluster.seed-nodes</c> on top (docs/ACTOR-API.md).
    /// </summary>
    public static Config Client => ConfigurationFactory.ParseString(ClientText.Value).WithFallback(Defaults);
    /// <summary>The journal, snapshots and read journal on PostgreSQL (<c>hocon/postgres.conf</c>, connection
    /// strings empty) over <see cref="Standalone"/>.</summary>
    public static Config Postgres => ConfigurationFactory.ParseString(PostgresText.Value).WithFallback(Standalone);

    private static string Read(string name)
    {
        var assembly = typeof(PacketCaptureConfig).Assembly;
        using var stream = assembly.GetManifestResourceStream($"PacketCapture.hocon.{name}")
            ?? throw new InvalidOperationException($"embedded hocon/{name} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
