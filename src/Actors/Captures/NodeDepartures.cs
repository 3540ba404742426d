using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>
/// The rules for a node whose member left the cluster or was downed: its <c>files</c> entry is
/// kept with its last known files and marked, never dropped (the files are still on that node's
/// disk). No new state: an entry that was still active (Scheduled, WaitingForTraffic, Capturing)
/// becomes Error, because nothing captures there any more and a user chasing an incident must see
/// it; a Finished or Error entry keeps its state (its files were complete). The reason says when and
/// in what state the node went. Pure: no Akka types; time is a parameter.
/// </summary>
public static class NodeDepartures
{
    /// <summary>What <paramref name="command"/> means: <see cref="NodeLost"/> when the node has an entry
    /// not yet marked; unchanged when it has none or is marked already (every member reports a departure,
    /// so repeats are normal); NotFound when the capture does not exist.</summary>
    public static Decision Decide(CaptureAggregate state, ReportNodeLost command, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(command);
        if (!state.Exists)
        {
            // A rejection, so an entity woken only by this passivates again.
            return Decision.Reject(state.Key, RejectionReason.NotFound, $"packetcapture {state.Key} not found");
        }

        if (state.LostNodes.Contains(command.Node) || !state.Nodes.TryGetValue(command.Node, out var entry))
        {
            return Decision.Unchanged;
        }

        var marked = entry.State is CaptureState.Finished or CaptureState.Error ? entry.State : CaptureState.Error;
        return Decision.Accept(new NodeLost(state.Key, command.Node, marked, Reason(command.Node, command.Departure, now, entry.State), now, command.By));
    }

    /// <summary>The reason a lost node's entry shows.</summary>
    public static string Reason(string node, NodeDeparture departure, DateTimeOffset at, CaptureState lastState) =>
        departure switch
        {
            NodeDeparture.Left => $"node {node} left the cluster at {Rfc3339.Format(at)}; last state {lastState}",
            _ => $"node {node} became unreachable and was removed from the cluster at {Rfc3339.Format(at)}; last state {lastState}",
        };

    internal static CaptureAggregate Apply(CaptureAggregate state, NodeLost lost)
    {
        CaptureEvolution.RequireExists(state, lost);
        if (!state.Nodes.TryGetValue(lost.Node, out var entry))
        {
            throw CaptureEvolution.Illegal(state, lost, $"node {lost.Node} has no entry");
        }

        // Counters are the last known ones; the endpoints keep their own last states for `describe`.
        return state with
        {
            Nodes = state.Nodes.SetItem(lost.Node, entry with { State = lost.State, Reason = lost.Reason }),
            LostNodes = state.LostNodes.Add(lost.Node),
        };
    }
}
