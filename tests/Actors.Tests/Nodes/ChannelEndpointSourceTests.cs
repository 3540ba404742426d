using PacketCapture.Actors.Nodes;
using Xunit;
using static PacketCapture.Actors.Tests.Nodes.NodeTestData;

namespace PacketCapture.Actors.Tests.Nodes;

public sealed class ChannelEndpointSourceTests
{
    private static readonly WorkloadEndpoint Web1 = Endpoint("shop", "web-1", "cali1", ("app", "web"));
    private static readonly WorkloadEndpoint Web2 = Endpoint("shop", "web-2", "cali2", ("app", "web"));

    [Fact]
    public async Task Replays_the_current_endpoints_to_each_new_watcher_then_follows_changes()
    {
        var source = new ChannelEndpointSource();
        source.Upsert(Web2);
        source.Upsert(Web1);
        source.Remove("shop/missing");
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var watch = source.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);

        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(new EndpointUpserted(Web1), watch.Current);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(new EndpointUpserted(Web2), watch.Current);

        source.Remove(Web1.Id);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(new EndpointRemoved(Web1.Id), watch.Current);

        await using var second = source.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        Assert.True(await second.MoveNextAsync());
        Assert.Equal(new EndpointUpserted(Web2), second.Current);
        Assert.Equal([Web2.Id], source.Snapshot.Keys);
    }

    [Fact]
    public async Task Ends_current_watches_with_the_fault()
    {
        var source = new ChannelEndpointSource();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var watch = source.WatchAsync(cancel.Token).GetAsyncEnumerator(cancel.Token);
        var next = watch.MoveNextAsync();

        source.Fault(new IOException("broken"));

        var error = await Assert.ThrowsAsync<IOException>(async () => await next);
        Assert.Equal("broken", error.Message);
    }
}
