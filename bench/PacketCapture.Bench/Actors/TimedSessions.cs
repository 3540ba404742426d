using System.Diagnostics;
using PacketCapture.Actors.Nodes;
using PacketCapture.Capture;

namespace PacketCapture.Bench.Actors;

/// <summary>
/// Records, per capture name, when each scripted session started and how many have stopped, and
/// completes waits when a count is reached. Timestamps are <see cref="Stopwatch.GetTimestamp"/> ticks.
/// </summary>
internal sealed class SessionLog
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>Completes with the timestamp of the <paramref name="count"/>-th start of a session of <paramref name="captureName"/>.</summary>
    public Task<long> Started(string captureName, int count)
    {
        lock (_lock)
        {
            var entry = EntryOf(captureName);
            entry.StartTarget = count;
            entry.StartWaiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (entry.Starts >= count)
            {
                entry.StartWaiter.TrySetResult(entry.LastStart);
            }

            return entry.StartWaiter.Task;
        }
    }

    /// <summary>Completes when <paramref name="count"/> sessions of <paramref name="captureName"/> have stopped.</summary>
    public Task Stopped(string captureName, int count)
    {
        lock (_lock)
        {
            var entry = EntryOf(captureName);
            entry.StopTarget = count;
            entry.StopWaiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (entry.Stops >= count)
            {
                entry.StopWaiter.TrySetResult();
            }

            return entry.StopWaiter.Task;
        }
    }

    public void OnStart(string captureName, long timestamp)
    {
        lock (_lock)
        {
            var entry = EntryOf(captureName);
            entry.Starts++;
            entry.LastStart = timestamp;
            if (entry.StartWaiter is { } waiter && entry.Starts >= entry.StartTarget)
            {
                waiter.TrySetResult(timestamp);
            }
        }
    }

    public void OnStop(string captureName)
    {
        lock (_lock)
        {
            var entry = EntryOf(captureName);
            entry.Stops++;
            if (entry.StopWaiter is { } waiter && entry.Stops >= entry.StopTarget)
            {
                waiter.TrySetResult();
            }
        }
    }

    private Entry EntryOf(string captureName)
    {
        if (!_entries.TryGetValue(captureName, out var entry))
        {
            entry = new Entry();
            _entries[captureName] = entry;
        }

        return entry;
    }

    private sealed class Entry
    {
        public int Starts { get; set; }

        public long LastStart { get; set; }

        public int Stops { get; set; }

        public int StartTarget { get; set; }

        public int StopTarget { get; set; }

        public TaskCompletionSource<long>? StartWaiter { get; set; }

        public TaskCompletionSource? StopWaiter { get; set; }
    }
}

/// <summary>A session without libpcap: Start notes the time and reports WaitingForTraffic, as a real
/// session does once the interface is open; Stop/Dispose note the stop once.</summary>
internal sealed class TimedSession(CaptureSessionOptions options, ICaptureSessionObserver observer, SessionLog log) : ICaptureSession
{
    private int _stopped;

    public CaptureState State { get; private set; } = CaptureState.Scheduled;

    public string? Reason => null;

    public void Start()
    {
        log.OnStart(options.CaptureName, Stopwatch.GetTimestamp());
        State = CaptureState.WaitingForTraffic;
        observer.OnStateChanged(CaptureState.WaitingForTraffic, null);
    }

    public void Rotate()
    {
    }

    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            State = CaptureState.Finished;
            log.OnStop(options.CaptureName);
        }
    }

    public CaptureCounters ReadCounters() => default;

    public void Dispose() => Stop();
}

/// <summary>Makes <see cref="TimedSession"/>s reporting to one <see cref="SessionLog"/>.</summary>
internal sealed class TimedSessionFactory(SessionLog log) : ICaptureSessionFactory
{
    public ICaptureSession Create(CaptureSessionOptions options, ICaptureSessionObserver observer) => new TimedSession(options, observer, log);
}
