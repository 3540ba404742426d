using System.Collections.Immutable;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Actors.Tests.Nodes;

internal static class NodeTestData
{
    public static DesiredCapture CaptureOf(
        string ns,
        string name,
        string selector,
        long generation = 1,
        DateTimeOffset? start = null,
        DateTimeOffset? end = null,
        bool deleted = false,
        long cleanEpoch = 0,
        int? port = null) =>
        new(
            new CaptureKey(ns, name),
            new PacketCaptureResource(
                new ObjectMeta { Name = name, Namespace = ns },
                new PacketCaptureSpec
                {
                    Selector = selector,
                    StartTime = start,
                    EndTime = end,
                    Filters = port is { } p
                        ? [new CaptureFilter { Protocol = Tcp(), Ports = [PortSpec.Single(p)] }]
                        : null,
                }),
            generation,
            deleted,
            cleanEpoch);

    private static CaptureProtocol Tcp() =>
        CaptureProtocol.TryFromName("TCP", out var tcp) ? tcp : throw new InvalidOperationException("TCP is a protocol name");

    public static WorkloadEndpoint Endpoint(string ns, string pod, string interfaceName, params (string Key, string Value)[] labels) =>
        new(ns, pod, pod, interfaceName, labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));

    public static PlannedCapture Planned(DesiredCapture capture) =>
        new(capture, capture.Deleted ? null : CapturePlan.For(capture.Resource));
}
