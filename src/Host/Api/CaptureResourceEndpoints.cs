using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Host.Server;

namespace PacketCapture.Host.Api;

/// <summary>The Kubernetes-shaped REST of PacketCaptures. Each handler checks the URL, then access,
/// then the body, and only then sends one command: a refused request changes nothing.</summary>
internal static class CaptureResourceEndpoints
{
    public const string Prefix = "/apis/projectcalico.org/v3";

    // Reading every capture of a list asks each entity once; a bounded fan-out keeps a large list
    // from flooding the shard region.
    private const int ListConcurrency = 16;

    public static async Task AllNamespaces(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await MethodNotAllowedAsync(context, "GET");
            return;
        }

        var user = UserOf(context);
        if (!await AccessCheck.AllowedAsync(context, user, null, ApiResources.PacketCaptures, ApiVerbs.List, null,
                () => ApiStatus.Forbidden($"user \"{user.Name}\" cannot list packetcaptures in any namespace")))
        {
            return;
        }

        var captures = Captures(context);
        if (await ListOrAnswerAsync(context, captures, null) is not { } all)
        {
            return;
        }

        // One decision per namespace, not per capture.
        var access = context.RequestServices.GetRequiredService<IApiAccess>();
        var allowed = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var ns in all.Select(k => k.Namespace).Distinct(StringComparer.Ordinal))
            {
                if (await access.AllowsAsync(user, ns, ApiResources.PacketCaptures, ApiVerbs.List, null, context.RequestAborted))
                {
                    allowed.Add(ns);
                }
            }
        }
        catch (AccessReviewUnavailableException e)
        {
            await ApiStatus.Unavailable(e.Message).WriteAsync(context.Response);
            return;
        }

        var keys = all.Where(k => allowed.Contains(k.Namespace)).ToList();
        await WriteListAsync(context, captures, keys, user);
    }

    public static async Task Collection(HttpContext context)
    {
        var ns = RouteValue(context, "ns");
        if (NamespaceSegmentProblem(ns) is { } bad)
        {
            await bad.WriteAsync(context.Response);
            return;
        }

        var user = UserOf(context);
        var captures = Captures(context);
        if (HttpMethods.IsGet(context.Request.Method))
        {
            if (await Denied(context, user, ns, ApiVerbs.List))
            {
                return;
            }

            if (await ListOrAnswerAsync(context, captures, ns) is { } keys)
            {
                await WriteListAsync(context, captures, keys, user);
            }
        }
        else if (HttpMethods.IsPost(context.Request.Method))
        {
            if (await Denied(context, user, ns, ApiVerbs.Create))
            {
                return;
            }

            await ApplyAsync(context, captures, user, ns, name: null);
        }
        else
        {
            await MethodNotAllowedAsync(context, "GET, POST");
        }
    }

    public static async Task Item(HttpContext context)
    {
        var ns = RouteValue(context, "ns");
        var name = RouteValue(context, "name");
        if ((NamespaceSegmentProblem(ns) ?? NameSegmentProblem(name)) is { } bad)
        {
            await bad.WriteAsync(context.Response);
            return;
        }

        var user = UserOf(context);
        var captures = Captures(context);
        var key = new CaptureKey(ns, name);
        var by = new Requester(user.Name, RequestSource.Api);
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method))
        {
            if (!await Denied(context, user, ns, ApiVerbs.Get, name))
            {
                await ReplyAsync(context, await captures.SendAsync(new GetCapture(key, by), context.RequestAborted), StatusCodes.Status200OK);
            }
        }
        else if (HttpMethods.IsPut(method))
        {
            if (!await Denied(context, user, ns, ApiVerbs.Update, name))
            {
                await ApplyAsync(context, captures, user, ns, name);
            }
        }
        else if (HttpMethods.IsDelete(method))
        {
            if (!await Denied(context, user, ns, ApiVerbs.Delete, name))
            {
                await ReplyAsync(context, await captures.SendAsync(new DeleteCapture(key, by), context.RequestAborted), StatusCodes.Status200OK);
            }
        }
        else
        {
            await MethodNotAllowedAsync(context, "GET, PUT, DELETE");
        }
    }

    /// <summary>Any other path under /apis.</summary>
    public static Task Unknown(HttpContext context) =>
        ApiStatus.NotFound($"no API resource at {context.Request.Path}; PacketCaptures are under {Prefix}/namespaces/<namespace>/packetcaptures")
            .WriteAsync(context.Response);

    public static ApiStatus? NamespaceSegmentProblem(string ns) =>
        PacketCaptureValidator.NamespaceProblem(ns) is { } problem ? ApiStatus.BadRequest($"namespace segment of the URL: {problem}") : null;

    public static ApiStatus? NameSegmentProblem(string name) =>
        PacketCaptureValidator.NameProblem(name) is { } problem ? ApiStatus.BadRequest($"name segment of the URL: {problem}") : null;

    public static ApiUser UserOf(HttpContext context) =>
        BearerTokenHandler.UserOf(context) ?? throw new InvalidOperationException("API route reached without an authenticated user");

    public static string RouteValue(HttpContext context, string key) => context.Request.RouteValues[key] as string ?? "";

    public static ICaptureService Captures(HttpContext context) => context.RequestServices.GetRequiredService<ICaptureService>();

    private static Task MethodNotAllowedAsync(HttpContext context, string allowed)
    {
        context.Response.Headers.Allow = allowed;
        return ApiStatus.MethodNotAllowed(context.Request.Method, context.Request.Path).WriteAsync(context.Response);
    }

    /// <summary>The keys of the captures, or null after answering 503 when the member could not say in time.</summary>
    private static async Task<IReadOnlyList<CaptureKey>?> ListOrAnswerAsync(HttpContext context, ICaptureService captures, string? ns)
    {
        try
        {
            return await captures.ListAsync(ns, context.RequestAborted);
        }
        catch (Akka.Actor.AskTimeoutException)
        {
            await ApiStatus.Unavailable("the list of captures did not arrive in time; try again").WriteAsync(context.Response);
            return null;
        }
    }

    private static async Task ApplyAsync(HttpContext context, ICaptureService captures, ApiUser user, string ns, string? name)
    {
        var limit = context.RequestServices.GetRequiredService<ApiOptions>().MaxBodyBytes;
        var (text, readError) = await RequestBody.ReadAsync(context.Request, limit);
        if (readError is not null)
        {
            await readError.WriteAsync(context.Response);
            return;
        }

        var (resource, parseError) = ResourceBody.Parse(text!, ns, name);
        if (parseError is not null)
        {
            await parseError.WriteAsync(context.Response);
            return;
        }

        // POST creates, PUT replaces: the entity checks which (one round trip, and two concurrent
        // POSTs of one name cannot both win).
        var by = new Requester(user.Name, RequestSource.Api);
        var mode = name is null ? ApplyMode.CreateOnly : ApplyMode.UpdateOnly;
        var reply = await captures.SendAsync(new ApplyCapture(resource!, by, mode), context.RequestAborted);
        reply = reply switch
        {
            CaptureRejected { Reason: RejectionReason.AlreadyExists } r => r with { Message = $"{r.Message}; use PUT to replace it" },
            CaptureRejected { Reason: RejectionReason.NotFound } r when mode == ApplyMode.UpdateOnly => r with { Message = $"{r.Message}; use POST to create it" },
            _ => reply,
        };
        await ReplyAsync(context, reply, name is null ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    private static Task ReplyAsync(HttpContext context, CaptureReply reply, int successCode) => reply switch
    {
        CaptureSucceeded ok => ResourceResponse.WriteAsync(context, ok.View.Resource, successCode),
        CaptureRejected rejected => ResourceResponse.Rejection(rejected).WriteAsync(context.Response),
        _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
    };

    private static async Task<bool> Denied(HttpContext context, ApiUser user, string ns, string verb, string? name = null) =>
        !await AccessCheck.AllowedAsync(context, user, ns, ApiResources.PacketCaptures, verb, name,
            () => ApiStatus.Forbidden(AccessPolicy.Denial(user, ns, ApiResources.PacketCaptures, verb)));

    private static async Task WriteListAsync(HttpContext context, ICaptureService captures, IReadOnlyList<CaptureKey> keys, ApiUser user)
    {
        var by = new Requester(user.Name, RequestSource.Api);
        var views = new ConcurrentDictionary<int, PacketCaptureResource>();
        CaptureRejected? failure = null;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, keys.Count),
            new ParallelOptions { MaxDegreeOfParallelism = ListConcurrency, CancellationToken = context.RequestAborted },
            async (i, token) =>
            {
                switch (await captures.SendAsync(new GetCapture(keys[i], by), token))
                {
                    case CaptureSucceeded ok:
                        views[i] = ok.View.Resource;
                        break;
                    case CaptureRejected { Reason: RejectionReason.NotFound }:
                        // Deleted between the list and the read: it is simply not there any more.
                        break;
                    case CaptureRejected rejected:
                        failure = rejected;
                        break;
                }
            });

        if (failure is not null)
        {
            await ResourceResponse.Rejection(failure).WriteAsync(context.Response);
            return;
        }

        await ResourceResponse.WriteListAsync(context, views.OrderBy(p => p.Key).Select(p => p.Value));
    }
}
