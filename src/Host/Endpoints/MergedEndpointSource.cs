using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>
/// Discovery (netns, or the pods of a Kubernetes node) and the endpoints file as one source. Both are merged as whole sets before
/// diffing, so the node sees one upsert per endpoint at start and only real changes after.
/// When both define the same namespace/pod/endpoint the file wins (it is the explicit one).
/// </summary>
internal sealed class MergedEndpointSource(EndpointFileSource? file, IEndpointSetSource discovered, ILogger logger) : IEndpointSource
{
    // Once per endpoint for the life of the source: every rescan would otherwise repeat it.
    private readonly ConcurrentDictionary<string, bool> _conflictsLogged = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public IAsyncEnumerable<EndpointChange> WatchAsync(CancellationToken cancellationToken) =>
        file is null ? EndpointDiff.Changes(discovered.SetsAsync(cancellationToken), cancellationToken) : EndpointDiff.Changes(SetsAsync(file, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<IReadOnlyDictionary<string, WorkloadEndpoint>> SetsAsync(
        EndpointFileSource fileSource, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var updates = Channel.CreateUnbounded<(bool FromFile, IReadOnlyDictionary<string, WorkloadEndpoint> Set)>(
            new UnboundedChannelOptions { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task[] pumps = [Pump(fileSource, true, updates.Writer, stop.Token), Pump(discovered, false, updates.Writer, stop.Token)];
        try
        {
            IReadOnlyDictionary<string, WorkloadEndpoint>? fromFile = null;
            IReadOnlyDictionary<string, WorkloadEndpoint>? fromNetns = null;
            await foreach (var (fromFileSource, set) in updates.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (fromFileSource)
                {
                    fromFile = set;
                }
                else
                {
                    fromNetns = set;
                }

                // Wait for both first sets: the stream starts with the merged set, not one half of it.
                if (fromFile is not null && fromNetns is not null)
                {
                    yield return Merge(fromFile, fromNetns);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(pumps).ConfigureAwait(false);
        }
    }

    private Dictionary<string, WorkloadEndpoint> Merge(
        IReadOnlyDictionary<string, WorkloadEndpoint> fromFile,
        IReadOnlyDictionary<string, WorkloadEndpoint> fromNetns)
    {
        var merged = new Dictionary<string, WorkloadEndpoint>(fromNetns, StringComparer.Ordinal);
        foreach (var (id, endpoint) in fromFile)
        {
            if (fromNetns.TryGetValue(id, out var discovered) && _conflictsLogged.TryAdd(id, true))
            {
                EndpointLog.FileWins(logger, id, endpoint.InterfaceName, discovered.InterfaceName);
            }

            merged[id] = endpoint;
        }

        return merged;
    }

    private static async Task Pump(
        IEndpointSetSource source, bool fromFile,
        ChannelWriter<(bool, IReadOnlyDictionary<string, WorkloadEndpoint>)> writer, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var set in source.SetsAsync(cancellationToken).ConfigureAwait(false))
            {
                writer.TryWrite((fromFile, set));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The watch ended.
        }
        catch (Exception e)
        {
            // Fail the whole watch: the node re-subscribes, and both sources start afresh.
            writer.TryComplete(e);
        }
    }
}
