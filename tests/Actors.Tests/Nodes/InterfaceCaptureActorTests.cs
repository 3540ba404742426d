using Akka.Actor;
using PacketCapture.Actors.Nodes;
using PacketCapture.Capture;
using Xunit;
using static PacketCapture.Actors.Tests.Nodes.NodeTestData;
using CaptureState = PacketCapture.Actors.Model.CaptureState;

namespace PacketCapture.Actors.Tests.Nodes;

public sealed class InterfaceCaptureActorTests : NodeTestKit
{
    private static readonly WorkloadEndpoint Web1 = Endpoint("shop", "web-1", "cali1", ("app", "web"));

    private IActorRef Start(DateTimeOffset? start = null, DateTimeOffset? end = null) =>
        ChildActorOf(InterfaceCaptureActor.Props(Settings, Sessions, CaptureOf("shop", "cap", "app == 'web'", start: start, end: end), "tcp port 80", Web1));

    private EndpointStateChanged ExpectState(CaptureState state)
    {
        var message = ExpectMsg<EndpointStateChanged>();
        Assert.Equal(state, message.Status.State);
        return message;
    }

    [Fact]
    public async Task Opens_and_finishes_at_the_exact_schedule_instants()
    {
        var now = Clock.Now;
        var start = now.AddMinutes(10);
        var end = start.AddMinutes(30);
        var actor = Start(start, end);
        ExpectState(CaptureState.Scheduled);

        Clock.Advance(start - now - TimeSpan.FromMilliseconds(1));
        await SyncAsync(actor);
        Assert.Empty(Sessions.Sessions);
        Assert.False(HasMessages);

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        ExpectState(CaptureState.WaitingForTraffic);
        var session = Assert.Single(Sessions.Sessions);
        Assert.Equal(start, session.CreatedAt);
        Assert.Equal(1, session.StartCalls);
        Assert.Equal("cali1", session.Options.InterfaceName);
        Assert.Equal("shop", session.Options.Namespace);
        Assert.Equal("cap", session.Options.CaptureName);
        Assert.Equal("web-1", session.Options.PodName);
        Assert.Equal("tcp port 80", session.Options.Filter);
        Assert.Equal(Root, session.Options.CaptureDirectory);

        Clock.Advance(end - start - TimeSpan.FromMilliseconds(1));
        await SyncAsync(actor);
        Assert.Equal(0, session.StopCalls);
        Assert.False(HasMessages);

        Clock.Advance(TimeSpan.FromMilliseconds(1));
        ExpectState(CaptureState.Finished);
        Assert.Equal(1, session.StopCalls);
    }

    [Fact]
    public async Task Starts_weeks_ahead_at_the_exact_instant_through_capped_timers()
    {
        var now = Clock.Now;
        var start = now.AddDays(21).AddMilliseconds(1);
        var actor = Start(start);
        ExpectState(CaptureState.Scheduled);

        // Each day the capped timer fires early and the actor re-arms it for the rest.
        for (var day = 1; day <= 21; day++)
        {
            Clock.Advance(TimeSpan.FromDays(1));
            await SyncAsync(actor);
            Assert.Empty(Sessions.Sessions);
        }

        Assert.True(InterfaceCaptureActor.MaxTimerDelay < start - now);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        ExpectState(CaptureState.WaitingForTraffic);
        Assert.Equal(start, Assert.Single(Sessions.Sessions).CreatedAt);
    }

