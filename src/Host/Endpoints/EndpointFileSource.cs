using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>
/// Endpoints from a YAML file (docs/ENDPOINTS.md), followed as it changes. A file that is bad or
/// missing at start gives no endpoints (with an error logged); a file that turns bad later keeps
/// the last good set, so a typo loses no endpoint; a file deleted later removes its endpoints.
/// </summary>
public sealed class EndpointFileSource : IEndpointSource, IEndpointSetSource
{
    /// <summary>How often the file is re-read without a file-system event (a missed event, an unwatchable directory).</summary>
    public static readonly TimeSpan DefaultRescanInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long to wait after a file-system event before reading, so one save is read once and whole.</summary>
    public static readonly TimeSpan DefaultSettleTime = TimeSpan.FromMilliseconds(150);

    private readonly string _path;
    private readonly string _fullPath;
    private readonly ILogger _logger;
    private readonly TimeSpan _rescanInterval;
    private readonly TimeSpan _settleTime;

    /// <param name="path">The endpoints file; errors name it as written here.</param>
    /// <param name="logger">Where a bad or missing file is reported.</param>
    /// <param name="rescanInterval">Periodic re-read; <see cref="DefaultRescanInterval"/> when null.</param>
    /// <param name="settleTime">Debounce after a file event; <see cref="DefaultSettleTime"/> when null.</param>
    public EndpointFileSource(string path, ILogger logger, TimeSpan? rescanInterval = null, TimeSpan? settleTime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(logger);
        _path = path;
        _fullPath = Path.GetFullPath(path);
        _logger = logger;
        _rescanInterval = rescanInterval ?? DefaultRescanInterval;
        _settleTime = settleTime ?? DefaultSettleTime;
    }

    /// <inheritdoc />
    public IAsyncEnumerable<EndpointChange> WatchAsync(CancellationToken cancellationToken) =>
        EndpointDiff.Changes(SetsAsync(cancellationToken), cancellationToken);

    /// <inheritdoc />
    public async IAsyncEnumerable<IReadOnlyDictionary<string, WorkloadEndpoint>> SetsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var signal = new RescanSignal();
        using var watcher = signal.Watch(Path.GetDirectoryName(_fullPath)!, _logger);
        var reader = new Reader(_path, _fullPath, _logger);
        var current = reader.Read();
        yield return current;
        while (true)
        {
            await signal.WaitAsync(_rescanInterval, _settleTime, cancellationToken).ConfigureAwait(false);
            var next = reader.Read();
            if (!ReferenceEquals(next, current))
            {
                current = next;
                yield return current;
            }
        }
    }

    /// <summary>The state of one watch: the last good set and what has been reported.</summary>
    private sealed class Reader(string path, string fullPath, ILogger logger)
    {
        private static readonly ImmutableSortedDictionary<string, WorkloadEndpoint> None =
            ImmutableSortedDictionary<string, WorkloadEndpoint>.Empty.WithComparers(StringComparer.Ordinal);

        private readonly ProblemLog _problems = new(p => EndpointLog.FileProblem(logger, p));
        private ImmutableSortedDictionary<string, WorkloadEndpoint> _good = None;
        private string? _lastText;
        private bool _started;
        private bool _missing;

        /// <summary>The set to publish now: the same instance when nothing changed.</summary>
        public ImmutableSortedDictionary<string, WorkloadEndpoint> Read()
        {
            var first = !_started;
            _started = true;
            string text;
            try
            {
                var info = new FileInfo(fullPath);
                if (!info.Exists)
                {
                    return Missing(first);
                }

                if (info.Length > InputLimits.MaxInputBytes)
                {
                    return Invalid([$"{path}: is {info.Length} bytes; an endpoints file may be at most {InputLimits.MaxInputBytes / 1024} KiB"]);
                }

                text = File.ReadAllText(fullPath);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                return Missing(first);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return Invalid([$"{path}: cannot be read: {e.Message}"]);
            }

            _missing = false;
            if (text == _lastText)
            {
                return _good;
            }

            _lastText = text;
            var result = EndpointFile.Parse(text, path);
            if (!result.IsValid)
            {
                return Invalid(result.Errors);
            }

            if (_problems.Any)
            {
                EndpointLog.FileValidAgain(logger, path, result.Endpoints.Count);
                _problems.Report([]);
            }

            if (EndpointDiff.Between(_good, result.Endpoints).Count > 0)
            {
                _good = result.Endpoints;
            }

            return _good;
        }

        private ImmutableSortedDictionary<string, WorkloadEndpoint> Missing(bool first)
        {
            _lastText = null;
            _problems.Report([]);
            if (!_missing)
            {
                if (first)
                {
                    EndpointLog.FileMissingAtStart(logger, path);
                }
                else
                {
                    EndpointLog.FileDeleted(logger, path, _good.Count);
                }
            }

            _missing = true;
            _good = None;
            return _good;
        }

        private ImmutableSortedDictionary<string, WorkloadEndpoint> Invalid(IEnumerable<string> errors)
        {
            _missing = false;
            if (_problems.Report(errors))
            {
                if (_good.Count == 0)
                {
                    EndpointLog.NothingGoodYet(logger, path);
                }
                else
                {
                    EndpointLog.KeepingLastGood(logger, path, _good.Count);
                }
            }

            return _good;
        }
    }
}
