using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using Xunit;
using static PacketCapture.Actors.Tests.Captures.CaptureFixtures;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>What nodes report (state, files, counters, rotations), and deleting and cleaning in the light of it.</summary>
public sealed class NodeReportTests
{
    private static readonly Requester NodeARequester = Requester.ForNode(NodeA);

    [Fact]
    public void Report_with_a_new_state_is_recorded()
    {
        var state = CaptureStates.Get(CaptureStates.Running);
        var status = Node(NodeA, CaptureState.Capturing, 1, "web-0_cali1234567890a.pcap");

        var decision = state.Decide(new ReportNodeStatus(Key, status, NodeARequester));

        Assert.Equal(Decision.Accept(new NodeStateReported(Key, status, Now, NodeARequester)), decision);
        Assert.Equal(status, state.Then(decision).Nodes[NodeA]);
    }

    [Fact]
    public void Report_of_a_node_acting_on_an_older_generation_is_a_conflict()
    {
        var state = CaptureStates.Get(CaptureStates.Running);
        state = state.Then(state.Decide(new ApplyCapture(Resource(selector: "app == 'api'"), Alice)));

        var decision = state.Decide(new ReportNodeStatus(Key, Node(NodeA, CaptureState.Capturing, 1), NodeARequester));

        Assert.Empty(decision.Events);
        var rejection = Assert.IsType<CaptureRejected>(decision.Rejection);
        Assert.Equal(RejectionReason.Conflict, rejection.Reason);
        Assert.StartsWith("stale report", rejection.Message, StringComparison.Ordinal);
        Assert.Contains(NodeA, rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_naming_a_generation_the_capture_never_had_is_a_conflict()
    {
        var state = CaptureStates.Get(CaptureStates.Running);

        var decision = state.Decide(new ReportNodeStatus(Key, Node(NodeA, CaptureState.Capturing, 5), NodeARequester));

        Assert.Equal(RejectionReason.Conflict, decision.Rejection?.Reason);
    }

    [Fact]
    public void Report_that_only_moves_counters_is_not_persisted_but_kept_live()
    {
        var state = CaptureStates.Get(CaptureStates.Running);
        var counters = new TrafficCounters(1200, 480_000, 3, 1);
        var report = Node(NodeB, CaptureState.Capturing, 1, counters, "web-0_cali1234567890a.pcap");

        var decision = state.Decide(new ReportNodeStatus(Key, report, Requester.ForNode(NodeB)));

        Assert.Equal(Decision.Unchanged, decision);
        var live = state.WithLiveCounters(report);
        Assert.Equal(counters, live.Nodes[NodeB].Counters);
        Assert.Equal(counters, live.Nodes[NodeB].Endpoints[0].Counters);
        Assert.Equal(state.EventCount, live.EventCount);
        Assert.Equal(TrafficCounters.Zero, state.Nodes[NodeB].Counters);
    }

    [Fact]
    public void Live_counters_do_not_overwrite_a_report_that_differs_in_more_than_counters()
    {
        var state = CaptureStates.Get(CaptureStates.Running);
        var different = Node(NodeA, CaptureState.Capturing, 1, new TrafficCounters(5, 500, 0, 0));

        Assert.Same(state, state.WithLiveCounters(different));
    }

    [Fact]
    public void Live_counters_of_an_unknown_node_are_ignored()
    {
        var state = CaptureStates.Get(CaptureStates.Running);

        Assert.Same(state, state.WithLiveCounters(Node("node-z", CaptureState.Capturing, 1, new TrafficCounters(5, 500, 0, 0))));
    }

    [Fact]
    public void Live_counters_of_a_deleted_capture_are_ignored()
    {
        var state = CaptureStates.Get(CaptureStates.Deleted);

        Assert.Same(state, state.WithLiveCounters(Node(NodeA, CaptureState.Capturing, 1, new TrafficCounters(5, 500, 0, 0))));
    }

    [Fact]
    public void First_report_of_a_node_is_recorded_even_with_nothing_but_counters()
    {
        var state = CaptureStates.Get(CaptureStates.Scheduled);

        var decision = state.Decide(new ReportNodeStatus(Key, Node(NodeA, CaptureState.Scheduled), NodeARequester));

        Assert.Equal(["NodeStateReported"], decision.Names());
    }

    [Fact]
    public void Rotation_inserts_the_file_in_ordinal_order()
    {
        var state = Given(
            Created(Resource()), Started(),
            Reported(Node(NodeA, CaptureState.Capturing, 1, "web-0_cali1-100.pcap", "web-0_cali1.pcap")));
        var rotation = Rotation(NodeA, "web-0_cali1-200.pcap");

        var decision = state.Decide(new ReportFileRotated(Key, rotation, NodeARequester));

        Assert.Equal(Decision.Accept(new CaptureFileRotated(Key, rotation, Now, NodeARequester)), decision);
        Assert.Equal(["web-0_cali1-100.pcap", "web-0_cali1-200.pcap", "web-0_cali1.pcap"], state.Then(decision).Nodes[NodeA].FileNames.ToArray());
    }

    [Fact]
    public void Rotation_of_a_file_already_listed_changes_no_status()
    {
        var state = Given(
            Created(Resource()), Started(),
            Reported(Node(NodeA, CaptureState.Capturing, 1, "web-0_cali1-100.pcap", "web-0_cali1.pcap")));

        var after = state.Apply(Rotated(Rotation(NodeA, "web-0_cali1-100.pcap")));

        Assert.Equal(state.Nodes[NodeA], after.Nodes[NodeA]);
        Assert.Equal(state.EventCount + 1, after.EventCount);
    }

    [Fact]
    public void Rotation_on_a_node_that_never_reported_waits_for_its_report()
    {
        var state = CaptureStates.Get(CaptureStates.Scheduled);

        var after = state.Apply(Rotated(Rotation(NodeA, "web-0_cali1-100.pcap")));

        Assert.Empty(after.Nodes);
    }

    [Fact]
    public void Delete_stops_the_capture_and_keeps_the_resource_for_the_reply()
    {
        var state = CaptureStates.Get(CaptureStates.Running);

        var decision = state.Decide(new DeleteCapture(Key, Alice));

        Assert.Equal(Decision.Accept(new CaptureDeleted(Key, Now, Alice)), decision);
        var after = state.Then(decision);
        Assert.True(after.Deleted);
        Assert.False(after.Exists);
        Assert.Equal(CapturePhase.None, after.Phase);
        Assert.Empty(after.Nodes);
        var view = after.View();
        Assert.True(view.Deleted);
        Assert.Equal(CaptureState.Finished, view.State);
        Assert.Equal(state.Resource!.Spec, view.Resource.Spec);
        Assert.True(after.Desired()!.Deleted);
    }

    [Fact]
    public void Delete_of_a_missing_capture_names_it()
    {
        var decision = Given().Decide(new DeleteCapture(Key, Alice));

        Assert.Equal(new CaptureRejected(Key, RejectionReason.NotFound, "packetcapture shop/web-capture not found"), decision.Rejection);
    }

    [Fact]
    public void Clean_is_refused_while_a_node_is_capturing_naming_that_node()
    {
        var state = Given(
            Created(Resource()), Started(),
            Reported(Node(NodeA, CaptureState.Finished, 1, "a.pcap")),
            Reported(Node(NodeB, CaptureState.Capturing, 1, "b.pcap")));

        var decision = state.Decide(new CleanCaptureFiles(Key, Alice));

        Assert.Empty(decision.Events);
        Assert.Equal(
            new CaptureRejected(Key, RejectionReason.Forbidden,
                "files of shop/web-capture can be cleaned only when every node is Finished; node node-b is Capturing"),
            decision.Rejection);
    }

    [Fact]
    public void Clean_is_refused_while_a_node_is_in_error()
    {
        var state = Given(Created(Resource()), Started(), Reported(Node(NodeA, CaptureState.Error)));

        Assert.Equal(RejectionReason.Forbidden, state.Decide(new CleanCaptureFiles(Key, Alice)).Rejection?.Reason);
    }

    [Fact]
    public void Clean_when_every_node_is_finished_empties_every_file_list()
    {
        var state = CaptureStates.Get(CaptureStates.Ended);
        Assert.NotEmpty(state.Nodes[NodeA].FileNames);

        var decision = state.Decide(new CleanCaptureFiles(Key, Alice));

        Assert.Equal(Decision.Accept(new CaptureFilesCleaned(Key, 1, Now, Alice)), decision);
        var after = state.Then(decision);
        Assert.Equal(1, after.CleanEpoch);
        Assert.All(after.Nodes.Values, n => Assert.Empty(n.FileNames));
        Assert.All(after.View().Resource.Status!.Files, f => Assert.Empty(f.FileNames));
        Assert.Equal(1, after.Desired()!.CleanEpoch);
    }

    [Fact]
    public void Clean_twice_counts_both_requests()
    {
        var state = CaptureStates.Get(CaptureStates.Ended);
        state = state.Then(state.Decide(new CleanCaptureFiles(Key, Alice)));

        var decision = state.Decide(new CleanCaptureFiles(Key, Bob));

        Assert.Equal(Decision.Accept(new CaptureFilesCleaned(Key, 2, Now, Bob)), decision);
    }
}