    [Fact]
    public async Task Rotates_once_per_rotation_interval_and_reports_rotations_while_capturing()
    {
        var actor = Start();
        ExpectState(CaptureState.WaitingForTraffic);
        var session = Assert.Single(Sessions.Sessions);

        Clock.Advance(Settings.RotationInterval - TimeSpan.FromMilliseconds(1));
        await SyncAsync(actor);
        Assert.Equal(0, session.RotateCalls);
        Clock.Advance(TimeSpan.FromMilliseconds(1));
        await SyncAsync(actor);
        Assert.Equal(1, session.RotateCalls);
        Clock.Advance(Settings.RotationInterval);
        await SyncAsync(actor);
        Assert.Equal(2, session.RotateCalls);

        session.RaiseFirstPacket();
        ExpectState(CaptureState.Capturing);
        var rotation = new FileRotation("web-1_cali1.pcap", "web-1_cali1-1700000000000000.pcap", 4096, 12);
        session.RaiseRotation(rotation);
        Assert.Equal(rotation, ExpectMsg<EndpointFileRotated>().Rotation);
        ExpectState(CaptureState.Capturing);
        session.RaiseFilesDeleted("web-1_cali1-1600000000000000.pcap");
        Assert.Equal(["web-1_cali1-1600000000000000.pcap"], ExpectMsg<EndpointFilesChanged>().DeletedFileNames);
    }

    [Fact]
    public async Task Finishes_without_a_session_when_the_end_has_passed()
    {
        var actor = Start(end: Clock.Now.AddSeconds(-1));

        ExpectState(CaptureState.Finished);
        await SyncAsync(actor);
        Assert.Empty(Sessions.Sessions);
    }

    [Fact]
    public async Task Is_scheduled_when_the_start_is_in_the_future()
    {
        var actor = Start(start: Clock.Now.AddHours(1));

        ExpectState(CaptureState.Scheduled);
        await SyncAsync(actor);
        Assert.Empty(Sessions.Sessions);
    }

    [Fact]
    public async Task Reports_an_open_failure_as_error_and_stays_alive()
    {
        Sessions.StartFailure = o => new CaptureOpenException(o.InterfaceName, "No such device exists");
        var actor = Start();

        var error = ExpectState(CaptureState.Error);
        Assert.Equal("cannot capture on interface cali1: No such device exists", error.Status.Reason);
        await SyncAsync(actor);
        Assert.False(HasMessages);
    }

    [Fact]
    public void Finishes_when_the_interface_goes_away_and_errors_on_a_session_failure()
    {
        Start();
        ExpectState(CaptureState.WaitingForTraffic);
        var session = Assert.Single(Sessions.Sessions);

        session.RaiseFirstPacket();
        ExpectState(CaptureState.Capturing);
        session.RaiseInterfaceGone();
        var gone = ExpectState(CaptureState.Finished);

        Assert.True(gone.InterfaceGone);
        Assert.Equal("interface cali1 went away", gone.Status.Reason);
    }

    [Fact]
    public void Reports_a_write_failure_with_the_sessions_reason()
    {
        Start();
        ExpectState(CaptureState.WaitingForTraffic);

        Assert.Single(Sessions.Sessions).RaiseFailure("write failed: No space left on device");

        var failed = ExpectState(CaptureState.Error);
        Assert.Equal("write failed: No space left on device", failed.Status.Reason);
        Assert.False(failed.InterfaceGone);
    }

    [Fact]
    public async Task Reports_changed_counters_on_the_counters_tick()
    {
        var actor = Start();
        ExpectState(CaptureState.WaitingForTraffic);
        var session = Assert.Single(Sessions.Sessions);
        session.Counters = new CaptureCounters(10, 1500, 12, 2, 1, 1);

        Clock.Advance(Settings.CountersInterval);

        Assert.Equal(new global::PacketCapture.Actors.Captures.TrafficCounters(10, 1500, 2, 1), ExpectMsg<EndpointCountersRead>().Counters);
        Clock.Advance(Settings.CountersInterval);
        await SyncAsync(actor);
        Assert.False(HasMessages);
    }

    [Fact]
    public void Disposes_its_session_when_stopped()
    {
        var actor = Start();
        ExpectState(CaptureState.WaitingForTraffic);
        var session = Assert.Single(Sessions.Sessions);
        Watch(actor);

        Sys.Stop(actor);

        ExpectTerminated(actor);
        Assert.True(session.Disposed);
    }
}
