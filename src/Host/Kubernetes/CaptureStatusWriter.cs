using Akka.Actor;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.Event;
using k8s;
using k8s.Autorest;
using k8s.Models;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// The cluster-singleton status writer: takes every <see cref="CaptureStatusChanged"/> from
/// DistributedPubSub topic <see cref="CaptureTopics.All"/> and, for Kubernetes-owned captures,
/// merge-patches the CR's <c>status</c> sub-resource, rate-limited per capture by
/// <see cref="StatusCoalescer"/>; conflicts and server errors are retried with backoff, a 404
/// (the CR is gone) is dropped.
/// </summary>
public sealed class CaptureStatusWriter : ReceiveActor, IWithTimers
{
    private const string FlushTimer = "flush";

    private readonly IKubernetes _client;
    private readonly KubernetesSettings _settings;
    private readonly Random _random;
    private readonly StatusCoalescer _coalescer;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Creates the writer.</summary>
    public CaptureStatusWriter(IKubernetes client, KubernetesSettings settings, Random random)
    {
        _client = client;
        _settings = settings;
        _random = random;
        _coalescer = new StatusCoalescer(settings.StatusInterval);

        Receive<SubscribeAck>(_ => { });
        Receive<CaptureStatusChanged>(OnChanged);
        Receive<Flush>(_ => FlushDue());
        Receive<Patched>(OnPatched);
    }

    /// <inheritdoc />
    public ITimerScheduler Timers { get; set; } = null!;

    /// <summary>Props of the writer.</summary>
    public static Props Props(IKubernetes client, KubernetesSettings settings, Random? random = null) =>
        Akka.Actor.Props.Create(() => new CaptureStatusWriter(client, settings, random ?? new Random()));

    /// <inheritdoc />
    protected override void PreStart() =>
        DistributedPubSub.Get(Context.System).Mediator.Tell(new Subscribe(CaptureTopics.All, Self));

    private void OnChanged(CaptureStatusChanged changed)
    {
        var view = changed.View;
        if (view.Deleted)
        {
            _coalescer.Forget(view.Key);
            return;
        }

        if (!CaptureOwnership.IsOwned(view.Resource))
        {
            return;
        }

        _coalescer.Offer(view.Key, StatusPatch.For(view));
        FlushDue();
    }

    private void FlushDue()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (key, patch) in _coalescer.TakeDue(now))
        {
            PatchAsync(key, patch).PipeTo(Self);
        }

        if (_coalescer.NextDue() is { } next)
        {
            var wait = next - DateTimeOffset.UtcNow;
            Timers.StartSingleTimer(FlushTimer, Flush.Instance, wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1));
        }
    }

    private async Task<Patched> PatchAsync(CaptureKey key, string patch)
    {
        try
        {
            await _client.CustomObjects.PatchNamespacedCustomObjectStatusAsync(
                new V1Patch(patch, V1Patch.PatchType.MergePatch),
                CaptureResourceWatcher.Group, CaptureResourceWatcher.Version, key.Namespace, CaptureResourceWatcher.Plural, key.Name)
                .ConfigureAwait(false);
            return new Patched(key, 200, null);
        }
        catch (HttpOperationException e)
        {
            return new Patched(key, (int)e.Response.StatusCode, e.Message);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            return new Patched(key, 0, e.Message);
        }
    }

    private void OnPatched(Patched result)
    {
        switch (result.Code)
        {
            case >= 200 and < 300:
                _coalescer.Succeeded(result.Key);
                Context.System.EventStream.Publish(new KubernetesCommandSent(null, result.Key));
                break;
            case 404:
                _log.Info("kubernetes: PacketCapture {0} is gone; its status was not written", result.Key);
                _coalescer.Dropped(result.Key);
                break;
            default:
                // 0 is a transport failure; 409, 429 and 5xx say "later"; other 4xx will not get better.
                var retry = result.Code is 0 or 409 or 429 or >= 500;
                var attempt = _coalescer.AttemptsOf(result.Key);
                var notBefore = DateTimeOffset.UtcNow + _settings.Backoff.Delay(attempt, _random);
                if (_coalescer.Failed(result.Key, retry, notBefore, _settings.StatusAttempts))
                {
                    _log.Warning("kubernetes: status of {0} not written ({1}: {2}); given up until it changes again", result.Key, result.Code, result.Error ?? "");
                }

                break;
        }

        FlushDue();
    }

    private sealed class Flush
    {
        public static readonly Flush Instance = new();
    }

    private sealed record Patched(CaptureKey Key, int Code, string? Error);
}
