using System.Collections.Immutable;
using Akka.Actor;
using Akka.Actor.Internal;
using Akka.DistributedData;
using Akka.Event;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Model;
using CaptureState = PacketCapture.Actors.Model.CaptureState;

namespace PacketCapture.Actors.Nodes;

/// <summary>
/// One per member. Evaluates every desired capture's effective selector against this node's
/// endpoints (<see cref="NodeReconciler"/>), runs one <see cref="InterfaceCaptureActor"/> per
/// selected (capture, endpoint), deletes the files the plan says to, restarts captures whose
/// interface came back, and reports each capture's node status to the capture entities, coalesced
/// to at most one report per capture per <see cref="NodeSettings.StatusReportInterval"/>.
/// </summary>
public sealed class NodeAgent : ReceiveActor, IWithTimers
{
    /// <summary>
    /// The dispatcher interface actors run on (hocon/packetcapture.conf). Opening an interface,
    /// compiling a large filter (up to ~0.4 s) and joining the capture thread on stop block a
    /// thread; on their own threads they never delay entities, the agent or the cluster.
    /// </summary>
    public const string CaptureDispatcher = "packetcapture.capture-dispatcher";

    private const string FlushTimer = "flush";
    private const string InterfacesTimer = "interfaces";
    private const string WatchRetryTimer = "watch-retry";
    private static readonly TimeSpan WatchRetryDelay = TimeSpan.FromSeconds(1);

    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly NodeSettings _settings;
    private readonly IEndpointSource _endpointSource;
    private readonly ICaptureSessionFactory _sessions;
    private readonly IActorRef _captures;
    private readonly IActorRef? _replicator;
    private readonly Func<string, bool> _interfaceExists;
    private readonly Requester _by;

    private readonly Dictionary<string, DesiredCapture> _desired = new(StringComparer.Ordinal);

