using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>
/// Pods discovered from network namespaces (docs/ENDPOINTS.md): a named netns
/// (<c>/run/netns/&lt;name&gt;</c>) is a pod when it has a labels file
/// <c>&lt;podsDirectory&gt;/&lt;name&gt;.yaml</c> AND a veth whose other end is in the root
/// namespace; the endpoint is captured on that root-namespace end. A netns without a labels file
/// is never reported, so an <c>all()</c> selector cannot capture some unrelated namespace of the host.
/// </summary>
public sealed class NetnsEndpointSource : IEndpointSource, IEndpointSetSource
{
    /// <summary>Where iproute2 keeps named network namespaces.</summary>
    public const string NetnsDirectory = "/run/netns";

    /// <summary>How often interfaces are rescanned: a veth added or deleted makes no file event.</summary>
    public static readonly TimeSpan DefaultRescanInterval = TimeSpan.FromSeconds(2);

    // A labels file is a few lines; anything bigger is a mistake, not a pod.
    private const int MaxLabelsFileBytes = 64 * 1024;

    private readonly string _podsDirectory;
    private readonly ILogger _logger;
    private readonly TimeSpan _rescanInterval;
    private readonly TimeSpan _settleTime;

    /// <param name="podsDirectory">Where the <c>&lt;netns&gt;.yaml</c> labels files are.</param>
    /// <param name="logger">Where a bad labels file or a failed scan is reported.</param>
    /// <param name="rescanInterval">Periodic rescan; <see cref="DefaultRescanInterval"/> when null.</param>
    /// <param name="settleTime">Debounce after a file event; <see cref="EndpointFileSource.DefaultSettleTime"/> when null.</param>
    public NetnsEndpointSource(string podsDirectory, ILogger logger, TimeSpan? rescanInterval = null, TimeSpan? settleTime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(podsDirectory);
        ArgumentNullException.ThrowIfNull(logger);
        _podsDirectory = Path.GetFullPath(podsDirectory);
        _logger = logger;
        _rescanInterval = rescanInterval ?? DefaultRescanInterval;
        _settleTime = settleTime ?? EndpointFileSource.DefaultSettleTime;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<EndpointChange> WatchAsync(CancellationToken cancellationToken) =>
        EndpointDiff.Changes(SetsAsync(cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<IReadOnlyDictionary<string, WorkloadEndpoint>> SetsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var signal = new RescanSignal();
        using var podsWatcher = signal.Watch(_podsDirectory, _logger);
        using var netnsWatcher = signal.Watch(NetnsDirectory, _logger);
        var scanner = new Scanner(_podsDirectory, _logger);
        var current = await scanner.ScanAsync(cancellationToken).ConfigureAwait(false);
        yield return current;
        while (true)
        {
            await signal.WaitAsync(_rescanInterval, _settleTime, cancellationToken).ConfigureAwait(false);
            var next = await scanner.ScanAsync(cancellationToken).ConfigureAwait(false);
            if (EndpointDiff.Between(current, next).Count > 0)
            {
                current = next;
                yield return current;
            }
        }
    }

    /// <summary>The state of one watch: the last good labels of each netns and what has been reported.</summary>
    private sealed class Scanner(string podsDirectory, ILogger logger)
    {
        private const string LabelsSuffix = ".yaml";

        private static readonly ImmutableSortedDictionary<string, WorkloadEndpoint> None =
            ImmutableSortedDictionary<string, WorkloadEndpoint>.Empty.WithComparers(StringComparer.Ordinal);

        private readonly ProblemLog _problems = new(p => EndpointLog.NetnsProblem(logger, p));
        private readonly Dictionary<string, PodLabels> _lastGoodLabels = new(StringComparer.Ordinal);
        private ImmutableSortedDictionary<string, WorkloadEndpoint> _last = None;

        public async Task<ImmutableSortedDictionary<string, WorkloadEndpoint>> ScanAsync(CancellationToken cancellationToken)
        {
            var problems = new List<string>();
            var labelled = LabelledNamespaces(problems);
            if (labelled.Count == 0)
            {
                // Nothing can be a pod: no need to ask the kernel.
                _lastGoodLabels.Clear();
                _problems.Report(problems);
                return _last = None;
            }

            IReadOnlyDictionary<string, string> hostVeths;
            try
            {
                var links = await IpCommand.RunAsync(["-j", "link", "show", "type", "veth"], cancellationToken).ConfigureAwait(false);
                var namespaces = await IpCommand.RunAsync(["-j", "netns", "list"], cancellationToken).ConfigureAwait(false);
                hostVeths = HostVeths.ByNamespace(links, namespaces);
            }
            catch (Exception e) when (e is IOException or FormatException)
            {
                // A failed scan says nothing about the pods: keep them rather than stop their captures.
                _problems.Report([$"cannot list network namespaces and veths ({e.Message}); keeping the {_last.Count} known netns pods"]);
                return _last;
            }

            var result = ImmutableSortedDictionary.CreateBuilder<string, WorkloadEndpoint>(StringComparer.Ordinal);
            var owners = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var netns in _lastGoodLabels.Keys.Where(n => !labelled.Contains(n)).ToList())
            {
                _lastGoodLabels.Remove(netns);
            }

            foreach (var netns in labelled.Order(StringComparer.Ordinal))
            {
                if (!hostVeths.TryGetValue(netns, out var hostInterface))
                {
                    continue;
                }

                var fileName = Path.Combine(podsDirectory, netns + LabelsSuffix);
                var labels = ReadLabels(fileName, netns, problems);
                if (labels is not null)
                {
                    _lastGoodLabels[netns] = labels;
                }
                else if (!_lastGoodLabels.TryGetValue(netns, out labels))
                {
                    continue;
                }

                var endpoint = labels.At(hostInterface);
                if (owners.TryGetValue(endpoint.Id, out var owner))
                {
                    problems.Add($"{fileName}: namespace {endpoint.Namespace}, pod {endpoint.Pod}, endpoint {labels.Endpoint} is already netns {owner}'s; this netns is ignored");
                    continue;
                }

                owners[endpoint.Id] = netns;
                result[endpoint.Id] = endpoint;
            }

            _problems.Report(problems);
            var next = result.ToImmutable();
            return _last = EndpointDiff.Between(_last, next).Count == 0 ? _last : next;
        }

        /// <summary>The netns names that have a labels file.</summary>
        private HashSet<string> LabelledNamespaces(List<string> problems)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            try
            {
                foreach (var file in Directory.EnumerateFiles(podsDirectory))
                {
                    var name = Path.GetFileName(file);
                    if (name.EndsWith(LabelsSuffix, StringComparison.Ordinal) && name.Length > LabelsSuffix.Length && !name.StartsWith('.'))
                    {
                        names.Add(name[..^LabelsSuffix.Length]);
                    }
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"cannot list the pods directory {podsDirectory}: {e.Message}");
            }

            return names;
        }

        private static PodLabels? ReadLabels(string fileName, string netns, List<string> problems)
        {
            string text;
            try
            {
                var info = new FileInfo(fileName);
                if (!info.Exists)
                {
                    return null;
                }

                if (info.Length > MaxLabelsFileBytes)
                {
                    problems.Add($"{fileName}: is {info.Length} bytes; a labels file may be at most {MaxLabelsFileBytes / 1024} KiB");
                    return null;
                }

                text = File.ReadAllText(fileName);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{fileName}: cannot be read: {e.Message}");
                return null;
            }

            var (pod, errors) = PodLabelsFile.Parse(text, fileName, netns);
            problems.AddRange(errors);
            return pod;
        }
    }
}
