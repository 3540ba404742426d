using Microsoft.Extensions.Logging;

namespace PacketCapture.Host.Kubernetes;

/// <summary>The log lines of the pod endpoint source, seed discovery and API access reviews.</summary>
internal static partial class KubernetesNodeLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    public static partial void PodProblem(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pods of node {Node}: {Count} endpoints")]
    public static partial void PodsListed(ILogger logger, string node, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Pod watch of node {Node}: resourceVersion expired (410), listing again")]
    public static partial void Relisting(ILogger logger, string node);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Pod watch of node {Node} failed ({Reason}); keeping the {Count} known endpoints, retrying in {Delay}")]
    public static partial void PodWatchFailed(ILogger logger, string node, string reason, int count, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Information, Message = "Seed discovery: joining {Seeds}")]
    public static partial void Joining(ILogger logger, string seeds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Seed discovery: {Reason}; retrying in {Delay}")]
    public static partial void DiscoveryFailed(ILogger logger, string reason, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kubernetes API server unreachable for an access review: {Reason}")]
    public static partial void ReviewUnavailable(ILogger logger, string reason);
}
