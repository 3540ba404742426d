using System.Threading.Channels;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Server.Tests.Endpoints;

/// <summary>
/// Consumes a source the way the node agent does (a task reading continuously, so the source's
/// loop keeps scanning) and lets a test take the changes one at a time, each within a deadline.
/// </summary>
internal sealed class ChangeStream : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<EndpointChange> _changes = Channel.CreateUnbounded<EndpointChange>();
    private readonly Task _reader;

    public ChangeStream(IEndpointSource source)
    {
        _reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var change in source.WatchAsync(_stop.Token))
                {
                    _changes.Writer.TryWrite(change);
                }

                _changes.Writer.TryComplete();
            }
            catch (Exception e)
            {
                _changes.Writer.TryComplete(e);
            }
        });
    }

    /// <summary>The endpoints as the changes taken so far make them.</summary>
    public Dictionary<string, WorkloadEndpoint> View { get; } = new(StringComparer.Ordinal);

    public async Task<EndpointChange> NextAsync(int timeoutMs = 10_000)
    {
        using var deadline = new CancellationTokenSource(timeoutMs);
        EndpointChange change;
        try
        {
            change = await _changes.Reader.ReadAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no endpoint change within {timeoutMs} ms; the view is [{string.Join(", ", View.Keys)}]");
        }

        switch (change)
        {
            case EndpointUpserted upserted:
                View[upserted.Endpoint.Id] = upserted.Endpoint;
                break;
            case EndpointRemoved removed:
                View.Remove(removed.EndpointId);
                break;
        }

        return change;
    }

    public async Task<WorkloadEndpoint> NextUpsertAsync(int timeoutMs = 10_000) =>
        Assert.IsType<EndpointUpserted>(await NextAsync(timeoutMs)).Endpoint;

    public async Task<string> NextRemoveAsync(int timeoutMs = 10_000) =>
        Assert.IsType<EndpointRemoved>(await NextAsync(timeoutMs)).EndpointId;

    /// <summary>Takes changes until the view satisfies <paramref name="condition"/>, failing at the deadline.</summary>
    public async Task UntilAsync(Func<Dictionary<string, WorkloadEndpoint>, bool> condition, string what, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition(View))
        {
            var left = (int)(deadline - DateTime.UtcNow).TotalMilliseconds;
            if (left <= 0)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}; the view is [{string.Join(", ", View.Keys)}]");
            }

            try
            {
                await NextAsync(left);
            }
            catch (TimeoutException)
            {
                Assert.Fail($"timed out after {timeoutMs} ms waiting for {what}; the view is [{string.Join(", ", View.Keys)}]");
            }
        }
    }

    /// <summary>True when no change is waiting now (not a wait: only what already arrived).</summary>
    public bool NothingPending => !_changes.Reader.TryPeek(out _);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _reader;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
