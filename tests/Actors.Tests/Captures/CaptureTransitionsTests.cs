using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using Xunit;

namespace PacketCapture.Actors.Tests.Captures;

/// <summary>The state machine table of DESIGN.md, and how states combine.</summary>
public sealed class CaptureTransitionsTests
{
    private static readonly Dictionary<(CaptureState?, CaptureTrigger), CaptureState> Expected = new()
    {
        [(null, CaptureTrigger.ScheduleLater)] = CaptureState.Scheduled,
        [(null, CaptureTrigger.Open)] = CaptureState.WaitingForTraffic,
        [(null, CaptureTrigger.Stop)] = CaptureState.Finished,
        [(null, CaptureTrigger.Fail)] = CaptureState.Error,
        [(CaptureState.Scheduled, CaptureTrigger.Open)] = CaptureState.WaitingForTraffic,
        [(CaptureState.Scheduled, CaptureTrigger.Stop)] = CaptureState.Finished,
        [(CaptureState.Scheduled, CaptureTrigger.Fail)] = CaptureState.Error,
        [(CaptureState.WaitingForTraffic, CaptureTrigger.FirstPacket)] = CaptureState.Capturing,
        [(CaptureState.WaitingForTraffic, CaptureTrigger.Stop)] = CaptureState.Finished,
        [(CaptureState.WaitingForTraffic, CaptureTrigger.Fail)] = CaptureState.Error,
        [(CaptureState.Capturing, CaptureTrigger.Rotate)] = CaptureState.Capturing,
        [(CaptureState.Capturing, CaptureTrigger.Stop)] = CaptureState.Finished,
        [(CaptureState.Capturing, CaptureTrigger.Fail)] = CaptureState.Error,
    };

    /// <summary>Every (from, trigger) pair, including (new).</summary>
    public static TheoryData<CaptureState?, CaptureTrigger> AllPairs
    {
        get
        {
            var data = new TheoryData<CaptureState?, CaptureTrigger>();
            foreach (var from in new CaptureState?[] { null }.Concat(Enum.GetValues<CaptureState>().Select(s => (CaptureState?)s)))
            {
                foreach (var trigger in Enum.GetValues<CaptureTrigger>())
                {
                    data.Add(from, trigger);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Each_pair_follows_the_table_or_throws(CaptureState? from, CaptureTrigger trigger)
    {
        if (Expected.TryGetValue((from, trigger), out var to))
        {
            Assert.Equal(to, CaptureTransitions.Next(from, trigger));
            Assert.True(CaptureTransitions.TryNext(from, trigger, out var tried));
            Assert.Equal(to, tried);
        }
        else
        {
            var error = Assert.Throws<InvalidCaptureTransitionException>(() => CaptureTransitions.Next(from, trigger));
            Assert.Equal(from, error.From);
            Assert.Equal(trigger, error.Trigger);
            Assert.Contains(from?.ToString() ?? "(new)", error.Message, StringComparison.Ordinal);
            Assert.False(CaptureTransitions.TryNext(from, trigger, out _));
        }
    }

    [Fact]
    public void Listed_transitions_are_exactly_the_diagrams()
    {
        var listed = CaptureTransitions.All.ToDictionary(t => (t.From, t.Trigger), t => t.To);

        Assert.Equal(Expected.OrderBy(p => p.Key.ToString()), listed.OrderBy(p => p.Key.ToString()));
    }

    [Theory]
    [InlineData(CaptureState.Finished)]
    [InlineData(CaptureState.Error)]
    public void Final_states_have_no_outgoing_transition(CaptureState state)
    {
        Assert.True(CaptureTransitions.IsFinal(state));
        Assert.All(Enum.GetValues<CaptureTrigger>(), trigger => Assert.False(CaptureTransitions.TryNext(state, trigger, out _)));
    }

    [Theory]
    [InlineData(CaptureState.Scheduled)]
    [InlineData(CaptureState.WaitingForTraffic)]
    [InlineData(CaptureState.Capturing)]
    public void Active_states_are_not_final_and_can_stop(CaptureState state)
    {
        Assert.False(CaptureTransitions.IsFinal(state));
        Assert.Equal(CaptureState.Finished, CaptureTransitions.Next(state, CaptureTrigger.Stop));
    }

    [Theory]
    [InlineData(new CaptureState[0], CaptureState.WaitingForTraffic)]
    [InlineData(new[] { CaptureState.Finished }, CaptureState.Finished)]
    [InlineData(new[] { CaptureState.Finished, CaptureState.Finished }, CaptureState.Finished)]
    [InlineData(new[] { CaptureState.Finished, CaptureState.Scheduled }, CaptureState.Scheduled)]
    [InlineData(new[] { CaptureState.Scheduled, CaptureState.WaitingForTraffic }, CaptureState.WaitingForTraffic)]
    [InlineData(new[] { CaptureState.WaitingForTraffic, CaptureState.Capturing, CaptureState.Finished }, CaptureState.Capturing)]
    [InlineData(new[] { CaptureState.Capturing, CaptureState.Error }, CaptureState.Error)]
    [InlineData(new[] { CaptureState.Error, CaptureState.Capturing }, CaptureState.Error)]
    [InlineData(new[] { CaptureState.Finished, CaptureState.Error }, CaptureState.Error)]
    public void Combine_prefers_error_then_the_most_active_state(CaptureState[] states, CaptureState expected)
    {
        Assert.Equal(expected, NodeStates.Combine(states));
    }

    [Fact]
    public void Combine_does_not_depend_on_order()
    {
        CaptureState[] states = [CaptureState.Finished, CaptureState.Scheduled, CaptureState.Capturing, CaptureState.WaitingForTraffic];

        Assert.Equal(NodeStates.Combine(states), NodeStates.Combine(states.Reverse()));
        Assert.Equal(CaptureState.Capturing, NodeStates.Combine(states));
    }
}
