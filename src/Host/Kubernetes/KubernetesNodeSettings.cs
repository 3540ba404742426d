using Akka.Configuration;
using PacketCapture.Host.Server;

namespace PacketCapture.Host.Kubernetes;

/// <summary>The <c>packetcapture.kubernetes-node</c> block (hocon/packetcapture.conf): pods of this node, seed discovery, access reviews.</summary>
/// <param name="InterfacePrefix">Prefix of the pods' host-side interfaces.</param>
/// <param name="SeedLabelSelector">Label selector of the member pods; empty: no seed discovery.</param>
/// <param name="SeedNamespace">Namespace of the member pods; empty: the pod's own.</param>
/// <param name="SeedRetryInterval">How long a member waits to be Up before it discovers again.</param>
/// <param name="ReviewTtl">How long an authenticated/allowed review answer is reused.</param>
/// <param name="ReviewNegativeTtl">How long an unknown/denied answer is reused.</param>
/// <param name="ReviewCacheSize">Most answers kept.</param>
public sealed record KubernetesNodeSettings(
    string InterfacePrefix,
    string SeedLabelSelector,
    string SeedNamespace,
    TimeSpan SeedRetryInterval,
    TimeSpan ReviewTtl,
    TimeSpan ReviewNegativeTtl,
    int ReviewCacheSize)
{
    private const string Path = "packetcapture.kubernetes-node";

    /// <summary>Where a pod finds its own namespace.</summary>
    public const string NamespaceFile = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

    /// <summary>The defaults of hocon/packetcapture.conf.</summary>
    public static KubernetesNodeSettings Default { get; } = new(
        CalicoInterfaceName.DefaultPrefix, "app.kubernetes.io/name=packetcapture", "", TimeSpan.FromSeconds(20),
        TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5), 10_000);

    /// <summary>Reads the block; every mistake is one line naming the key.</summary>
    /// <exception cref="ServerStartException">A value is out of range.</exception>
    public static KubernetesNodeSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var d = Default;
        try
        {
            var settings = new KubernetesNodeSettings(
                config.GetString($"{Path}.interface-prefix", d.InterfacePrefix),
                config.GetString($"{Path}.seed-label-selector", d.SeedLabelSelector) ?? "",
                config.GetString($"{Path}.seed-namespace", d.SeedNamespace) ?? "",
                config.GetTimeSpan($"{Path}.seed-retry-interval", d.SeedRetryInterval),
                config.GetTimeSpan($"{Path}.review-ttl", d.ReviewTtl),
                config.GetTimeSpan($"{Path}.review-negative-ttl", d.ReviewNegativeTtl),
                config.GetInt($"{Path}.review-cache-size", d.ReviewCacheSize));
            return settings.Check();
        }
        catch (Exception e) when (e is ConfigurationException or FormatException or InvalidCastException or OverflowException)
        {
            throw new ServerStartException($"configuration: {Path}: {e.Message.Split('\n', 2)[0].Trim()}", e);
        }
    }

    /// <summary>True when <see cref="EffectiveSeedNamespace"/> has something to go on (the setting, the namespace file or POD_NAMESPACE).</summary>
    public bool NamespaceKnown =>
        SeedNamespace.Length > 0 || File.Exists(NamespaceFile) || Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 };

    /// <summary>The namespace of the member pods: <see cref="SeedNamespace"/>, else the pod's own.</summary>
    /// <exception cref="ServerStartException">Neither is known.</exception>
    public string EffectiveSeedNamespace()
    {
        if (SeedNamespace.Length > 0)
        {
            return SeedNamespace;
        }

        try
        {
            if (File.Exists(NamespaceFile) && File.ReadAllText(NamespaceFile).Trim() is { Length: > 0 } own)
            {
                return own;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ServerStartException($"{NamespaceFile}: cannot read it ({e.Message}); set {Path}.seed-namespace");
        }

        return Environment.GetEnvironmentVariable("POD_NAMESPACE") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : throw new ServerStartException($"{Path}.seed-namespace: not set, and no {NamespaceFile} or POD_NAMESPACE to take the pod's own namespace from");
    }

    private KubernetesNodeSettings Check()
    {
        if (CalicoInterfaceName.PrefixProblem(InterfacePrefix) is { } problem)
        {
            throw new ServerStartException($"configuration: {Path}.interface-prefix: {problem}");
        }

        foreach (var (key, value) in new[] { ("seed-retry-interval", SeedRetryInterval), ("review-ttl", ReviewTtl), ("review-negative-ttl", ReviewNegativeTtl) })
        {
            if (value <= TimeSpan.Zero || value > TimeSpan.FromHours(1))
            {
                throw new ServerStartException($"configuration: {Path}.{key}: expected a duration above 0 and at most 1h, got {value}");
            }
        }

        return ReviewCacheSize is < 1 or > 1_000_000
            ? throw new ServerStartException($"configuration: {Path}.review-cache-size: expected 1 to 1000000, got {ReviewCacheSize}")
            : this;
    }
}
