using Xunit;
using System.Collections.Immutable;
using Akka.Configuration;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Tests.Entity;

/// <summary>Configuration and sample data for capture entity tests.</summary>
internal static class EntityFixture
{
    public static readonly Requester Alice = new("alice", RequestSource.Cli);

    public static Config Config(int snapshotEvery = 100) => ConfigurationFactory.ParseString($"""
        {FailingJournal.Config}
        akka.scheduler.implementation = "Akka.TestKit.TestScheduler, Akka.TestKit"
        akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
        akka.remote.dot-netty.tcp.port = 0
        akka.loglevel = WARNING
        packetcapture.entity.snapshot-every = {snapshotEvery}
        """).WithFallback(PacketCaptureConfig.Defaults);

    public static PacketCaptureResource Resource(
        string name, DateTimeOffset? start = null, DateTimeOffset? end = null, string selector = "app == 'web'", int port = 80)
    {
        var times = (start is { } s ? $"\n  startTime: \"{Rfc3339.Format(s)}\"" : "")
            + (end is { } e ? $"\n  endTime: \"{Rfc3339.Format(e)}\"" : "");
        var result = ResourceReader.ReadSingle($"""
            apiVersion: projectcalico.org/v3
            kind: PacketCapture
            metadata:
              name: {name}
              namespace: shop
            spec:
              selector: "{selector}"
              filters:
                - protocol: TCP
                  ports: [{port}]{times}
            """);
        Assert.True(result.IsValid, string.Join("; ", result.Errors));
        return result.Resource!;
    }

    public static NodeStatus Node(
        string node, long generation, CaptureState state, long packets = 0, params string[] files) =>
        new(node, generation, "/var/log/calico/pcap", state, state == CaptureState.Error ? "web-1/cali1: failed" : null,
            [.. files.Order(StringComparer.Ordinal)],
            [new EndpointStatus("web-1", "cali1", state, null, new TrafficCounters(packets, packets * 100, 0, 0))],
            new TrafficCounters(packets, packets * 100, 0, 0));

    public static ImmutableArray<string> FileNames(CaptureView view, string node) =>
        view.Resource.Status!.Files.Single(f => f.Node == node).FileNames;
}
