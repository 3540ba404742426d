using Akka.Configuration;

namespace PacketCapture.Actors.Configuration;

/// <summary>Everything the actors read from the <c>packetcapture</c> HOCON block, parsed once.</summary>
/// <param name="Node">This member's capture settings.</param>
/// <param name="Entity">The capture entities' settings.</param>
public sealed record PacketCaptureSettings(NodeSettings Node, EntitySettings Entity)
{
    /// <summary>Reads <c>packetcapture.node</c> and <c>packetcapture.entity</c>; a missing key takes the
    /// default of <c>hocon/packetcapture.conf</c>, a wrong one throws naming the key.</summary>
    /// <exception cref="ConfigurationException">A key has a value out of range.</exception>
    public static PacketCaptureSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var all = config.WithFallback(PacketCaptureConfig.Defaults);
        var node = all.GetConfig("packetcapture.node");
        var entity = all.GetConfig("packetcapture.entity");
        var name = node.GetString("name", "");
        var settings = new PacketCaptureSettings(
            new NodeSettings
            {
                NodeName = NodeName(name),
                CaptureDirectory = node.GetString("capture-dir"),
                MaxSizeBytes = node.GetLong("max-size-bytes"),
                RotationInterval = node.GetTimeSpan("rotation-interval"),
                MaxFiles = node.GetInt("max-files"),
                BufferSizeBytes = node.GetInt("buffer-size-bytes"),
                StatusReportInterval = node.GetTimeSpan("status-report-interval"),
                CountersInterval = node.GetTimeSpan("counters-interval"),
            },
            new EntitySettings
            {
                SnapshotEvery = entity.GetInt("snapshot-every"),
                NumberOfShards = entity.GetInt("number-of-shards"),
            });
        settings.Validate();
        return settings;
    }

    private static string NodeName(string configured)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured.Trim();
        }

        var fromEnvironment = Environment.GetEnvironmentVariable("NODE_NAME");
        return string.IsNullOrWhiteSpace(fromEnvironment) ? Environment.MachineName : fromEnvironment.Trim();
    }

    private void Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Node.CaptureDirectory), "packetcapture.node.capture-dir", "is empty");
        Require(Node.MaxSizeBytes >= PacketCapture.Capture.CaptureSessionOptions.MinimumMaxSizeBytes, "packetcapture.node.max-size-bytes",
            $"must be at least {PacketCapture.Capture.CaptureSessionOptions.MinimumMaxSizeBytes}");
        Require(Node.RotationInterval > TimeSpan.Zero, "packetcapture.node.rotation-interval", "must be positive");
        Require(Node.MaxFiles >= 0, "packetcapture.node.max-files", "must not be negative");
        Require(Node.BufferSizeBytes > 0, "packetcapture.node.buffer-size-bytes", "must be positive");
        Require(Node.StatusReportInterval > TimeSpan.Zero, "packetcapture.node.status-report-interval", "must be positive");
        Require(Node.CountersInterval > TimeSpan.Zero, "packetcapture.node.counters-interval", "must be positive");
        Require(Entity.SnapshotEvery > 0, "packetcapture.entity.snapshot-every", "must be positive");
        Require(Entity.NumberOfShards > 0, "packetcapture.entity.number-of-shards", "must be positive");
    }

    private static void Require(bool ok, string key, string problem)
    {
        if (!ok)
        {
            throw new ConfigurationException($"{key} {problem}");
        }
    }
}

/// <summary>How this member captures (SPEC.md §5 node settings and defaults).</summary>
public sealed record NodeSettings
{
    /// <summary>This node's name in status <c>files</c> entries.</summary>
    public required string NodeName { get; init; }

    /// <summary>Base directory of capture files.</summary>
    public string CaptureDirectory { get; init; } = "/var/log/calico/pcap";

    /// <summary>A file is rotated before it would exceed this size.</summary>
    public long MaxSizeBytes { get; init; } = 10_000_000;

    /// <summary>A file holding at least one packet is rotated after this long.</summary>
    public TimeSpan RotationInterval { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>Rotated files kept per capture directory.</summary>
    public int MaxFiles { get; init; } = 2;

    /// <summary>libpcap's kernel buffer per interface.</summary>
    public int BufferSizeBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>State and file changes are coalesced and reported at most this often per capture.</summary>
    public TimeSpan StatusReportInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Counters are refreshed and reported this often while capturing.</summary>
    public TimeSpan CountersInterval { get; init; } = TimeSpan.FromSeconds(5);
}

/// <summary>How capture entities persist.</summary>
public sealed record EntitySettings
{
    /// <summary>A snapshot is saved after every this many events.</summary>
    public int SnapshotEvery { get; init; } = 100;

    /// <summary>Shards of the capture region (fixed for the life of a cluster).</summary>
    public int NumberOfShards { get; init; } = 100;
}
