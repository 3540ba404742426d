using Akka.Actor;
using Akka.Cluster;
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
        return Results.Text(PrometheusText.Write(views, memberUp, journal), PrometheusText.ContentType);
    }
}
