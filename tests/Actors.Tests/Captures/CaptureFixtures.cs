using System.Collections.Immutable;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>A fixed clock, a capture, and builders for its resources, events and states.</summary>
internal static class CaptureFixtures
{
    public static readonly CaptureKey Key = new("shop", "web-capture");

    /// <summary>The fixed "now" every test decides at.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static readonly Requester Alice = new("alice", RequestSource.Cli);

    public static readonly Requester Bob = new("bob", RequestSource.Api);

    public const string NodeA = "node-a";

    public const string NodeB = "node-b";

    public static PacketCaptureResource Resource(
        DateTimeOffset? start = null,
        DateTimeOffset? end = null,
        string selector = "app == 'web'",
        ImmutableSortedDictionary<string, string>? labels = null,
        string? uid = null) =>
        new(new ObjectMeta
            {
                Name = Key.Name,
                Namespace = Key.Namespace,
                Labels = labels ?? ImmutableSortedDictionary<string, string>.Empty,
                Uid = uid,
            },
            new PacketCaptureSpec { Selector = selector, StartTime = start, EndTime = end });

    public static ImmutableSortedDictionary<string, string> Labels(params (string Key, string Value)[] pairs) =>
        pairs.ToImmutableSortedDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>The resource as the rules store it: no status, generation and creation time set.</summary>
    public static PacketCaptureResource Stored(PacketCaptureResource resource, long generation, DateTimeOffset created) =>
        resource with
        {
            Status = null,
            Metadata = resource.Metadata with { Generation = generation, CreationTimestamp = created },
        };

    public static CaptureAggregate Given(params ICaptureEvent[] events) =>
        events.Aggregate(CaptureAggregate.Empty(Key), (state, e) => state.Apply(e));

    /// <summary>Folds a decision's events into the state, one by one.</summary>
    public static CaptureAggregate Then(this CaptureAggregate state, Decision decision) =>
        decision.Events.Aggregate(state, (s, e) => s.Apply(e));

    public static Decision Decide(this CaptureAggregate state, ICaptureCommand command, DateTimeOffset? at = null) =>
        CaptureRules.Decide(state, command, at ?? Now);

    public static CaptureCreated Created(PacketCaptureResource resource, long generation = 1, int incarnation = 1, DateTimeOffset? at = null) =>
        new(Key, Stored(resource, generation, at ?? Now.AddHours(-3)), generation, incarnation, at ?? Now.AddHours(-3), Alice);

    public static CaptureSpecChanged SpecChanged(PacketCaptureResource resource, long generation, DateTimeOffset? at = null) =>
        new(Key, Stored(resource, generation, Now.AddHours(-3)), generation, at ?? Now.AddHours(-2), Alice);

    public static CaptureStarted Started(long generation = 1, DateTimeOffset? at = null) =>
        new(Key, generation, at ?? Now.AddHours(-3), Requester.System);

    public static CaptureEnded Ended(long generation = 1, DateTimeOffset? at = null) =>
        new(Key, generation, at ?? Now.AddHours(-1), Requester.System);

    public static CaptureDeleted Deleted(DateTimeOffset? at = null) => new(Key, at ?? Now.AddMinutes(-30), Alice);

    public static CaptureFilesCleaned Cleaned(long epoch) => new(Key, epoch, Now.AddMinutes(-20), Alice);

    public static NodeStatus Node(string node, CaptureState state, long generation = 1, params string[] files) =>
        Node(node, state, generation, TrafficCounters.Zero, files);

    public static NodeStatus Node(string node, CaptureState state, long generation, TrafficCounters counters, params string[] files) =>
        new(node, generation, "/var/log/calico/pcap", state, state == CaptureState.Error ? "open cali1234567890a: no such device" : null,
            [.. files],
            [new EndpointStatus("web-0", "cali1234567890a", state, null, counters)],
            counters);

    public static NodeStateReported Reported(NodeStatus status, DateTimeOffset? at = null) =>
        new(Key, status, at ?? Now.AddHours(-2), Requester.ForNode(status.Node));

    public static NodeFileRotation Rotation(string node, string file, long generation = 1) =>
        new(node, generation, "web-0", "cali1234567890a", file, 1000, 10);

    public static CaptureFileRotated Rotated(NodeFileRotation rotation) =>
        new(Key, rotation, Now.AddHours(-1), Requester.ForNode(rotation.Node));

    public static IEnumerable<string> Names(this Decision decision) => decision.Events.Select(e => e.GetType().Name);
}

/// <summary>The capture in each state the decider can leave it in, built by applying events.</summary>
internal static class CaptureStates
{
    public const string NotCreated = nameof(NotCreated);
    public const string Scheduled = nameof(Scheduled);
    public const string Running = nameof(Running);
    public const string Ended = nameof(Ended);
    public const string Deleted = nameof(Deleted);

    public static IReadOnlyList<string> All { get; } = [NotCreated, Scheduled, Running, Ended, Deleted];

    public static CaptureAggregate Get(string name) => name switch
    {
        NotCreated => CaptureFixtures.Given(),

        // startTime an hour ahead: nothing opened yet.
        Scheduled => CaptureFixtures.Given(
            CaptureFixtures.Created(CaptureFixtures.Resource(start: CaptureFixtures.Now.AddHours(1)))),

        // Open-ended, one node waiting for traffic and one capturing.
        Running => CaptureFixtures.Given(
            CaptureFixtures.Created(CaptureFixtures.Resource()),
            CaptureFixtures.Started(),
            CaptureFixtures.Reported(CaptureFixtures.Node(CaptureFixtures.NodeA, CaptureState.WaitingForTraffic)),
            CaptureFixtures.Reported(CaptureFixtures.Node(CaptureFixtures.NodeB, CaptureState.Capturing, 1, "web-0_cali1234567890a.pcap"))),

        // endTime an hour ago; both nodes stopped and kept their files.
        Ended => CaptureFixtures.Given(
            CaptureFixtures.Created(CaptureFixtures.Resource(end: CaptureFixtures.Now.AddHours(-1))),
            CaptureFixtures.Started(),
            CaptureFixtures.Reported(CaptureFixtures.Node(CaptureFixtures.NodeA, CaptureState.Capturing, 1, "web-0_cali1234567890a.pcap")),
            CaptureFixtures.Ended(),
            CaptureFixtures.Reported(CaptureFixtures.Node(CaptureFixtures.NodeA, CaptureState.Finished, 1, "web-0_cali1234567890a.pcap"), CaptureFixtures.Now.AddMinutes(-50)),
            CaptureFixtures.Reported(CaptureFixtures.Node(CaptureFixtures.NodeB, CaptureState.Finished), CaptureFixtures.Now.AddMinutes(-50))),

        Deleted => CaptureFixtures.Given(
            CaptureFixtures.Created(CaptureFixtures.Resource()),
            CaptureFixtures.Started(),
            CaptureFixtures.Reported(CaptureFixtures.Node(CaptureFixtures.NodeA, CaptureState.Capturing, 1, "web-0_cali1234567890a.pcap")),
            CaptureFixtures.Deleted()),

        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such state"),
    };
}
