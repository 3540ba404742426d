using Akka.Actor;
using PacketCapture.Actors.Nodes;
using PacketCapture.Capture;

namespace PacketCapture.Actors.Tests.Nodes;

/// <summary>
/// A capture session without libpcap: it records what the actor asks of it and lets a test raise
/// the notifications a real session would, from another thread, as the real capture thread does.
/// </summary>
internal sealed class ScriptedCaptureSession(CaptureSessionOptions options, ICaptureSessionObserver observer, DateTimeOffset createdAt, Exception? startFailure)
    : ICaptureSession
{
    private readonly Lock _lock = new();
    private int _startCalls;
    private int _rotateCalls;
    private int _stopCalls;
    private int _disposeCalls;
    private CaptureCounters _counters;

    public CaptureSessionOptions Options { get; } = options;

    public ICaptureSessionObserver Observer { get; } = observer;

    /// <summary>The scheduler's (virtual) time when the actor created the session.</summary>
    public DateTimeOffset CreatedAt { get; } = createdAt;

    /// <summary>The actor that owns the session.</summary>
    public IActorRef Owner => ((InterfaceCaptureActor.ActorObserver)Observer).Owner;

    public CaptureState State { get; private set; } = CaptureState.Scheduled;

    public string? Reason { get; private set; }

    public int StartCalls => Volatile.Read(ref _startCalls);

    public int RotateCalls => Volatile.Read(ref _rotateCalls);

    public int StopCalls => Volatile.Read(ref _stopCalls);

    public bool Disposed => Volatile.Read(ref _disposeCalls) > 0;

    public CaptureCounters Counters
    {
        get { lock (_lock) return _counters; }
        set { lock (_lock) _counters = value; }
    }

    public void Start()
    {
        Interlocked.Increment(ref _startCalls);
        if (startFailure is not null)
        {
            Change(CaptureState.Error, startFailure.Message);
            throw startFailure;
        }

        Change(CaptureState.WaitingForTraffic, null);
    }

    public void Rotate() => Interlocked.Increment(ref _rotateCalls);

    public void Stop()
    {
        Interlocked.Increment(ref _stopCalls);
        if (State is CaptureState.WaitingForTraffic or CaptureState.Capturing)
        {
            Change(CaptureState.Finished, null);
        }
    }

    public CaptureCounters ReadCounters() => Counters;

    public void Dispose()
    {
        Stop();
        Interlocked.Increment(ref _disposeCalls);
    }

    public void RaiseFirstPacket() => OnCaptureThread(() => Change(CaptureState.Capturing, null));

    public void RaiseRotation(FileRotation rotation) => OnCaptureThread(() => Observer.OnFileRotated(rotation));

    public void RaiseFilesDeleted(params string[] names) => OnCaptureThread(() => Observer.OnFilesDeleted(names));

    public void RaiseInterfaceGone() =>
        OnCaptureThread(() => Change(CaptureState.Finished, $"interface {Options.InterfaceName} went away"));

    public void RaiseFailure(string reason) => OnCaptureThread(() => Change(CaptureState.Error, reason));

    private void Change(CaptureState state, string? reason)
    {
        State = state;
        Reason = reason;
        Observer.OnStateChanged(state, reason);
    }

    private static void OnCaptureThread(Action action)
    {
        var thread = new Thread(() => action()) { IsBackground = true, Name = "scripted capture" };
        thread.Start();
        thread.Join();
    }
}

/// <summary>Creates <see cref="ScriptedCaptureSession"/>s and keeps every one, in creation order.</summary>
internal sealed class ScriptedSessionFactory(Func<DateTimeOffset> clock) : ICaptureSessionFactory
{
    private readonly Lock _lock = new();
    private readonly List<ScriptedCaptureSession> _sessions = [];

    /// <summary>What Start throws for a session with these options (null: it starts).</summary>
    public Func<CaptureSessionOptions, Exception?> StartFailure { get; set; } = _ => null;

    public IReadOnlyList<ScriptedCaptureSession> Sessions
    {
        get { lock (_lock) return [.. _sessions]; }
    }

    public IReadOnlyList<ScriptedCaptureSession> On(string interfaceName) =>
        [.. Sessions.Where(s => s.Options.InterfaceName == interfaceName)];

    public ICaptureSession Create(CaptureSessionOptions options, ICaptureSessionObserver observer)
    {
        var session = new ScriptedCaptureSession(options, observer, clock(), StartFailure(options));
        lock (_lock)
        {
            _sessions.Add(session);
        }

        return session;
    }
}
