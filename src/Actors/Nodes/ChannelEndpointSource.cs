using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace PacketCapture.Actors.Nodes;

/// <summary>
/// Endpoints set by hand (tests, the standalone host, benchmarks): <see cref="Upsert"/> and
/// <see cref="Remove"/> change a snapshot that every new watcher receives first, then every change.
/// </summary>
public sealed class ChannelEndpointSource : IEndpointSource
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, WorkloadEndpoint> _endpoints = new(StringComparer.Ordinal);
    private readonly List<Channel<EndpointChange>> _watchers = [];

    /// <summary>The endpoints now, by id.</summary>
    public IReadOnlyDictionary<string, WorkloadEndpoint> Snapshot
    {
        get
        {
            lock (_lock)
            {
                return new Dictionary<string, WorkloadEndpoint>(_endpoints, StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Adds the endpoint, or replaces the one with the same <see cref="WorkloadEndpoint.Id"/>.</summary>
    public void Upsert(WorkloadEndpoint endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        lock (_lock)
        {
            _endpoints[endpoint.Id] = endpoint;
            Publish(new EndpointUpserted(endpoint));
        }
    }

    /// <summary>Removes the endpoint with this id; nothing happens when there is none.</summary>
    public void Remove(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        lock (_lock)
        {
            if (_endpoints.Remove(id))
            {
                Publish(new EndpointRemoved(id));
            }
        }
    }

    /// <summary>Ends every current watch with <paramref name="error"/> (a source that broke); later watches start afresh.</summary>
    public void Fault(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        lock (_lock)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Writer.TryComplete(error);
            }

            _watchers.Clear();
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<EndpointChange> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateUnbounded<EndpointChange>(new UnboundedChannelOptions { SingleReader = true });
        lock (_lock)
        {
            // Snapshot and registration under one lock: no change falls between them.
            foreach (var endpoint in _endpoints.Values.OrderBy(e => e.Id, StringComparer.Ordinal))
            {
                channel.Writer.TryWrite(new EndpointUpserted(endpoint));
            }

            _watchers.Add(channel);
        }

        try
        {
            await foreach (var change in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return change;
            }
        }
        finally
        {
            lock (_lock)
            {
                _watchers.Remove(channel);
            }
        }
    }

    private void Publish(EndpointChange change)
    {
        foreach (var watcher in _watchers)
        {
            watcher.Writer.TryWrite(change);
        }
    }
}
