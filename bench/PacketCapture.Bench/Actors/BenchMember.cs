using System.Collections.Immutable;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using Microsoft.Data.Sqlite;
using PacketCapture.Actors;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Bench.Actors;

/// <summary>
/// A real one-member cluster (the embedded standalone config) on a SQLite journal in WAL mode, in a
/// temporary directory that is deleted on dispose.
/// </summary>
internal sealed class BenchMember : IAsyncDisposable
{
    public const string NodeName = "bench-node";

    public static readonly Requester By = new("bench", RequestSource.Cli);

    private readonly string _directory;

    /// <summary>PC_BENCH_HOCON: appended to every member's config (investigation runs).</summary>
    public static string ExtraHocon { get; } = Environment.GetEnvironmentVariable("PC_BENCH_HOCON") ?? "";

    private BenchMember(string directory, ActorSystem system, PacketCaptureSettings settings)
    {
        _directory = directory;
        System = system;
        Settings = settings;
    }

    public ActorSystem System { get; }

    public PacketCaptureSettings Settings { get; }

    /// <summary>The region and node agent, when started with endpoints.</summary>
    public CaptureMember? Capture { get; private set; }

    public string CaptureDirectory => Path.Combine(_directory, "captures");

    /// <summary>Starts the member; with <paramref name="endpoints"/> it also runs <see cref="CaptureMember"/>.</summary>
    public static async Task<BenchMember> StartAsync(string label, string extraHocon = "", IEndpointSource? endpoints = null, ICaptureSessionFactory? sessions = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"pc-bench-{label}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var connection = SqliteJournalFile.Prepare(Path.Combine(directory, "data", "packetcapture.db"));
        var config = ConfigurationFactory.ParseString($"""
            {SqliteJournalFile.Hocon(connection)}
            packetcapture.node.name = "{NodeName}"
            packetcapture.node.capture-dir = "{Path.Combine(directory, "captures")}"
            akka.loglevel = WARNING
            akka.log-dead-letters = off
            {extraHocon}
            {ExtraHocon}
            """).WithFallback(PacketCaptureConfig.Standalone);
        var system = ActorSystem.Create("bench", config);
        var cluster = Cluster.Get(system);
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        cluster.RegisterOnMemberUp(() => up.TrySetResult());
        cluster.Join(cluster.SelfAddress);
        await up.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var member = new BenchMember(directory, system, PacketCaptureSettings.FromConfig(config));
        if (endpoints is not null)
        {
            member.Capture = CaptureMember.Start(system, member.Settings, endpoints, sessions ?? throw new ArgumentNullException(nameof(sessions)));
        }

        return member;
    }

    public static PacketCaptureResource Resource(string ns, string name, string selector)
    {
        var result = ResourceReader.ReadSingle($"""
            apiVersion: projectcalico.org/v3
            kind: PacketCapture
            metadata:
              name: {name}
              namespace: {ns}
            spec:
              selector: "{selector}"
            """);
        return result.IsValid ? result.Resource! : throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    public static WorkloadEndpoint Endpoint(string pod, string iface, params (string Key, string Value)[] labels) =>
        new("bench", pod, pod, iface, labels.ToImmutableSortedDictionary(l => l.Key, l => l.Value, StringComparer.Ordinal));

    /// <summary>A node report that differs from <paramref name="i"/> − 1's in state and file name, so each is persisted.</summary>
    public static ReportNodeStatus Report(CaptureKey key, long generation, int i)
    {
        var state = i % 2 == 0 ? CaptureState.Capturing : CaptureState.WaitingForTraffic;
        var counters = new TrafficCounters(i, i * 100L, 0, 0);
        var status = new NodeStatus(
            NodeName,
            generation,
            "/var/log/calico/pcap",
            state,
            null,
            [$"pod-a_cali0123456789-{1_700_000_000_000_000L + i}.pcap"],
            [new EndpointStatus("pod-a", "cali0123456789", state, null, counters)],
            counters);
        return new ReportNodeStatus(key, status, Requester.ForNode(NodeName));
    }

    public static CaptureView Succeeded(CaptureReply reply) =>
        reply is CaptureSucceeded ok ? ok.View : throw new InvalidOperationException($"unexpected reply {reply}");

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (Capture is not null)
            {
                // The agent first: its status reports would otherwise keep reaching a region that is handing off.
                await Capture.NodeAgent.GracefulStop(TimeSpan.FromSeconds(30));
            }

            await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance);
            await System.WhenTerminated.WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_directory, recursive: true);
        }
    }
}
