using System.Text.Json;
using Akka.Actor;
using Akka.Event;
using k8s;
using k8s.Autorest;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// The cluster-singleton watcher of <c>packetcaptures.projectcalico.org/v3</c> in all namespaces:
/// lists, then watches from the list's resourceVersion with bookmarks; relists on 410 Gone and
/// every resync interval; reconnects with backoff and jitter. Decisions are
/// <see cref="CaptureWatchDecider"/>'s; this actor only does the I/O and sends the commands.
/// </summary>
public sealed class CaptureResourceWatcher : ReceiveActor, IWithTimers
{
    /// <summary>The CRD's API group.</summary>
    public const string Group = "projectcalico.org";

    /// <summary>The CRD's version.</summary>
    public const string Version = "v3";

    /// <summary>The CRD's plural.</summary>
    public const string Plural = "packetcaptures";

    /// <summary>Who the commands come from in the audit trail.</summary>
    public static readonly Requester By = new("kubernetes", RequestSource.Kubernetes);

    private const string RetryTimer = "retry";

    private static readonly TimeSpan HealthyWatch = TimeSpan.FromSeconds(5);
    private const string ResyncTimer = "resync";

    private readonly IKubernetes _client;
    private readonly IActorRef _region;
    private readonly IActorRef _replicator;
    private readonly KubernetesSettings _settings;
    private readonly Random _random;
    private readonly CaptureWatchDecider _decider = new();
    private readonly ILoggingAdapter _log = Context.GetLogger();

    private CancellationTokenSource _session = new();
    private int _sessionId;
    private string? _resourceVersion;
    private int _failures;

