using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>How several endpoint states read as one state (a node's, or the capture's over its nodes).</summary>
public static class NodeStates
{
    /// <summary>
    /// Error wins (a user chasing an incident must see a failure even if other endpoints capture);
    /// then the most active state: Capturing, WaitingForTraffic, Scheduled; Finished only when all
    /// are. No state at all (nothing selected yet) reads as WaitingForTraffic: the capture is armed.
    /// </summary>
    public static CaptureState Combine(IEnumerable<CaptureState> states)
    {
        ArgumentNullException.ThrowIfNull(states);
        var any = false;
        var best = CaptureState.Finished;
        foreach (var state in states)
        {
            any = true;
            if (state == CaptureState.Error)
            {
                return CaptureState.Error;
            }

            if (Rank(state) > Rank(best))
            {
                best = state;
            }
        }

        return any ? best : CaptureState.WaitingForTraffic;
    }

    private static int Rank(CaptureState state) => state switch
    {
        CaptureState.Finished => 0,
        CaptureState.Scheduled => 1,
        CaptureState.WaitingForTraffic => 2,
        CaptureState.Capturing => 3,
        _ => -1,
    };
}
