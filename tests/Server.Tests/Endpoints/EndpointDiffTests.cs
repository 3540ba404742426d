using System.Collections.Immutable;
using PacketCapture.Actors.Nodes;
using PacketCapture.Host.Endpoints;

namespace PacketCapture.Server.Tests.Endpoints;

public sealed class EndpointDiffTests
{
    private static WorkloadEndpoint Endpoint(string pod, string iface, string app) =>
        new("shop", pod, "eth0", iface, ImmutableSortedDictionary<string, string>.Empty.Add("app", app));

    private static Dictionary<string, WorkloadEndpoint> Set(params WorkloadEndpoint[] endpoints) =>
        endpoints.ToDictionary(e => e.Id, StringComparer.Ordinal);

    [Fact]
    public void Removes_come_first_then_upserts_of_new_and_changed_endpoints_only()
    {
        var web1 = Endpoint("web-1", "v1", "web");
        var web2 = Endpoint("web-2", "v2", "web");
        var db1 = Endpoint("db-1", "v3", "db");
        var relabelled = Endpoint("web-2", "v2", "api");
        var moved = Endpoint("web-1", "v9", "web");
        var added = Endpoint("cache-1", "v4", "cache");

        var changes = EndpointDiff.Between(Set(web1, web2, db1), Set(moved, relabelled, added));

        Assert.Equal<EndpointChange>(
            [new EndpointRemoved(db1.Id), new EndpointUpserted(added), new EndpointUpserted(moved), new EndpointUpserted(relabelled)],
            changes);
    }

    [Fact]
    public void An_equal_endpoint_in_a_new_set_is_no_change()
    {
        var before = Endpoint("web-1", "v1", "web");
        var again = Endpoint("web-1", "v1", "web");

        Assert.Empty(EndpointDiff.Between(Set(before), Set(again)));
    }

    [Fact]
    public async Task The_stream_starts_with_every_endpoint_then_follows_differences()
    {
        var web1 = Endpoint("web-1", "v1", "web");
        var web2 = Endpoint("web-2", "v2", "web");

        var changes = new List<EndpointChange>();
        await foreach (var change in EndpointDiff.Changes(Sets(Set(web1, web2), Set(web1, web2), Set(web2)), CancellationToken.None))
        {
            changes.Add(change);
        }

        Assert.Equal<EndpointChange>([new EndpointUpserted(web1), new EndpointUpserted(web2), new EndpointRemoved(web1.Id)], changes);
    }

    private static async IAsyncEnumerable<IReadOnlyDictionary<string, WorkloadEndpoint>> Sets(params Dictionary<string, WorkloadEndpoint>[] sets)
    {
        foreach (var set in sets)
        {
            await Task.Yield();
            yield return set;
        }
    }
}