    /// <summary>Creates the watcher.</summary>
    public CaptureResourceWatcher(IKubernetes client, IActorRef region, IActorRef replicator, KubernetesSettings settings, Random random)
    {
        _client = client;
        _region = region;
        _replicator = replicator;
        _settings = settings;
        _random = random;

        Receive<Relist>(_ => StartList());
        Receive<Rewatch>(_ => StartWatch());
        Receive<Listed>(m => m.Session == _sessionId, OnListed);
        Receive<ListFailed>(m => m.Session == _sessionId, OnListFailed);
        Receive<WatchEvent>(m => m.Session == _sessionId, OnEvent);
        Receive<WatchEnded>(m => m.Session == _sessionId, OnWatchEnded);
        Receive<CommandDone>(OnCommandDone);

        // Results of a session that a relist has replaced.
        Receive<ISessionMessage>(_ => { });
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the watcher.</summary>
    public static Props Props(IKubernetes client, IActorRef region, IActorRef replicator, KubernetesSettings settings, Random? random = null) =>
        Akka.Actor.Props.Create(() => new CaptureResourceWatcher(client, region, replicator, settings, random ?? new Random()));

    /// <inheritdoc />
    protected override void PreStart()
    {
        Self.Tell(Relist.Instance);
        Timers.StartPeriodicTimer(ResyncTimer, Relist.Instance, _settings.ResyncInterval);
    }

    /// <inheritdoc />
    protected override void PostStop()
    {
        _session.Cancel();
        _session.Dispose();
    }

    private static string? ResourceVersionOf(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object &&
        item.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object &&
        metadata.TryGetProperty("resourceVersion", out var version) && version.ValueKind == JsonValueKind.String
            ? version.GetString()
            : null;

    private static bool IsExpired(Exception error) => error switch
    {
        KubernetesException k => k.Status?.Code == 410,
        HttpOperationException h => h.Response?.StatusCode == System.Net.HttpStatusCode.Gone,
        _ => false,
    };

    private CancellationToken NewSession()
    {
        _session.Cancel();
        _session.Dispose();
        _session = new CancellationTokenSource();
        _sessionId++;
        return _session.Token;
    }

    private void StartList()
    {
        Timers.Cancel(RetryTimer);
        var token = NewSession();
        var session = _sessionId;
        ListAsync(session, token).PipeTo(Self);
    }

    private async Task<ISessionMessage> ListAsync(int session, CancellationToken token)
    {
        try
        {
            var owned = await OwnedCaptures.ReadAsync(_replicator, _settings.CommandTimeout, token).ConfigureAwait(false);
            var list = await _client.CustomObjects.ListCustomObjectForAllNamespacesAsync<JsonElement>(
                Group, Version, Plural, cancellationToken: token).ConfigureAwait(false);
            var items = list.TryGetProperty("items", out var array) && array.ValueKind == JsonValueKind.Array
                ? array.EnumerateArray().Select(CustomResource.Read).OfType<CustomResource>().ToList()
                : [];
            return new Listed(session, owned, items, ResourceVersionOf(list) ?? "");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new ListFailed(session, e);
        }
    }

    private void OnListed(Listed listed)
    {
        _failures = 0;
        _resourceVersion = listed.ResourceVersion.Length == 0 ? null : listed.ResourceVersion;
        _log.Info("kubernetes: listed {0} PacketCaptures at resourceVersion {1}; {2} captures Kubernetes-owned before",
            listed.Items.Count, listed.ResourceVersion, listed.Owned.Count);
        Carry(_decider.Relist(listed.Owned, listed.Items));
        StartWatch();
    }

    private void OnListFailed(ListFailed failed)
    {
        var delay = _settings.Backoff.Delay(_failures++, _random);
        _log.Warning("kubernetes: listing PacketCaptures failed ({0}); retrying in {1:0.0}s", OneLine(failed.Error), delay.TotalSeconds);
        Timers.StartSingleTimer(RetryTimer, Relist.Instance, delay);
    }

    private void StartWatch()
    {
        if (_resourceVersion is null)
        {
            Self.Tell(Relist.Instance);
            return;
        }

        var token = _session.Token;
        var session = _sessionId;
        var from = _resourceVersion;
        var self = Self;
        var timeout = (int)Math.Max(1, _settings.WatchTimeout.TotalSeconds * (0.9 + (0.2 * _random.NextDouble())));
        _ = Task.Run(async () =>
        {
            Exception? error = null;
            var expired = false;
            var delivered = false;
            var open = global::System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await foreach (var (type, item) in _client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(
                                   Group, Version, Plural, allowWatchBookmarks: true, resourceVersion: from, timeoutSeconds: timeout,
                                   onError: e =>
                                   {
                                       expired |= IsExpired(e);
                                       error ??= e;
                                   },
                                   cancellationToken: token).ConfigureAwait(false))
                {
                    delivered = true;
                    var json = item is JsonElement element ? element : default;
                    var resource = type is WatchEventType.Bookmark or WatchEventType.Error ? null : CustomResource.Read(json);
                    self.Tell(new WatchEvent(session, type, resource, ResourceVersionOf(json)));
                }
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                expired |= IsExpired(e);
                error ??= e;
            }

            // A watch that stayed open a while was healthy even if the cluster was quiet.
            self.Tell(new WatchEnded(session, expired, error, delivered || open.Elapsed >= HealthyWatch));
        }, token);
    }

    private void OnEvent(WatchEvent e)
    {
        _failures = 0;
        if (e.ResourceVersion is { Length: > 0 } version)
        {
            _resourceVersion = version;
        }

        switch (e.Type)
        {
            case WatchEventType.Added or WatchEventType.Modified when e.Resource is not null:
                Carry(_decider.Upsert(e.Resource));
                break;
            case WatchEventType.Deleted when e.Resource is not null:
                Carry(_decider.Delete(e.Resource.Key));
                break;
        }
    }

    private void OnWatchEnded(WatchEnded ended)
    {
        if (ended.Expired)
        {
            _log.Info("kubernetes: resourceVersion {0} is too old (410 Gone); relisting", _resourceVersion ?? "");
            _resourceVersion = null;
            if (ended.Delivered || _failures == 0)
            {
                _failures++;
                Self.Tell(Relist.Instance);
            }
            else
            {
                Timers.StartSingleTimer(RetryTimer, Relist.Instance, _settings.Backoff.Delay(_failures++, _random));
            }

            return;
        }

        if (ended.Error is null && ended.Delivered)
        {
            // The server closed a healthy watch (its timeout, a restart): carry on from the last resourceVersion.
            StartWatch();
            return;
        }

        var delay = _settings.Backoff.Delay(_failures++, _random);
        if (ended.Error is not null)
        {
            _log.Warning("kubernetes: the PacketCapture watch failed ({0}); reconnecting in {1:0.0}s", OneLine(ended.Error), delay.TotalSeconds);
        }

        Timers.StartSingleTimer(RetryTimer, Rewatch.Instance, delay);
    }

    private void Carry(IReadOnlyList<WatchAction> actions)
    {
        foreach (var action in actions)
        {
            ICaptureCommand command;
            switch (action)
            {
                case ApplyResource apply:
                    _log.Info("kubernetes: applying {0} (generation {1})", apply.Key, apply.Generation);
                    command = apply.Command(By);
                    break;
                case DeleteOwned delete:
                    _log.Info("kubernetes: deleting {0}: its PacketCapture resource is gone", delete.Key);
                    command = delete.Command(By);
                    break;
                case ReportInvalid invalid:
                    _log.Warning("kubernetes: PacketCapture {0} (generation {1}) is invalid, not applied: {2}", invalid.Key, invalid.Generation, invalid.Problem);
                    continue;
                default:
                    continue;
            }

            // Ask sends at once, so commands reach each capture in the order decided.
            var sent = action;
            _region.Ask<CaptureReply>(command, _settings.CommandTimeout)
                .ContinueWith(t => new CommandDone(sent, t.IsCompletedSuccessfully ? t.Result : null, t.Exception?.GetBaseException()), TaskScheduler.Default)
                .PipeTo(Self);
            Context.System.EventStream.Publish(new KubernetesCommandSent(command));
        }
    }

    private void OnCommandDone(CommandDone done)
    {
        switch (done.Reply)
        {
            case CaptureSucceeded:
                return;
            case CaptureRejected { Reason: RejectionReason.NotFound } when done.Action is DeleteOwned:
                return;
            case CaptureRejected { Reason: RejectionReason.Invalid or RejectionReason.Forbidden or RejectionReason.Conflict } rejected:
                _log.Warning("kubernetes: {0} refused: {1}", done.Action.Key, rejected.Message);
                return;
        }

        // Unavailable, timed out or unreachable: send it again at a relist soon.
        var why = done.Reply is CaptureRejected r ? r.Message : OneLine(done.Error);
        _decider.Forget(done.Action.Key);
        var delay = _settings.Backoff.Delay(Math.Min(_failures, 10), _random);
        _log.Warning("kubernetes: {0} for {1} failed ({2}); relisting in {3:0.0}s", done.Action.GetType().Name, done.Action.Key, why, delay.TotalSeconds);
        if (!Timers.IsTimerActive(RetryTimer))
        {
            Timers.StartSingleTimer(RetryTimer, Relist.Instance, delay);
        }
    }

    private static string OneLine(Exception? error) =>
        error is null ? "no answer" : $"{error.GetType().Name}: {error.Message.Split('\n', 2)[0].Trim()}";

    private interface ISessionMessage;

    private sealed class Relist
    {
        public static readonly Relist Instance = new();
    }

    private sealed class Rewatch
    {
        public static readonly Rewatch Instance = new();
    }

    private sealed record Listed(int Session, IReadOnlyDictionary<CaptureKey, long> Owned, IReadOnlyList<CustomResource> Items, string ResourceVersion) : ISessionMessage;

    private sealed record ListFailed(int Session, Exception Error) : ISessionMessage;

    private sealed record WatchEvent(int Session, WatchEventType Type, CustomResource? Resource, string? ResourceVersion) : ISessionMessage;

    // Delivered: the watch carried events or stayed open long enough to count as healthy.
    private sealed record WatchEnded(int Session, bool Expired, Exception? Error, bool Delivered) : ISessionMessage;

    private sealed record CommandDone(WatchAction Action, CaptureReply? Reply, Exception? Error);
}
