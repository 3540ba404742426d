using Akka.Actor;
using Akka.Event;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Capture;
using CaptureState = PacketCapture.Actors.Model.CaptureState;
using SessionState = PacketCapture.Capture.CaptureState;

namespace PacketCapture.Actors.Nodes;

/// <summary>
/// Owns one <see cref="ICaptureSession"/>: one capture on one endpoint's interface. Its state follows
/// <see cref="CaptureTransitions"/>; the start and end of the schedule, time rotation and counter
/// reads are named timers, so a node stops on time whatever happens elsewhere. The session's
/// notifications arrive on the capture thread and come back to the actor as messages.
/// Its parent (the <see cref="NodeAgent"/>) hears of every state change, rotation and counter read.
/// </summary>
public sealed class InterfaceCaptureActor : ReceiveActor, IWithTimers
{
    /// <summary>The longest single timer: the scheduler cannot take arbitrarily long delays, so a
    /// far start or end is reached through several timers, each re-armed for the rest.</summary>
    internal static readonly TimeSpan MaxTimerDelay = TimeSpan.FromDays(1);

    private const string StartTimer = "start";
    private const string EndTimer = "end";
    private const string RotateTimer = "rotate";
    private const string CountersTimer = "counters";

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NodeSettings _settings;
    private readonly ICaptureSessionFactory _sessions;
    private readonly DesiredCapture _capture;
    private readonly string _bpfFilter;
    private readonly WorkloadEndpoint _endpoint;
    private ICaptureSession? _session;
    private CaptureState? _state;
    private string? _reason;
    private bool _stopRequested;
    private TrafficCounters _counters;

