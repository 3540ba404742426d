using System.Collections.Immutable;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Endpoints;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// The endpoints of a member on a Kubernetes node: the pods with <c>spec.nodeName=&lt;node&gt;</c> in all
/// namespaces, listed then watched (with bookmarks). A watch that ends or drops resumes from the last
/// resourceVersion; 410 Gone lists again; any other failure keeps the known endpoints (their captures go
/// on) and retries with <see cref="NodeWatchBackoff"/>. See <see cref="PodEndpoint"/> for what a pod becomes.
/// </summary>
public sealed class PodEndpointSource : IEndpointSource, IEndpointSetSource
{
    // A watch that ends sooner than this without an event counts as a failure: no hot reconnect loop.
    private static readonly TimeSpan ShortestHealthyWatch = TimeSpan.FromSeconds(1);

    private readonly IKubernetes _client;
    private readonly string _nodeName;
    private readonly ILogger _logger;
    private readonly string _interfacePrefix;
    private readonly NodeWatchBackoff _backoff;
    private readonly int _watchTimeoutSeconds;

    /// <param name="client">The API client.</param>
    /// <param name="nodeName">This node (the pods' <c>spec.nodeName</c>).</param>
    /// <param name="logger">Where relists, failures and bad pods are reported.</param>
    /// <param name="interfacePrefix">Prefix of the host-side interfaces (<see cref="CalicoInterfaceName.DefaultPrefix"/>).</param>
    /// <param name="backoff">Reconnect policy; <see cref="NodeWatchBackoff.Default"/> when null.</param>
    /// <param name="watchTimeoutSeconds">How long one watch request lasts before it is renewed (the server may end it sooner).</param>
    public PodEndpointSource(
        IKubernetes client, string nodeName, ILogger logger, string interfacePrefix = CalicoInterfaceName.DefaultPrefix,
        NodeWatchBackoff? backoff = null, int watchTimeoutSeconds = 300)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(nodeName);
        ArgumentNullException.ThrowIfNull(logger);
        if (CalicoInterfaceName.PrefixProblem(interfacePrefix) is { } problem)
        {
            throw new ArgumentException(problem, nameof(interfacePrefix));
        }

