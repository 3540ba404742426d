using System.Collections.Immutable;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>Builds what users see of a capture: the resource with its status (SPEC.md §6) and the overall state.</summary>
internal static class CaptureViewBuilder
{
    internal static CaptureView Build(CaptureAggregate state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var resource = state.Resource ??
                       throw new InvalidOperationException($"packetcapture {state.Key} was never created: it has no view");

        // Nodes is sorted ordinally by name, so files entries come out in node-name order.
        var nodes = state.Nodes.Values.ToImmutableArray();
        var status = new PacketCaptureStatus
        {
            Files = [.. nodes.Select(n => new PacketCaptureFiles
            {
                Node = n.Node,
                Directory = n.Directory,
                FileNames = n.FileNames,
                State = n.State,
            })],
        };
        return new CaptureView(state.Key, resource with { Status = status }, OverallState(state, nodes), state.Deleted, nodes);
    }

    private static CaptureState OverallState(CaptureAggregate state, ImmutableArray<NodeStatus> nodes)
    {
        // A failure on any node wins over the schedule: someone chasing an incident must see it.
        if (nodes.Any(n => n.State == CaptureState.Error))
        {
            return CaptureState.Error;
        }

        return state.Phase switch
        {
            CapturePhase.Scheduled => CaptureState.Scheduled,
            CapturePhase.Running => NodeStates.Combine(nodes.Select(n => n.State)),
            CapturePhase.Ended => CaptureState.Finished,
            _ => CaptureState.Finished,
        };
    }
}