    /// <summary>Creates the actor; see <see cref="Props"/>.</summary>
    public InterfaceCaptureActor(NodeSettings settings, ICaptureSessionFactory sessions, DesiredCapture capture, string bpfFilter, WorkloadEndpoint endpoint)
    {
        _settings = settings;
        _sessions = sessions;
        _capture = capture;
        _bpfFilter = bpfFilter;
        _endpoint = endpoint;

        Receive<StartDue>(_ => OnStartDue());
        Receive<EndDue>(_ => OnEndDue());
        Receive<RotateDue>(_ => _session?.Rotate());
        Receive<CountersDue>(_ => ReadCounters());
        Receive<SessionStateChanged>(OnSessionState);
        Receive<SessionFileRotated>(OnFileRotated);
        Receive<SessionFilesDeleted>(m => Context.Parent.Tell(new EndpointFilesChanged(m.FileNames)));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props for the capture of <paramref name="capture"/> on <paramref name="endpoint"/> with <paramref name="bpfFilter"/>.</summary>
    public static Props Props(NodeSettings settings, ICaptureSessionFactory sessions, DesiredCapture capture, string bpfFilter, WorkloadEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(bpfFilter);
        ArgumentNullException.ThrowIfNull(endpoint);
        return ActorFactory.Props(() => new InterfaceCaptureActor(settings, sessions, capture, bpfFilter, endpoint));
    }

    /// <summary>The state an endpoint starts in at <paramref name="now"/>: Finished when the end has
    /// passed, Scheduled before the start, WaitingForTraffic otherwise (the open may still fail).</summary>
    internal static CaptureState InitialState(DesiredCapture capture, DateTimeOffset now)
    {
        var spec = capture.Resource.Spec;
        if (spec.EndTime is { } end && end <= now)
        {
            return CaptureTransitions.Next(null, CaptureTrigger.Stop);
        }

        return spec.StartTime is { } start && start > now
            ? CaptureTransitions.Next(null, CaptureTrigger.ScheduleLater)
            : CaptureTransitions.Next(null, CaptureTrigger.Open);
    }

    private DateTimeOffset Now => Context.System.Scheduler.Now;

    /// <inheritdoc />
    protected override void PreStart()
    {
        var now = Now;
        switch (InitialState(_capture, now))
        {
            case CaptureState.Finished:
                Move(CaptureTrigger.Stop, null);
                break;
            case CaptureState.Scheduled:
                // Timers first, then the report: whoever hears of the state may rely on the timers.
                ArmAt(StartTimer, StartDue.Instance, _capture.Resource.Spec.StartTime!.Value, now);
                Move(CaptureTrigger.ScheduleLater, null);
                break;
            default:
                Open(now);
                break;
        }
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        try
        {
            // Stop joins the capture thread: the files are closed and valid when this returns.
            _session?.Dispose();
        }
        catch (Exception ex)
        {
            _log.Warning(ex, "Closing the capture of {0} on {1} failed", _capture.Key, _endpoint.InterfaceName);
        }
    }

    private void OnStartDue()
    {
        var now = Now;
        if (_state != CaptureState.Scheduled || _capture.Resource.Spec.StartTime is not { } start)
        {
            return;
        }

        if (start > now)
        {
            ArmAt(StartTimer, StartDue.Instance, start, now);
            return;
        }

        Open(now);
    }

    private void Open(DateTimeOffset now)
    {
        var options = new CaptureSessionOptions
        {
            InterfaceName = _endpoint.InterfaceName,
            CaptureDirectory = _settings.CaptureDirectory,
            Namespace = _capture.Key.Namespace,
            CaptureName = _capture.Key.Name,
            PodName = _endpoint.Pod,
            Filter = _bpfFilter,
            MaxSizeBytes = _settings.MaxSizeBytes,
            MaxFiles = _settings.MaxFiles,
            BufferSizeBytes = _settings.BufferSizeBytes,
        };

        try
        {
            _session = _sessions.Create(options, new ActorObserver(Self));
            _session.Start();
        }
        catch (Exception ex) when (ex is CaptureException or CaptureArgumentException)
        {
            // The actor stays alive in Error so the node keeps reporting why.
            Move(CaptureTrigger.Fail, ex.Message);
            return;
        }

        if (_capture.Resource.Spec.EndTime is { } end)
        {
            ArmAt(EndTimer, EndDue.Instance, end, now);
        }

        Timers.StartPeriodicTimer(RotateTimer, RotateDue.Instance, _settings.RotationInterval);
        Timers.StartPeriodicTimer(CountersTimer, CountersDue.Instance, _settings.CountersInterval);
        Move(CaptureTrigger.Open, null);
    }

    private void OnEndDue()
    {
        var now = Now;
        if (_state is not (CaptureState.WaitingForTraffic or CaptureState.Capturing) || _capture.Resource.Spec.EndTime is not { } end)
        {
            return;
        }

        if (end > now)
        {
            ArmAt(EndTimer, EndDue.Instance, end, now);
            return;
        }

        _stopRequested = true;
        _session?.Stop();
        ReadCounters(report: false);
        EndTimers();
        Move(CaptureTrigger.Stop, null);
    }

    private void OnSessionState(SessionStateChanged message)
    {
        if (_state is null || CaptureTransitions.IsFinal(_state.Value))
        {
            return;
        }

        switch (message.State)
        {
            case SessionState.Capturing when _state == CaptureState.WaitingForTraffic:
                Move(CaptureTrigger.FirstPacket, null);
                break;
            case SessionState.Finished when !_stopRequested:
                // Not asked to stop: the session ended on its own, because the interface went away.
                ReadCounters(report: false);
                EndTimers();
                Move(CaptureTrigger.Stop, message.Reason ?? $"interface {_endpoint.InterfaceName} went away", interfaceGone: true);
                break;
            case SessionState.Error:
                ReadCounters(report: false);
                EndTimers();
                Move(CaptureTrigger.Fail, message.Reason ?? "capture failed");
                break;
        }
    }

    private void OnFileRotated(SessionFileRotated message)
    {
        Context.Parent.Tell(new EndpointFileRotated(message.Rotation));
        if (_state is { } state && CaptureTransitions.TryNext(state, CaptureTrigger.Rotate, out _))
        {
            Move(CaptureTrigger.Rotate, null);
        }
    }

    private void ReadCounters(bool report = true)
    {
        if (_session is null)
        {
            return;
        }

        var read = _session.ReadCounters();
        var counters = new TrafficCounters(read.PacketsWritten, read.BytesWritten, read.PacketsDropped, read.PacketsDroppedByInterface);
        if (counters == _counters)
        {
            return;
        }

        _counters = counters;
        if (report)
        {
            Context.Parent.Tell(new EndpointCountersRead(counters));
        }
    }

    private void EndTimers()
    {
        Timers.Cancel(StartTimer);
        Timers.Cancel(EndTimer);
        Timers.Cancel(RotateTimer);
        Timers.Cancel(CountersTimer);
    }

    private void Move(CaptureTrigger trigger, string? reason, bool interfaceGone = false)
    {
        _state = CaptureTransitions.Next(_state, trigger);
        _reason = reason;
        if (_state is CaptureState.Error)
        {
            _log.Warning("Capture {0} on {1}/{2} failed: {3}", _capture.Key, _endpoint.Pod, _endpoint.InterfaceName, reason);
        }

        Context.Parent.Tell(new EndpointStateChanged(
            new EndpointStatus(_endpoint.Pod, _endpoint.InterfaceName, _state.Value, _reason, _counters), interfaceGone));
    }

    private void ArmAt(string key, object message, DateTimeOffset at, DateTimeOffset now)
    {
        var delay = at - now;
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        Timers.StartSingleTimer(key, message, delay > MaxTimerDelay ? MaxTimerDelay : delay);
    }

    /// <summary>Runs on the capture thread: it only turns notifications into messages.</summary>
    internal sealed class ActorObserver(IActorRef owner) : ICaptureSessionObserver
    {
        /// <summary>The actor the notifications go to (tests use it to wait for them).</summary>
        internal IActorRef Owner { get; } = owner;

        public void OnStateChanged(SessionState state, string? reason) => Owner.Tell(new SessionStateChanged(state, reason));

        public void OnFileRotated(FileRotation rotation) => Owner.Tell(new SessionFileRotated(rotation));

        public void OnFilesDeleted(IReadOnlyList<string> fileNames) => Owner.Tell(new SessionFilesDeleted([.. fileNames]));
    }

    private sealed record SessionStateChanged(SessionState State, string? Reason);

    private sealed record SessionFileRotated(FileRotation Rotation);

    private sealed record SessionFilesDeleted(IReadOnlyList<string> FileNames);

    private sealed class StartDue
    {
        public static readonly StartDue Instance = new();
    }

    private sealed class EndDue
    {
        public static readonly EndDue Instance = new();
    }

    private sealed class RotateDue
    {
        public static readonly RotateDue Instance = new();
    }

    private sealed class CountersDue
    {
        public static readonly CountersDue Instance = new();
    }
}