    /// <summary>Per desired-captures bucket, the map last seen, so a change is diffed within its bucket only.</summary>
    private readonly IReadOnlyDictionary<string, DesiredCapture>[] _seen =
        [.. Enumerable.Repeat<IReadOnlyDictionary<string, DesiredCapture>>(ImmutableDictionary<string, DesiredCapture>.Empty, DesiredCaptures.BucketCount)];
    private readonly Dictionary<string, PlannedCapture> _plans = new(StringComparer.Ordinal);
    private readonly Dictionary<string, WorkloadEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly Dictionary<EndpointCaptureId, EndpointEntry> _entries = [];
    private readonly Dictionary<IActorRef, EndpointCaptureId> _byChild = [];
    private readonly Dictionary<IActorRef, Exception> _failures = [];
    private readonly HashSet<IActorRef> _stopping = [];
    private readonly List<AfterStop> _afterStop = [];
    private readonly SortedSet<string> _dirty = new(StringComparer.Ordinal);
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);
    private CancellationTokenSource? _watch;
    private long _childCounter;

    /// <summary>Creates the agent; see <see cref="Props(NodeSettings, IEndpointSource, ICaptureSessionFactory, IActorRef, IActorRef?)"/>.</summary>
    public NodeAgent(
        NodeSettings settings,
        IEndpointSource endpoints,
        ICaptureSessionFactory sessions,
        IActorRef captures,
        IActorRef? replicator,
        Func<string, bool> interfaceExists)
    {
        _settings = settings;
        _endpointSource = endpoints;
        _sessions = sessions;
        _captures = captures;
        _replicator = replicator;
        _interfaceExists = interfaceExists;
        _by = Requester.ForNode(settings.NodeName);

        Receive<Changed>(OnChanged);
        Receive<DesiredCapture>(OnDesiredCapture);
        Receive<EndpointUpserted>(OnEndpointUpserted);
        Receive<EndpointRemoved>(OnEndpointRemoved);
        Receive<WatchFaulted>(OnWatchFaulted);
        Receive<RetryWatch>(_ => StartWatch());
        Receive<EndpointStateChanged>(OnEndpointState);
        Receive<EndpointFileRotated>(OnFileRotated);
        Receive<EndpointFilesChanged>(_ => OnFilesChanged());
        Receive<EndpointCountersRead>(OnCounters);
        Receive<Terminated>(OnTerminated);
        Receive<Flush>(_ => OnFlush());
        Receive<CheckInterfaces>(_ => RestartReturnedInterfaces(null));
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>
    /// Props of the agent of this member.
    /// </summary>
    /// <param name="settings">This node's capture settings.</param>
    /// <param name="endpoints">Where this node's endpoints come from.</param>
    /// <param name="sessions">Makes capture sessions (libpcap in production).</param>
    /// <param name="captures">Receives <see cref="ReportNodeStatus"/> and <see cref="ReportFileRotated"/>: the capture shard region.</param>
    /// <param name="replicator">The DistributedData replicator to subscribe to desired captures; null when
    /// desired captures are sent to the agent directly as <see cref="DesiredCapture"/> messages.</param>
    public static Props Props(NodeSettings settings, IEndpointSource endpoints, ICaptureSessionFactory sessions, IActorRef captures, IActorRef? replicator) =>
        Props(settings, endpoints, sessions, captures, replicator, CaptureFiles.InterfaceExists);

    /// <summary>Props with the interface-existence check injected (tests).</summary>
    internal static Props Props(
        NodeSettings settings,
        IEndpointSource endpoints,
        ICaptureSessionFactory sessions,
        IActorRef captures,
        IActorRef? replicator,
        Func<string, bool> interfaceExists)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(sessions);
        ArgumentNullException.ThrowIfNull(captures);
        ArgumentNullException.ThrowIfNull(interfaceExists);
        return Akka.Actor.Props.Create(() => new NodeAgent(settings, endpoints, sessions, captures, replicator, interfaceExists));
    }

    /// <inheritdoc />
    protected override SupervisorStrategy SupervisorStrategy() => new StopAndRecordStrategy(_failures);

    /// <inheritdoc />
    protected override void PreStart()
    {
        foreach (var key in DesiredCaptures.AllKeys)
        {
            _replicator?.Tell(Dsl.Subscribe(key, Self));
        }

        StartWatch();
        Timers.StartPeriodicTimer(InterfacesTimer, CheckInterfaces.Instance, _settings.CountersInterval);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        foreach (var key in DesiredCaptures.AllKeys)
        {
            _replicator?.Tell(Dsl.Unsubscribe(key, Self));
        }

        _watch?.Cancel();
        _watch?.Dispose();
        _watch = null;
    }

    private void StartWatch()
    {
        _watch?.Cancel();
        _watch?.Dispose();
        _watch = new CancellationTokenSource();
        var token = _watch.Token;
        var self = Self;
        var source = _endpointSource;
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in source.WatchAsync(token).ConfigureAwait(false))
                {
                    self.Tell(change);
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // The agent stopped or re-subscribed.
            }
            catch (Exception ex)
            {
                self.Tell(new WatchFaulted(ex));
            }
        }, CancellationToken.None);
    }

    private void OnWatchFaulted(WatchFaulted message)
    {
        _log.Warning(message.Error, "The endpoint watch failed; re-subscribing in {0}", WatchRetryDelay);
        Timers.StartSingleTimer(WatchRetryTimer, RetryWatch.Instance, WatchRetryDelay);
    }

    private void OnChanged(Changed changed)
    {
        var bucket = DesiredCaptures.IndexOf(changed.Key);
        if (bucket < 0)
        {
            return;
        }

        var seen = _seen[bucket];
        var now = changed.Get(DesiredCaptures.AllKeys[bucket]).Entries;
        var delta = new Dictionary<string, DesiredCapture?>(StringComparer.Ordinal);
        foreach (var id in seen.Keys.Where(id => !now.ContainsKey(id)))
        {
            delta[id] = null;
        }

        foreach (var (id, capture) in now)
        {
            if (!seen.TryGetValue(id, out var was) || was != capture)
            {
                delta[id] = capture;
            }
        }

        _seen[bucket] = now;
        if (delta.Count > 0)
        {
            Reconcile(delta);
        }
    }

    private void OnDesiredCapture(DesiredCapture capture)
    {
        var id = capture.Key.EntityId;
        if (_desired.TryGetValue(id, out var known) && known.Generation > capture.Generation)
        {
            return;
        }

        Reconcile(new Dictionary<string, DesiredCapture?>(StringComparer.Ordinal) { [id] = capture });
    }

    private void OnEndpointUpserted(EndpointUpserted message)
    {
        _endpoints[message.Endpoint.Id] = message.Endpoint;
        Reconcile(null, message.Endpoint.Id);
        RestartReturnedInterfaces(message.Endpoint.Id);
    }

    private void OnEndpointRemoved(EndpointRemoved message)
    {
        if (_endpoints.Remove(message.EndpointId))
        {
            Reconcile(null, message.EndpointId);
        }
    }

    /// <summary>Acts on the desired captures that changed (<paramref name="delta"/>: entity id → its desired
    /// capture now, null when it vanished; null: none), or on a change of the endpoint <paramref name="changedEndpoint"/>.</summary>
    private void Reconcile(IReadOnlyDictionary<string, DesiredCapture?>? delta, string? changedEndpoint = null)
    {
        // The reconciler compares with what it acted on last time; without a delta that is _desired as is.
        IReadOnlyDictionary<string, DesiredCapture> previous = delta is null ? _desired : new Dictionary<string, DesiredCapture>(_desired, StringComparer.Ordinal);
        var changedCaptures = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, capture) in delta ?? ImmutableDictionary<string, DesiredCapture?>.Empty)
        {
            if (capture is null)
            {
                if (_desired.Remove(id))
                {
                    _plans.Remove(id);
                    changedCaptures.Add(id);
                }

                continue;
            }

            if (previous.TryGetValue(id, out var was) && was == capture)
            {
                continue;
            }

            changedCaptures.Add(id);
            _desired[id] = capture;

            // The plan depends on the spec only, so it is reused while the generation stays.
            var planned = _plans.GetValueOrDefault(id);
            var plan = planned is not null && planned.Desired.Generation == capture.Generation ? planned.Plan : PlanOf(capture);
            _plans[id] = new PlannedCapture(capture, plan);
        }

        var scope = new ReconcileScope(
            changedCaptures,
            changedEndpoint is null ? new HashSet<string>() : new HashSet<string>(StringComparer.Ordinal) { changedEndpoint });
        var running = _entries.ToDictionary(e => e.Key, e => new RunningEndpointCapture(e.Value.Generation, e.Value.Endpoint.Pod, e.Value.Endpoint.InterfaceName));
        var changes = NodeReconciler.Reconcile(previous, _plans, _endpoints, running, scope);
        if (!changes.IsEmpty)
        {
            Apply(changes);
        }
    }

    private CapturePlan? PlanOf(DesiredCapture capture)
    {
        if (capture.Deleted)
        {
            return null;
        }

        try
        {
            return CapturePlan.For(capture.Resource);
        }
        catch (Exception ex)
        {
            _log.Error(ex, "Capture {0} generation {1} cannot be planned; it selects nothing on this node", capture.Key, capture.Generation);
            return null;
        }
    }

    private void Apply(NodeReconcilePlan plan)
    {
        foreach (var id in plan.Stop)
        {
            if (_entries.Remove(id, out var entry))
            {
                StopChildren([entry.Child], then: null);
                MarkDirty(id.CaptureId);
            }
        }

        foreach (var id in plan.StopAndRemoveFiles)
        {
            if (_entries.Remove(id, out var entry))
            {
                var key = entry.Key;
                var endpoint = entry.Endpoint;
                StopChildren([entry.Child], () =>
                {
                    FileAction(key, dir => CaptureFiles.RemoveEndpointFiles(dir, endpoint.Pod, endpoint.InterfaceName));
                    MarkDirty(key.EntityId);
                });
                MarkDirty(id.CaptureId);
            }
        }

        foreach (var start in plan.Restart)
        {
            if (_entries.TryGetValue(start.Id, out var old))
            {
                Replace(old, start.Capture, start.Endpoint);
            }
        }

        foreach (var key in plan.Deleted)
        {
            var captureId = key.EntityId;
            var ids = _entries.Keys.Where(id => id.CaptureId == captureId).ToList();
            var children = new List<IActorRef?>();
            foreach (var id in ids)
            {
                children.Add(_entries[id].Child);
                _entries.Remove(id);
            }

            _dirty.Remove(captureId);
            _reported.Remove(captureId);
            StopChildren(children, () => FileAction(key, CaptureFiles.RemoveDirectory));
        }

        foreach (var key in plan.Cleaned)
        {
            FileAction(key, dir => CaptureFiles.RemovePcapFiles(dir));
            MarkDirty(key.EntityId);
        }

        foreach (var start in plan.Start)
        {
            var entry = new EndpointEntry(start.Id, start.Capture.Desired.Key, start.Capture.Desired.Generation, start.Endpoint);
            _entries[start.Id] = entry;
            Spawn(entry, start.Capture);
        }
    }

    /// <summary>Stops <paramref name="old"/>'s child and starts a new one once it has stopped, so the old
    /// session has closed the active file before the new one appends to it.</summary>
    private void Replace(EndpointEntry old, PlannedCapture capture, WorkloadEndpoint endpoint)
    {
        var entry = new EndpointEntry(old.Id, capture.Desired.Key, capture.Desired.Generation, endpoint)
        {
            Status = old.Status,
        };
        _entries[old.Id] = entry;
        StopChildren([old.Child], () =>
        {
            if (_entries.TryGetValue(entry.Id, out var current) && ReferenceEquals(current, entry) &&
                _plans.TryGetValue(entry.Id.CaptureId, out var latest))
            {
                Spawn(entry, latest);
            }
        });
        MarkDirty(old.Id.CaptureId);
    }

    private void Spawn(EndpointEntry entry, PlannedCapture capture)
    {
        if (capture.Plan is null)
        {
            return;
        }

        var props = InterfaceCaptureActor.Props(_settings, _sessions, capture.Desired, capture.Plan.BpfFilter, entry.Endpoint);
        if (Context.System.Dispatchers.HasDispatcher(CaptureDispatcher))
        {
            props = props.WithDispatcher(CaptureDispatcher);
        }

        var child = Context.ActorOf(props, $"capture-{++_childCounter}");
        Context.Watch(child);
        _byChild[child] = entry.Id;
        entry.Child = child;
        entry.InterfaceGone = false;
        entry.Status = new EndpointStatus(
            entry.Endpoint.Pod,
            entry.Endpoint.InterfaceName,
            InterfaceCaptureActor.InitialState(capture.Desired, Context.System.Scheduler.Now),
            null,
            TrafficCounters.Zero);
        MarkDirty(entry.Id.CaptureId);
    }

    private void RestartReturnedInterfaces(string? endpointId)
    {
        foreach (var entry in _entries.Values.Where(e => e.InterfaceGone && e.Child is not null).ToList())
        {
            if ((endpointId is null || entry.Id.EndpointId == endpointId) &&
                _interfaceExists(entry.Endpoint.InterfaceName) &&
                _plans.TryGetValue(entry.Id.CaptureId, out var capture))
            {
                _log.Info("Interface {0} is back: capture {1} restarts on it", entry.Endpoint.InterfaceName, entry.Key);
                Replace(entry, capture, entry.Endpoint);
            }
        }
    }

    private void StopChildren(IEnumerable<IActorRef?> children, Action? then)
    {
        var waiting = new HashSet<IActorRef>();
        foreach (var child in children)
        {
            if (child is null)
            {
                continue;
            }

            _byChild.Remove(child);
            _stopping.Add(child);
            waiting.Add(child);
            Context.Stop(child);
        }

        if (then is null)
        {
            return;
        }

        if (waiting.Count == 0)
        {
            then();
        }
        else
        {
            _afterStop.Add(new AfterStop(waiting, then));
        }
    }

    private void OnTerminated(Terminated terminated)
    {
        var child = terminated.ActorRef;
        _failures.Remove(child, out var failure);
        if (_stopping.Remove(child))
        {
            foreach (var pending in _afterStop.ToList())
            {
                if (pending.Waiting.Remove(child) && pending.Waiting.Count == 0)
                {
                    _afterStop.Remove(pending);
                    pending.Then();
                }
            }

            return;
        }

        if (!_byChild.Remove(child, out var id) || !_entries.TryGetValue(id, out var entry) || entry.Child != child)
        {
            return;
        }

        // The child died on its own (an unexpected exception; the strategy stopped it): that endpoint
        // is in Error until the capture changes; every other capture goes on.
        var cause = failure is ActorInitializationException { InnerException: { } inner } ? inner : failure;
        entry.Child = null;
        entry.InterfaceGone = false;
        entry.Status = entry.Status with
        {
            State = CaptureState.Error,
            Reason = cause?.Message ?? "the capture actor stopped unexpectedly",
        };
        MarkDirty(id.CaptureId);
    }

    private void OnEndpointState(EndpointStateChanged message)
    {
        if (!TryCurrent(Sender, out var id, out var entry))
        {
            return;
        }

        entry.Status = message.Status;
        entry.InterfaceGone = message.InterfaceGone;
        MarkDirty(id.CaptureId);
    }

    private void OnFileRotated(EndpointFileRotated message)
    {
        if (!TryCurrent(Sender, out var id, out var entry))
        {
            return;
        }

        var rotation = message.Rotation;
        _captures.Tell(new ReportFileRotated(
            entry.Key,
            new NodeFileRotation(_settings.NodeName, entry.Generation, entry.Endpoint.Pod, entry.Endpoint.InterfaceName, rotation.NewFileName, rotation.Bytes, rotation.Packets),
            _by));
        MarkDirty(id.CaptureId);
    }

    private void OnFilesChanged()
    {
        if (TryCurrent(Sender, out var id, out _))
        {
            MarkDirty(id.CaptureId);
        }
    }

    private void OnCounters(EndpointCountersRead message)
    {
        if (!TryCurrent(Sender, out var id, out var entry) || entry.Status.Counters == message.Counters)
        {
            return;
        }

        entry.Status = entry.Status with { Counters = message.Counters };
        MarkDirty(id.CaptureId);
    }

    private bool TryCurrent(IActorRef sender, out EndpointCaptureId id, out EndpointEntry entry)
    {
        if (_byChild.TryGetValue(sender, out id) && _entries.TryGetValue(id, out var found) && found.Child == sender)
        {
            entry = found;
            return true;
        }

        entry = null!;
        return false;
    }

    private void MarkDirty(string captureId)
    {
        _dirty.Add(captureId);
        if (!Timers.IsTimerActive(FlushTimer))
        {
            Timers.StartSingleTimer(FlushTimer, Flush.Instance, _settings.StatusReportInterval);
        }
    }

    private void OnFlush()
    {
        var dirty = _dirty.ToList();
        _dirty.Clear();
        foreach (var captureId in dirty)
        {
            if (!_desired.TryGetValue(captureId, out var capture) || capture.Deleted)
            {
                continue;
            }

            var endpoints = _entries.Values
                .Where(e => e.Id.CaptureId == captureId)
                .Select(e => e.Status)
                .OrderBy(s => s.Pod, StringComparer.Ordinal)
                .ThenBy(s => s.Interface, StringComparer.Ordinal)
                .ToImmutableArray();
            if (endpoints.IsEmpty && !_reported.Contains(captureId))
            {
                continue;
            }

            var error = endpoints.FirstOrDefault(e => e.State == CaptureState.Error);
            var status = new NodeStatus(
                _settings.NodeName,
                capture.Generation,
                _settings.CaptureDirectory,
                NodeStates.Combine(endpoints.Select(e => e.State)),
                error is null ? null : $"{error.Pod}/{error.Interface}: {error.Reason}",
                FileNamesOf(capture.Key),
                endpoints,
                endpoints.Aggregate(TrafficCounters.Zero, (sum, e) => sum + e.Counters));
            _captures.Tell(new ReportNodeStatus(capture.Key, status, _by));

            // Deselection is reported once; after that the capture has nothing on this node.
            if (endpoints.IsEmpty)
            {
                _reported.Remove(captureId);
            }
            else
            {
                _reported.Add(captureId);
            }
        }
    }

    private ImmutableArray<string> FileNamesOf(CaptureKey key)
    {
        try
        {
            return [.. CaptureFiles.PcapNames(CaptureFiles.DirectoryOf(_settings.CaptureDirectory, key.Namespace, key.Name))];
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.Warning(ex, "Cannot list the files of capture {0}", key);
            return [];
        }
    }

    private void FileAction(CaptureKey key, Action<string> action)
    {
        try
        {
            action(CaptureFiles.DirectoryOf(_settings.CaptureDirectory, key.Namespace, key.Name));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            _log.Error(ex, "Deleting files of capture {0} failed", key);
        }
    }

    private sealed class EndpointEntry(EndpointCaptureId id, CaptureKey key, long generation, WorkloadEndpoint endpoint)
    {
        public EndpointCaptureId Id { get; } = id;

        public CaptureKey Key { get; } = key;

        public long Generation { get; } = generation;

        public WorkloadEndpoint Endpoint { get; } = endpoint;

        /// <summary>The current child; null while waiting for the previous one to stop, or after a crash.</summary>
        public IActorRef? Child { get; set; }

        public bool InterfaceGone { get; set; }

        public EndpointStatus Status { get; set; } = new(endpoint.Pod, endpoint.InterfaceName, CaptureState.Scheduled, null, TrafficCounters.Zero);
    }

    private sealed record AfterStop(HashSet<IActorRef> Waiting, Action Then);

    private sealed record WatchFaulted(Exception Error);

    private sealed class RetryWatch
    {
        public static readonly RetryWatch Instance = new();
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }

    private sealed class CheckInterfaces
    {
        public static readonly CheckInterfaces Instance = new();
    }

    /// <summary>Stops a failing child (its capture is reported in Error) and remembers why, for the report.</summary>
    private sealed class StopAndRecordStrategy(Dictionary<IActorRef, Exception> failures) : OneForOneStrategy(_ => Directive.Stop)
    {
        public override void ProcessFailure(
            IActorContext context,
            bool restart,
            IActorRef child,
            Exception cause,
            ChildRestartStats stats,
            IReadOnlyCollection<ChildRestartStats> children)
        {
            failures[child] = cause;
            base.ProcessFailure(context, restart, child, cause, stats, children);
        }
    }
}
