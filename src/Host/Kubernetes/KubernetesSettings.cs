using Akka.Configuration;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Host.Kubernetes;

/// <summary>The <c>packetcapture.kubernetes</c> HOCON block (hocon/packetcapture.conf), parsed once.</summary>
public sealed record KubernetesSettings
{
    /// <summary>Role of the members that may run the watcher and status writer singletons; empty for any member.</summary>
    public string SingletonRole { get; init; } = "capture";

    /// <summary>Reconnect backoff after a failed list or watch.</summary>
    public WatchBackoff Backoff { get; init; } = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(30));

    /// <summary>Server-side timeout asked for each watch.</summary>
    public TimeSpan WatchTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Full relist period.</summary>
    public TimeSpan ResyncInterval { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How long an apply or delete may take.</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>At most one status patch per capture per this interval.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Attempts of one status patch before it is given up.</summary>
    public int StatusAttempts { get; init; } = 5;

    /// <summary>Reads <c>packetcapture.kubernetes</c>; a missing key takes the embedded default.</summary>
    /// <exception cref="ConfigurationException">A value is out of range (the message names the key).</exception>
    public static KubernetesSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var k = config.WithFallback(PacketCaptureConfig.Defaults).GetConfig("packetcapture.kubernetes");
        var min = Positive(k, "backoff-min");
        var max = Positive(k, "backoff-max");
        if (max < min)
        {
            throw new ConfigurationException("packetcapture.kubernetes.backoff-max: must not be below backoff-min");
        }

        var attempts = k.GetInt("status-attempts");
        if (attempts < 1)
        {
            throw new ConfigurationException("packetcapture.kubernetes.status-attempts: must be at least 1");
        }

        return new KubernetesSettings
        {
            SingletonRole = k.GetString("singleton-role", "").Trim(),
            Backoff = new WatchBackoff(min, max),
            WatchTimeout = Positive(k, "watch-timeout"),
            ResyncInterval = Positive(k, "resync-interval"),
            CommandTimeout = Positive(k, "command-timeout"),
            StatusInterval = Positive(k, "status-interval"),
            StatusAttempts = attempts,
        };
    }

    private static TimeSpan Positive(Config config, string key)
    {
        var value = config.GetTimeSpan(key);
        return value > TimeSpan.Zero ? value : throw new ConfigurationException($"packetcapture.kubernetes.{key}: must be positive");
    }
}
