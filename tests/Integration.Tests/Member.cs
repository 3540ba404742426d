using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using PacketCapture.Actors;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Integration.Tests;

/// <summary>A real one-member cluster on loopback: sharding, SQLite journal file, libpcap sessions.</summary>
internal sealed class Member : IAsyncDisposable
{
    public static readonly Requester Tester = new("tester", RequestSource.Cli);

    private Member(ActorSystem system, CaptureMember capture, PacketCaptureSettings settings)
    {
        System = system;
        Capture = capture;
        Settings = settings;
    }

    public ActorSystem System { get; }

    public CaptureMember Capture { get; }

    public PacketCaptureSettings Settings { get; }

    public static async Task<Member> StartAsync(string databasePath, string captureDirectory, IEndpointSource endpoints)
    {
        var connection = SqliteJournalFile.Prepare(databasePath);
        var config = ConfigurationFactory.ParseString($"""
            {SqliteJournalFile.Hocon(connection)}
            packetcapture.node.name = "node-a"
            packetcapture.node.capture-dir = "{captureDirectory}"
            packetcapture.node.status-report-interval = 100ms
            packetcapture.node.counters-interval = 1s
            akka.loglevel = WARNING
            """).WithFallback(PacketCaptureConfig.Standalone);
        var system = ActorSystem.Create("member", config);
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var settings = PacketCaptureSettings.FromConfig(config);
        return new Member(system, CaptureMember.Start(system, settings, endpoints, LibpcapSessionFactory.Instance), settings);
    }

    public CaptureReply Ask(ICaptureCommand command) =>
        Capture.Captures.Ask<CaptureReply>(command, TimeSpan.FromSeconds(20)).GetAwaiter().GetResult();

    public CaptureView Apply(PacketCaptureResource resource) =>
        Ask(new ApplyCapture(resource, Tester)) switch
        {
            CaptureSucceeded ok => ok.View,
            CaptureRejected no => throw new Xunit.Sdk.XunitException($"apply refused: {no.Reason}: {no.Message}"),
            var other => throw new Xunit.Sdk.XunitException($"unexpected reply {other}"),
        };

    public CaptureView? View(string ns, string name) =>
        Ask(new GetCapture(new CaptureKey(ns, name), Tester)) as CaptureSucceeded is { } ok ? ok.View : null;

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
        await System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
    }
}