        _client = client;
        _nodeName = nodeName;
        _logger = logger;
        _interfacePrefix = interfacePrefix;
        _backoff = backoff ?? NodeWatchBackoff.Default;
        _watchTimeoutSeconds = watchTimeoutSeconds;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<EndpointChange> WatchAsync(CancellationToken cancellationToken) =>
        EndpointDiff.Changes(SetsAsync(cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<IReadOnlyDictionary<string, WorkloadEndpoint>> SetsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sets = Channel.CreateUnbounded<IReadOnlyDictionary<string, WorkloadEndpoint>>(new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var run = RunAsync(sets.Writer, stop.Token);
        try
        {
            await foreach (var set in sets.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return set;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await run.ConfigureAwait(false);
        }
    }

    private static bool IsGone(Exception e) => e switch
    {
        KubernetesException k => k.Status?.Code == (int)HttpStatusCode.Gone,
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };

    private async Task RunAsync(ChannelWriter<IReadOnlyDictionary<string, WorkloadEndpoint>> sets, CancellationToken cancellationToken)
    {
        var selector = $"spec.nodeName={_nodeName}";
        var watch = new PodSet(_interfacePrefix, new ProblemLog(p => KubernetesNodeLog.PodProblem(_logger, p)));
        string? version = null;
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    if (version is null)
                    {
                        var list = await _client.CoreV1.ListPodForAllNamespacesAsync(fieldSelector: selector, cancellationToken: cancellationToken)
                            .ConfigureAwait(false);
                        version = list.Metadata?.ResourceVersion;
                        if (watch.Replace(list.Items) is { } listed)
                        {
                            sets.TryWrite(listed);
                        }

                        KubernetesNodeLog.PodsListed(_logger, _nodeName, watch.Count);
                        failures = 0;
                    }

                    Exception? streamError = null;
                    var events = 0;
                    var started = DateTime.UtcNow;
                    await foreach (var (type, pod) in _client.CoreV1.WatchListPodForAllNamespacesAsync(
                                       allowWatchBookmarks: true, fieldSelector: selector, resourceVersion: version,
                                       timeoutSeconds: _watchTimeoutSeconds, onError: e => streamError ??= e,
                                       cancellationToken: cancellationToken).ConfigureAwait(false))
                    {
                        events++;
                        version = pod?.Metadata?.ResourceVersion ?? version;
                        var changed = (type, pod) switch
                        {
                            (WatchEventType.Added or WatchEventType.Modified, not null) => watch.Upsert(pod),
                            (WatchEventType.Deleted, not null) => watch.Remove(pod),
                            _ => null,
                        };
                        if (changed is not null)
                        {
                            sets.TryWrite(changed);
                        }
                    }

                    if (streamError is not null)
                    {
                        throw streamError;
                    }

                    failures = events == 0 && DateTime.UtcNow - started < ShortestHealthyWatch ? failures + 1 : 0;
                    if (failures > 0)
                    {
                        await DelayAsync(failures, "the watch ended at once", watch.Count, cancellationToken).ConfigureAwait(false);
                    }
                }
                catch (Exception e) when (IsGone(e) && !cancellationToken.IsCancellationRequested)
                {
                    KubernetesNodeLog.Relisting(_logger, _nodeName);
                    version = null;
                }
                catch (Exception e) when (!cancellationToken.IsCancellationRequested)
                {
                    // The known pods stay: a failing API server must not stop the captures on this node.
                    failures++;
                    await DelayAsync(failures, e.Message.Split('\n', 2)[0].Trim(), watch.Count, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watch was cancelled: the node stopped or re-subscribes.
        }
        finally
        {
            sets.TryComplete();
        }
    }

    private Task DelayAsync(int failures, string reason, int count, CancellationToken cancellationToken)
    {
        var delay = _backoff.Delay(failures, Random.Shared.NextDouble());
        KubernetesNodeLog.PodWatchFailed(_logger, _nodeName, reason, count, delay);
        return Task.Delay(delay, cancellationToken);
    }

    /// <summary>The pods of the node and the endpoint set they make; each change returns the new set, or null when the set is the same.</summary>
    private sealed class PodSet(string interfacePrefix, ProblemLog problems)
    {
        private readonly Dictionary<string, V1Pod> _pods = new(StringComparer.Ordinal);
        private ImmutableSortedDictionary<string, WorkloadEndpoint>? _last;

        public int Count => _last?.Count ?? 0;

        public ImmutableSortedDictionary<string, WorkloadEndpoint>? Replace(IEnumerable<V1Pod> pods)
        {
            _pods.Clear();
            foreach (var pod in pods)
            {
                _pods[PodEndpoint.KeyOf(pod)] = pod;
            }

            return Publish();
        }

        public ImmutableSortedDictionary<string, WorkloadEndpoint>? Upsert(V1Pod pod)
        {
            _pods[PodEndpoint.KeyOf(pod)] = pod;
            return Publish();
        }

        public ImmutableSortedDictionary<string, WorkloadEndpoint>? Remove(V1Pod pod) =>
            _pods.Remove(PodEndpoint.KeyOf(pod)) ? Publish() : null;

        private ImmutableSortedDictionary<string, WorkloadEndpoint>? Publish()
        {
            var builder = ImmutableSortedDictionary.CreateBuilder<string, WorkloadEndpoint>(StringComparer.Ordinal);
            var found = new List<string>();
            foreach (var pod in _pods.Values)
            {
                if (PodEndpoint.From(pod, interfacePrefix, out var problem) is { } endpoint)
                {
                    builder[endpoint.Id] = endpoint;
                }
                else if (problem is not null)
                {
                    found.Add(problem);
                }
            }

            problems.Report(found);
            var next = builder.ToImmutable();
            if (_last is not null && EndpointDiff.Between(_last, next).Count == 0)
            {
                return null;
            }

            _last = next;
            return next;
        }
    }
}
