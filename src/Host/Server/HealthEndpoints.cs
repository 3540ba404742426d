using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Sharding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Server;

/// <summary><c>/healthz</c> (the process answers), <c>/readyz</c> (member Up and journal reachable),
/// <c>/metrics</c> (Prometheus text, authenticated: it names every capture).</summary>
internal static class HealthEndpoints
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly Requester Scraper = new("metrics", RequestSource.Api);

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok\n", "text/plain"));
        app.MapGet("/readyz", (Delegate)ReadyAsync);
        app.MapGet("/metrics", (Delegate)MetricsAsync).RequireAuthorization();
    }

    private static async Task<IResult> ReadyAsync(HttpContext context)
    {
        var system = context.RequestServices.GetRequiredService<ActorSystem>();
        var status = Cluster.Get(system).SelfMember.Status;
        if (status != MemberStatus.Up)
        {
            return Results.Text($"not ready: cluster member is {status}, not Up\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var journal = await context.RequestServices.GetRequiredService<JournalProbe>()
            .ProbeAsync(ProbeTimeout, context.RequestAborted).ConfigureAwait(false);
        return journal.Ok
            ? Results.Text("ok\n", "text/plain")
            : Results.Text($"not ready: {journal.Problem}\n", "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
    }

    private static async Task<IResult> MetricsAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var cancel = context.RequestAborted;
        var captures = services.GetRequiredService<ICaptureService>();
        var keys = await captures.ListAsync(null, cancel).ConfigureAwait(false);
        var replies = await Task.WhenAll(keys.Select(k => captures.SendAsync(new GetCapture(k, Scraper), cancel))).ConfigureAwait(false);
        var views = replies.OfType<CaptureSucceeded>().Select(r => r.View).ToList();
        var memberUp = Cluster.Get(services.GetRequiredService<ActorSystem>()).SelfMember.Status == MemberStatus.Up;
        var journal = await services.GetRequiredService<JournalProbe>().ProbeAsync(ProbeTimeout, cancel).ConfigureAwait(false);
        var hosted = await HostedEntitiesAsync(services.GetRequiredService<ActorSystem>()).ConfigureAwait(false);
        var text = PrometheusText.Write(views, memberUp, journal) + (hosted is { } count ? PrometheusText.HostedEntities(count) : "");
        return Results.Text(text, PrometheusText.ContentType);
    }

    // The local shard region's own count; null when it does not answer in time (the family is left out).
    private static async Task<int?> HostedEntitiesAsync(ActorSystem system)
    {
        try
        {
            var region = ClusterSharding.Get(system).ShardRegion(CaptureRegion.TypeName);
            var state = await region.Ask<CurrentShardRegionState>(GetShardRegionState.Instance, ProbeTimeout).ConfigureAwait(false);
            return state.Shards.Sum(s => s.EntityIds.Count);
        }
        catch (Exception e) when (e is AskTimeoutException or ArgumentException or InvalidOperationException or TaskCanceledException)
        {
            return null;
        }
    }
}
