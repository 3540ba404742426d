using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using Xunit;
using static PacketCapture.Actors.Tests.Captures.CaptureFixtures;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>A node whose member left or was downed: its entry is kept with its files and marked,
/// repeats change nothing, and the node's next report makes it live again.</summary>
public sealed class NodeDepartureTests
{
    private static readonly ReportNodeLost LostA = new(Key, NodeA, NodeDeparture.Downed, Requester.System);

    private static CaptureAggregate RunningOnTwoNodes() => Given(
        Created(Resource()),
        Started(),
        Reported(Node(NodeA, CaptureState.Capturing, 1, "web-0_cali1234567890a-1.pcap", "web-0_cali1234567890a.pcap")),
        Reported(Node(NodeB, CaptureState.Capturing, 1, "web-1_cali1234567890b.pcap")));

    [Fact]
    public void A_capturing_node_that_is_downed_keeps_its_files_and_turns_Error_with_when_and_last_state()
    {
        var state = RunningOnTwoNodes();

        var decision = state.Decide(LostA);
        var after = state.Then(decision);

        var lost = Assert.IsType<NodeLost>(Assert.Single(decision.Events));
        Assert.Equal(CaptureState.Error, lost.State);
        var entry = after.Nodes[NodeA];
        Assert.Equal(CaptureState.Error, entry.State);
        Assert.Equal(["web-0_cali1234567890a-1.pcap", "web-0_cali1234567890a.pcap"], entry.FileNames.ToArray());
        Assert.Equal($"node {NodeA} became unreachable and was removed from the cluster at {Rfc3339.Format(Now)}; last state Capturing", entry.Reason);
        Assert.Contains(NodeA, after.LostNodes);
        Assert.Equal(CaptureState.Capturing, after.Nodes[NodeB].State);

        var view = after.View();
        Assert.Equal(CaptureState.Error, view.State);
        var files = view.Resource.Status!.Files.Single(f => f.Node == NodeA);
        Assert.Equal(CaptureState.Error, files.State);
        Assert.Equal(2, files.FileNames.Length);
    }

    [Fact]
    public void A_node_that_left_gracefully_says_it_left()
    {
        var after = RunningOnTwoNodes().Then(RunningOnTwoNodes().Decide(LostA with { Departure = NodeDeparture.Left }));

        Assert.StartsWith($"node {NodeA} left the cluster at ", after.Nodes[NodeA].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_finished_node_keeps_Finished_and_gets_the_reason()
    {
        var state = Given(Created(Resource()), Started(), Reported(Node(NodeA, CaptureState.Finished, 1, "web-0_cali1234567890a.pcap")), Ended());

        var after = state.Then(state.Decide(LostA));

        Assert.Equal(CaptureState.Finished, after.Nodes[NodeA].State);
        Assert.EndsWith("last state Finished", after.Nodes[NodeA].Reason, StringComparison.Ordinal);
        Assert.Equal(CaptureState.Finished, after.View().State);
    }

    [Fact]
    public void A_repeated_report_of_the_same_loss_changes_nothing()
    {
        var once = RunningOnTwoNodes().Then(RunningOnTwoNodes().Decide(LostA));

        var again = once.Decide(LostA, Now.AddSeconds(1));

        Assert.Empty(again.Events);
        Assert.False(again.IsRejected);
    }

    [Fact]
    public void A_node_without_an_entry_changes_nothing()
    {
        var decision = RunningOnTwoNodes().Decide(LostA with { Node = "node-z" });

        Assert.Empty(decision.Events);
        Assert.False(decision.IsRejected);
    }

    [Fact]
    public void A_capture_that_does_not_exist_answers_NotFound()
    {
        var decision = Given(Created(Resource()), Started(), Deleted()).Decide(LostA);

        Assert.Equal(RejectionReason.NotFound, decision.Rejection?.Reason);
    }

    [Fact]
    public void The_returned_node_s_report_makes_its_entry_live_again_and_a_later_loss_is_marked_again()
    {
        var lost = RunningOnTwoNodes().Then(RunningOnTwoNodes().Decide(LostA));
        var report = new ReportNodeStatus(Key, Node(NodeA, CaptureState.Capturing, 1, "web-0_cali1234567890a-1.pcap", "web-0_cali1234567890a.pcap"), Requester.ForNode(NodeA));

        var back = lost.Then(lost.Decide(report));

        Assert.Equal(CaptureState.Capturing, back.Nodes[NodeA].State);
        Assert.Null(back.Nodes[NodeA].Reason);
        Assert.DoesNotContain(NodeA, back.LostNodes);
        Assert.Single(back.Decide(LostA, Now.AddMinutes(5)).Events);
    }

    [Fact]
    public void A_delete_and_a_new_incarnation_forget_lost_nodes()
    {
        var lost = RunningOnTwoNodes().Then(RunningOnTwoNodes().Decide(LostA));

        var recreated = lost.Apply(Deleted(Now)).Apply(Created(Resource(), 2, 2, Now));

        Assert.Empty(recreated.LostNodes);
        Assert.Empty(recreated.Nodes);
    }

    [Fact]
    public void A_node_lost_event_for_a_node_without_an_entry_cannot_be_applied()
    {
        var state = RunningOnTwoNodes();

        Assert.Throws<InvalidOperationException>(() =>
            state.Apply(new NodeLost(Key, "node-z", CaptureState.Error, "gone", Now, Requester.System)));
    }
}
