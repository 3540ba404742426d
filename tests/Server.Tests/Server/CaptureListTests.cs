using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Server;

namespace PacketCapture.Server.Tests.Server;

public sealed class CaptureListTests : IDisposable
{
    private static readonly Requester Admin = new("admin", RequestSource.Api);
    private readonly TempDirectory _temp = new();

    private ServerOptions Options => new()
    {
        DataDirectory = System.IO.Path.Combine(_temp.Path, "data"),
        Listen = "127.0.0.1:0",
        NodeName = "node-a",
    };

    private static PacketCaptureResource Resource(string ns, string name) =>
        new(new ObjectMeta { Namespace = ns, Name = name }, new PacketCaptureSpec { Selector = "app == 'none'" });

    [Fact]
    public async Task Lists_captures_published_in_different_buckets_and_not_deleted_ones()
    {
        var keys = new[] { new CaptureKey("shop", "cap"), new CaptureKey("shop", "other"), new CaptureKey("default", "a"), new CaptureKey("default", "b") };
        Assert.Equal(keys.Length, keys.Select(DesiredCaptures.KeyFor).Distinct().Count());
        await using var server = await PacketCaptureServer.StartAsync(Options, new ChannelEndpointSource());
        foreach (var key in keys)
        {
            Assert.IsType<CaptureSucceeded>(await server.Captures.SendAsync(new ApplyCapture(Resource(key.Namespace, key.Name), Admin), CancellationToken.None));
        }

        Assert.IsType<CaptureSucceeded>(await server.Captures.SendAsync(new DeleteCapture(new CaptureKey("default", "b"), Admin), CancellationToken.None));

        IReadOnlyList<CaptureKey> all = [];
        Poll.Until(
            () => (all = server.Captures.ListAsync(null, CancellationToken.None).GetAwaiter().GetResult()).Count == 3,
            "three listed captures");
        var shop = await server.Captures.ListAsync("shop", CancellationToken.None);

        Assert.Equal([new CaptureKey("default", "a"), new CaptureKey("shop", "cap"), new CaptureKey("shop", "other")], all);
        Assert.Equal([new CaptureKey("shop", "cap"), new CaptureKey("shop", "other")], shop);
    }

    public void Dispose() => _temp.Dispose();
}
