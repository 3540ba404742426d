using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using Xunit;
using static PacketCapture.Actors.Tests.Captures.CaptureFixtures;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>The view users see: status files per node and the capture's overall state.</summary>
public sealed class CaptureViewTests
{
    [Fact]
    public void Status_has_one_files_entry_per_node_in_node_name_order()
    {
        var state = Given(
            Created(Resource()), Started(),
            Reported(Node("node-c", CaptureState.Capturing, 1, "c.pcap")),
            Reported(Node(NodeA, CaptureState.WaitingForTraffic)),
            Reported(Node(NodeB, CaptureState.Capturing, 1, "b-1.pcap", "b.pcap")));

        var view = state.View();

        Assert.Equal(Key, view.Key);
        Assert.False(view.Deleted);
        Assert.Equal(
            new PacketCaptureStatus
            {
                Files =
                [
                    new PacketCaptureFiles { Node = NodeA, Directory = "/var/log/calico/pcap", FileNames = [], State = CaptureState.WaitingForTraffic },
                    new PacketCaptureFiles { Node = NodeB, Directory = "/var/log/calico/pcap", FileNames = ["b-1.pcap", "b.pcap"], State = CaptureState.Capturing },
                    new PacketCaptureFiles { Node = "node-c", Directory = "/var/log/calico/pcap", FileNames = ["c.pcap"], State = CaptureState.Capturing },
                ],
            },
            view.Resource.Status);
        Assert.Equal([NodeA, NodeB, "node-c"], view.Nodes.Select(n => n.Node));
        Assert.Equal(state.Resource!.Spec, view.Resource.Spec);
        Assert.Equal(1, view.Resource.Metadata.Generation);
    }

    [Fact]
    public void Running_capture_without_reports_is_waiting_for_traffic()
    {
        Assert.Equal(CaptureState.WaitingForTraffic, Given(Created(Resource()), Started()).View().State);
    }

    [Fact]
    public void Running_capture_reads_as_its_most_active_node()
    {
        Assert.Equal(CaptureState.Capturing, CaptureStates.Get(CaptureStates.Running).View().State);
    }

    [Fact]
    public void Running_capture_whose_nodes_all_stopped_is_finished()
    {
        var state = Given(Created(Resource()), Started(), Reported(Node(NodeA, CaptureState.Finished)));

        Assert.Equal(CaptureState.Finished, state.View().State);
    }

    [Theory]
    [InlineData(CaptureStates.Scheduled)]
    [InlineData(CaptureStates.Running)]
    [InlineData(CaptureStates.Ended)]
    public void Any_node_in_error_makes_the_capture_error(string name)
    {
        var state = CaptureStates.Get(name).Apply(Reported(Node(NodeB, CaptureState.Error)));

        Assert.Equal(CaptureState.Error, state.View().State);
    }

    [Fact]
    public void Scheduled_capture_reads_scheduled_whatever_the_nodes_say()
    {
        var state = CaptureStates.Get(CaptureStates.Scheduled).Apply(Reported(Node(NodeA, CaptureState.Scheduled)));

        Assert.Equal(CaptureState.Scheduled, state.View().State);
    }

    [Fact]
    public void Ended_capture_is_finished_even_while_a_node_still_reports_capturing()
    {
        var state = Given(Created(Resource(end: Now.AddHours(-1))), Started(), Reported(Node(NodeA, CaptureState.Capturing)), Ended());

        Assert.Equal(CaptureState.Finished, state.View().State);
    }

    [Fact]
    public void Deleted_capture_is_finished_and_marked_deleted()
    {
        var view = CaptureStates.Get(CaptureStates.Deleted).View();

        Assert.True(view.Deleted);
        Assert.Equal(CaptureState.Finished, view.State);
        Assert.Empty(view.Nodes);
    }

    [Fact]
    public void Capture_never_created_has_no_view()
    {
        Assert.Throws<InvalidOperationException>(() => Given().View());
    }
}
