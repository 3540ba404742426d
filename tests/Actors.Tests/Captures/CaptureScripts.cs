using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using static PacketCapture.Actors.Tests.Captures.CaptureFixtures;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>One step of a script: how far the clock moves, then which command with which small choices.
/// The choices are read against the state at that point, so generations stay near the live ones.</summary>
public sealed record CaptureStep(int Kind, int A, int B, int C, int AdvanceMinutes)
{
    public const int Kinds = 12;

    private static readonly int?[] StartOffsets = [null, -60, 0, 30, 120];
    private static readonly int?[] EndOffsets = [null, -10, 0, 45, 180];
    private static readonly string[] NodeNames = [NodeA, NodeB, "node-c"];

    /// <summary>The command this step sends to <paramref name="state"/> at <paramref name="now"/>.</summary>
    public ICaptureCommand Command(CaptureAggregate state, DateTimeOffset now)
    {
        var node = NodeNames[A % NodeNames.Length];
        var generation = state.Generation + (B % 3) - 1;
        return Kind switch
        {
            0 or 1 => new ApplyCapture(Applied(now), Alice),
            2 => new DeleteCapture(Key, Alice),
            3 => new CleanCaptureFiles(Key, Bob),
            4 or 5 => new ReportNodeStatus(Key, Status(node, generation), Requester.ForNode(node)),
            6 => new ReportFileRotated(Key, new NodeFileRotation(node, generation, "web-0", "cali1", $"web-0_cali1-{C}.pcap", 100, 1), Requester.ForNode(node)),
            7 => new ReachScheduleBoundary(Key, ScheduleBoundary.Start, Requester.System),
            8 => new ReachScheduleBoundary(Key, ScheduleBoundary.End, Requester.System),
            9 => new GetCapture(Key, Bob),
            10 => new DeleteCapture(new CaptureKey("shop", "other"), Alice),
            _ => new ReportNodeStatus(Key, Status(node, state.Generation) with { Counters = new TrafficCounters(C, C * 100L, 0, 0) }, Requester.ForNode(node)),
        };
    }

    private PacketCaptureResource Applied(DateTimeOffset now)
    {
        var start = StartOffsets[A % StartOffsets.Length] is { } s ? now.AddMinutes(s) : (DateTimeOffset?)null;
        var end = EndOffsets[B % EndOffsets.Length] is { } e ? now.AddMinutes(e) : (DateTimeOffset?)null;
        var resource = Resource(start, end,
            selector: C % 4 == 1 ? "app == 'api'" : "app == 'web'",
            labels: C % 4 == 2 ? Labels(("team", "payments")) : null);

        // One in four is refused by validation (a name with capitals), which must leave no events.
        return C % 4 == 3 ? resource with { Metadata = resource.Metadata with { Name = "Web_Capture" } } : resource;
    }

    private NodeStatus Status(string node, long generation)
    {
        var state = (CaptureState)(C % 5);
        ImmutableArray<string> files = C % 3 == 0 ? [] : [$"web-0_cali1-{C}.pcap", "web-0_cali1.pcap"];
        return new NodeStatus(node, generation, "/var/log/calico/pcap", state, state == CaptureState.Error ? "write failed" : null,
            files, [new EndpointStatus("web-0", "cali1", state, null, TrafficCounters.Zero)], TrafficCounters.Zero);
    }

    public override string ToString() => $"+{AdvanceMinutes}m kind {Kind} ({A},{B},{C})";
}

/// <summary>A sequence of steps for one capture.</summary>
public sealed record CaptureScript(ImmutableArray<CaptureStep> Steps)
{
    public override string ToString() => string.Join(" | ", Steps);
}

/// <summary>FsCheck generators of scripts: short, with small choices so the interesting cases recur.</summary>
public static class CaptureScriptGenerators
{
    public static Arbitrary<CaptureScript> Scripts()
    {
        var step =
            from kind in Gen.Choose(0, CaptureStep.Kinds - 1)
            from a in Gen.Choose(0, 14)
            from b in Gen.Choose(0, 14)
            from c in Gen.Choose(0, 11)
            from advance in Gen.Frequency((3, Gen.Constant(0)), (4, Gen.Choose(1, 30)), (1, Gen.Choose(31, 200)))
            select new CaptureStep(kind, a, b, c, advance);
        return Gen.Sized(size => Gen.Choose(1, Math.Clamp(size, 1, 60)))
            .SelectMany(count => Gen.ArrayOf(step, count))
            .Select(steps => new CaptureScript([.. steps]))
            .ToArbitrary();
    }
}
