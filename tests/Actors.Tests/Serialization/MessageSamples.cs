using System.Collections.Immutable;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Files;
using PacketCapture.Actors.Model;
using Xunit;

namespace PacketCapture.Actors.Tests.Serialization;

/// <summary>One or more rich samples of every PacketCapture message, by a readable name
/// (the test case name in the runner).</summary>
internal static class MessageSamples
{
    public static readonly CaptureKey Key = new("prod", "web.capture");

    public static readonly DateTimeOffset AtPlusTwo = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.FromHours(2)).AddTicks(1_234_567);
    public static readonly DateTimeOffset AtMinusFive = new(2026, 11, 25, 3, 30, 15, TimeSpan.FromHours(-5));
    public static readonly DateTimeOffset AtUtc = new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(500);
    public static readonly DateTimeOffset AtPlusFiveThirty = new(2026, 12, 1, 23, 59, 59, new TimeSpan(5, 30, 0));

    public static readonly Requester Cli = new("alice", RequestSource.Cli);
    public static readonly Requester Api = new("bob@example.com", RequestSource.Api);
    public static readonly Requester Kubernetes = new("system:serviceaccount:calico:watcher", RequestSource.Kubernetes);
    public static readonly Requester NodeA = Requester.ForNode("node-a");
    public static readonly Requester System = Requester.System;
    public static readonly Requester Client = new("reporting-app", RequestSource.Client);

    /// <summary>Every field of metadata and spec set: labels, annotations with a line break and
    /// non-ASCII text, filters by name and by number, single ports and ranges, times with offsets.</summary>
    public static readonly PacketCaptureResource Full = new(
        new ObjectMeta
        {
            Name = "web.capture",
            Namespace = "prod",
            Uid = "3f1c8a2e-5b7d-4c1e-9a0f-1234567890ab",
            ResourceVersion = "42",
            Generation = 3,
            CreationTimestamp = AtPlusTwo,
            Labels = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["team"] = "net",
                ["app.kubernetes.io/name"] = "web",
                ["empty"] = "",
            }),
            Annotations = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
            {
                ["note"] = "line one\nline two, \"quoted\" — naïve ünïcode",
                ["example.com/ticket"] = "INC-1234",
            }),
        },
        new PacketCaptureSpec
        {
            Selector = "app in {\"web\", \"api\"} && !has(canary)",
            Filters =
            [
                new CaptureFilter { Protocol = Protocol("TCP"), Ports = [PortSpec.Single(80), PortSpec.Range(8000, 8080), PortSpec.Range(443, 443)] },
                new CaptureFilter { Protocol = CaptureProtocol.FromNumber(17), Ports = [PortSpec.Single(53)] },
                new CaptureFilter { Protocol = Protocol("ICMPv6") },
                new CaptureFilter { Ports = [PortSpec.Range(1, 65535)] },
                new CaptureFilter(),
            ],
            StartTime = AtMinusFive,
            EndTime = AtPlusFiveThirty,
        });

    /// <summary>Only a name: no labels, no filters (absent, not empty), no times.</summary>
    public static readonly PacketCaptureResource Minimal = new(new ObjectMeta { Name = "bare" }, new PacketCaptureSpec());

    /// <summary><c>filters: []</c> written explicitly, which is not the same as no filters.</summary>
    public static readonly PacketCaptureResource EmptyFilters = Minimal with
    {
        Metadata = new ObjectMeta { Name = "web.capture", Namespace = "prod", Generation = 7 },
        Spec = new PacketCaptureSpec { Filters = [], Selector = "" },
    };

    /// <summary>The resource as a view shows it: with status, entries with and without optional fields.</summary>
    public static readonly PacketCaptureResource WithStatus = Full with
    {
        Status = new PacketCaptureStatus
        {
            Files =
            [
                new PacketCaptureFiles
                {
                    Node = "node-a",
                    Directory = "/var/log/calico/pcap",
                    FileNames = ["web-0_cali0123456789a-1764064800000000.pcap", "web-0_cali0123456789a.pcap"],
                    State = CaptureState.Capturing,
                },
                new PacketCaptureFiles { Node = "node-b" },
                new PacketCaptureFiles { Node = "node-c", Directory = "/data/pcap", State = CaptureState.Error },
            ],
        },
    };

    public static readonly NodeStatus NodeA_Capturing = new(
        "node-a",
        3,
        "/var/log/calico/pcap",
        CaptureState.Capturing,
        null,
        ["web-0_cali0123456789a-1764064800000000.pcap", "web-0_cali0123456789a.pcap", "web-1_calibbbbbbbbbbb.pcap"],
        [
            new EndpointStatus("web-0", "cali0123456789a", CaptureState.Capturing, null, new TrafficCounters(1_000, 1_500_000, 3, 1)),
            new EndpointStatus("web-1", "calibbbbbbbbbbb", CaptureState.Finished, "interface calibbbbbbbbbbb went away", new TrafficCounters(10, 900, 0, 0)),
            new EndpointStatus("web-2", "caliccccccccccc", CaptureState.WaitingForTraffic, null, TrafficCounters.Zero),
        ],
        new TrafficCounters(1_010, 1_500_900, 3, 1));

    public static readonly NodeStatus NodeB_Error = new(
        "node-b",
        3,
        "/data/pcap",
        CaptureState.Error,
        "cali0123456789b: not enough disk space: 1200 bytes free, 30000000 needed",
        [],
        [new EndpointStatus("api-0", "cali0123456789b", CaptureState.Error, "not enough disk space", TrafficCounters.Zero)],
        TrafficCounters.Zero);

    public static readonly NodeStatus NodeC_Scheduled = new(
        "node-c", 2, "/var/log/calico/pcap", CaptureState.Scheduled, null, [], [], new TrafficCounters(long.MaxValue, 0, 0, 0));

    public static readonly NodeFileRotation Rotation = new(
        "node-a", 3, "web-0", "cali0123456789a", "web-0_cali0123456789a-1764064800000000.pcap", 10_000_000, 61_234);

    /// <summary>Every sample, by a unique name that starts with its manifest.</summary>
    public static readonly IReadOnlyDictionary<string, IPacketCaptureMessage> All = new Dictionary<string, IPacketCaptureMessage>
    {
        ["cap-created (full resource, cli)"] = new CaptureCreated(Key, Full, 3, 2, AtPlusTwo, Cli),
        ["cap-created (minimal resource, kubernetes)"] = new CaptureCreated(new CaptureKey("default", "bare"), Minimal, 1, 1, AtUtc, Kubernetes),
        ["cap-spec-changed (empty filters, api)"] = new CaptureSpecChanged(Key, EmptyFilters, 7, AtMinusFive, Api),
        ["cap-deleted (kubernetes)"] = new CaptureDeleted(Key, AtPlusFiveThirty, Kubernetes),
        ["cap-started (system)"] = new CaptureStarted(Key, 3, AtUtc, System),
        ["cap-ended (api)"] = new CaptureEnded(Key, 4, AtMinusFive, Api),
        ["node-state (endpoints and counters)"] = new NodeStateReported(Key, NodeA_Capturing, AtPlusTwo, NodeA),
        ["node-state (error with reason)"] = new NodeStateReported(Key, NodeB_Error, AtUtc, Requester.ForNode("node-b")),
        ["file-rotated"] = new CaptureFileRotated(Key, Rotation, AtPlusTwo, NodeA),
        ["files-cleaned"] = new CaptureFilesCleaned(Key, 2, AtUtc, Cli),
        ["node-lost (left)"] = new NodeLost(Key, "node-a", CaptureState.Error, "node node-a left the cluster at 2026-11-26T00:00:00.5Z; last state Capturing", AtUtc, System),
        ["node-lost (finished, downed)"] = new NodeLost(Key, "node-b", CaptureState.Finished,
            "node node-b became unreachable and was removed from the cluster at 2026-11-25T10:00:00.1234567+02:00; last state Finished", AtPlusTwo, System),
        ["cmd-apply (full resource)"] = new ApplyCapture(Full, Cli),
        ["cmd-apply (resource with status)"] = new ApplyCapture(WithStatus, Kubernetes),
        ["cmd-apply (create only)"] = new ApplyCapture(Full, Cli, ApplyMode.CreateOnly),
        ["cmd-apply (update only)"] = new ApplyCapture(Full, Cli, ApplyMode.UpdateOnly),
        ["cmd-delete"] = new DeleteCapture(Key, Api),
        ["cmd-clean"] = new CleanCaptureFiles(Key, Cli),
        ["cmd-node-status"] = new ReportNodeStatus(Key, NodeA_Capturing, NodeA),
        ["cmd-file-rotated"] = new ReportFileRotated(Key, Rotation, NodeA),
        ["cmd-boundary (start)"] = new ReachScheduleBoundary(Key, ScheduleBoundary.Start, System),
        ["cmd-boundary (end)"] = new ReachScheduleBoundary(Key, ScheduleBoundary.End, System),
        ["qry-get"] = new GetCapture(Key, Api),
        ["cmd-node-lost (left)"] = new ReportNodeLost(Key, "node-a", NodeDeparture.Left, System),
        ["cmd-node-lost (downed)"] = new ReportNodeLost(Key, "node-b", NodeDeparture.Downed, System),
        ["rep-ok (view with status and nodes)"] = new CaptureSucceeded(
            new CaptureView(Key, WithStatus, CaptureState.Error, false, [NodeA_Capturing, NodeB_Error, NodeC_Scheduled])),
        ["rep-ok (deleted, no nodes)"] = new CaptureSucceeded(new CaptureView(Key, EmptyFilters, CaptureState.Finished, true, [])),
        ["rep-rejected (NotFound)"] = new CaptureRejected(Key, RejectionReason.NotFound, "prod/web.capture does not exist"),
        ["rep-rejected (Invalid)"] = new CaptureRejected(Key, RejectionReason.Invalid, "spec.filters[0].ports[0]: port 0 is out of range"),
        ["rep-rejected (Conflict)"] = new CaptureRejected(Key, RejectionReason.Conflict, "generation 2 is stale; the capture is at 3"),
        ["rep-rejected (Forbidden)"] = new CaptureRejected(Key, RejectionReason.Forbidden, "node-b is Capturing; clean needs every node Finished"),
        ["rep-rejected (Unavailable)"] = new CaptureRejected(Key, RejectionReason.Unavailable, "journal: connection refused"),
        ["qry-list (all namespaces, client)"] = new ListCaptures(null, Client),
        ["qry-list (one namespace)"] = new ListCaptures("prod", Api),
        ["rep-list (sorted keys)"] = new CaptureList([new CaptureKey("default", "bare"), Key, new CaptureKey("prod", "zeta")]),
        ["rep-list (empty)"] = new CaptureList([]),
        ["pub-status (view with status and nodes)"] = new CaptureStatusChanged(
            new CaptureView(Key, WithStatus, CaptureState.Capturing, false, [NodeA_Capturing, NodeB_Error, NodeC_Scheduled])),
        ["pub-status (deleted)"] = new CaptureStatusChanged(new CaptureView(Key, EmptyFilters, CaptureState.Finished, true, [])),
        ["files-list (several nodes)"] = new ListCaptureFiles(
            Key, [new NodeFileNames("node-a", ["web-0_cali0123456789a-1764064800000000.pcap", "web-0_cali0123456789a.pcap"]), new NodeFileNames("node-b", [])]),
        ["files-list (no nodes)"] = new ListCaptureFiles(Key, []),
        ["files-listing (files)"] = new CaptureFileListing(
            Key, "node-b", [new ListedCaptureFile("api-0_cali0123456789b.pcap", 209_715_200, AtPlusTwo), new ListedCaptureFile("api-0_cali0123456789b-1764064800000000.pcap", 0, AtUtc)]),
        ["files-listing (none)"] = new CaptureFileListing(Key, "node-c", []),
        ["files-open"] = new OpenCaptureFile(Key, "api-0_cali0123456789b.pcap"),
        ["files-rejected"] = new CaptureFileRejected(Key, "api-0_cali0123456789b.pcap", "api-0_cali0123456789b.pcap of prod/web.capture is gone from node node-b"),
        ["desired"] = new DesiredCapture(Key, Full, 3, false, 0),
        ["desired (deleted, cleaned)"] = new DesiredCapture(Key, EmptyFilters, 7, true, 4),
        ["snap-state (empty)"] = CaptureAggregate.Empty(Key),
        ["snap-state (running, nodes)"] = new CaptureAggregate
        {
            Key = Key,
            Resource = Full,
            Generation = 3,
            Incarnation = 2,
            Deleted = false,
            Phase = CapturePhase.Running,
            CleanEpoch = 1,
            Nodes = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, NodeStatus>
            {
                ["node-b"] = NodeB_Error,
                ["node-a"] = NodeA_Capturing,
                ["node-c"] = NodeC_Scheduled,
            }),
            EventCount = 1_234,
        },
        ["snap-state (a lost node)"] = new CaptureAggregate
        {
            Key = Key,
            Resource = Full,
            Generation = 3,
            Incarnation = 1,
            Phase = CapturePhase.Running,
            Nodes = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, NodeStatus>
            {
                ["node-a"] = NodeA_Capturing with { State = CaptureState.Error, Reason = "node node-a left the cluster at 2026-11-26T00:00:00.5Z; last state Capturing" },
            }),
            LostNodes = ImmutableSortedSet.Create(StringComparer.Ordinal, "node-a"),
            EventCount = 12,
        },
        ["snap-state (deleted)"] = new CaptureAggregate
        {
            Key = Key, Resource = EmptyFilters, Generation = 7, Incarnation = 1, Deleted = true, Phase = CapturePhase.None, EventCount = 9,
        },
    };

    public static TheoryData<string> Names => new(All.Keys);

    private static CaptureProtocol Protocol(string name) =>
        CaptureProtocol.TryFromName(name, out var protocol) ? protocol : throw new ArgumentException(name);
}
