using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PacketCapture.TestSupport.Kubernetes;

/// <summary>
/// A Kubernetes API server for tests: real Kestrel on 127.0.0.1 (free port), the real wire protocol
/// for any collection (core <c>/api/v1/…</c> and <c>/apis/{group}/{version}/…</c>): list (with
/// fieldSelector and labelSelector), get, create, update, delete, merge and JSON patches of an
/// object and of its <c>/status</c>, and watch as a chunked stream of newline-delimited events
/// (bookmarks, resume from a resourceVersion, 410 Expired when it is too old). Test hooks drop
/// watches, expire the history, send bookmarks, inject failures and count requests; TokenReview
/// and SubjectAccessReview answers are pluggable.
/// </summary>
public sealed class FakeApiServer : IAsyncDisposable
{
    private const string TokenReviewPath = "/apis/authentication.k8s.io/v1/tokenreviews";
    private const string SubjectAccessReviewPath = "/apis/authorization.k8s.io/v1/subjectaccessreviews";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeApiRequest> _requests = new();
    private readonly List<InjectedFailure> _failures = [];
    private readonly Lock _failuresGate = new();
    private readonly CancellationTokenSource _stopping = new();

    private FakeApiServer(WebApplication app, FakeObjectStore store)
    {
        _app = app;
        Store = store;
    }

    /// <summary>The server's base address (<c>http://127.0.0.1:PORT/</c>).</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The objects, history and watches; tests may create and change objects here directly.</summary>
    public FakeObjectStore Store { get; }

    /// <summary>Answers POST <c>/apis/authentication.k8s.io/v1/tokenreviews</c>: gets the request body, returns the review with its status. Null: 404.</summary>
    public Func<JsonObject, JsonObject>? TokenReviews { get; set; }

    /// <summary>Answers POST <c>/apis/authorization.k8s.io/v1/subjectaccessreviews</c> likewise. Null: 404.</summary>
    public Func<JsonObject, JsonObject>? SubjectAccessReviews { get; set; }

    /// <summary>Every request answered so far, in order.</summary>
    public IReadOnlyList<FakeApiRequest> Requests => [.. _requests];

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeApiServer> StartAsync(int historyLimit = 1000)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FakeApiServer(app, new FakeObjectStore { HistoryLimit = historyLimit });
        app.Run(server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        server.BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return server;
    }

    /// <summary>How many requests had this verb (and, when given, a path containing <paramref name="pathContains"/>).</summary>
    public int Count(string verb, string? pathContains = null) =>
        _requests.Count(r => r.Verb == verb && (pathContains is null || r.Path.Contains(pathContains, StringComparison.Ordinal)));

    /// <summary>The next <paramref name="times"/> requests with this verb (and path part) fail with <paramref name="code"/> and a Status body.</summary>
    public void FailNext(string verb, int code, int times = 1, string? pathContains = null)
    {
        lock (_failuresGate)
        {
            _failures.Add(new InjectedFailure(verb, code, pathContains) { Remaining = times });
        }
    }

    /// <summary>Cancels every injected failure not yet used.</summary>
    public void ClearFailures()
    {
        lock (_failuresGate)
        {
            _failures.Clear();
        }
    }

    /// <summary>Closes every open watch stream.</summary>
    public void DropWatches() => Store.DropWatches();

    /// <summary>Forgets the event history: the next watch from an older resourceVersion gets 410 Expired.</summary>
    public void ExpireHistory() => Store.ExpireHistory();

    /// <summary>Sends a BOOKMARK to every watch that asked for bookmarks.</summary>
    public void SendBookmark() => Store.SendBookmark();

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        Store.DropWatches();
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static string VerbOf(HttpRequest request, ApiTarget? target) => (request.Method, target) switch
    {
        ("GET", { Name: null }) => IsWatch(request) ? "watch" : "list",
        ("GET", _) => "get",
        ("POST", _) => "create",
        ("PUT", _) => "update",
        ("PATCH", _) => "patch",
        ("DELETE", _) => "delete",
        _ => request.Method,
    };

    private static bool IsWatch(HttpRequest request) => request.Query["watch"].ToString() is "true" or "1";

    private static async Task<JsonObject> BodyAsync(HttpRequest request)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body).ConfigureAwait(false) as JsonObject
                   ?? throw ApiStatusException.BadRequest("the request body must be a JSON object");
        }
        catch (JsonException e)
        {
            throw ApiStatusException.BadRequest($"the request body is not JSON: {e.Message}");
        }
    }

    private static async Task WriteAsync(HttpResponse response, int code, JsonObject body)
    {
        response.StatusCode = code;
        response.ContentType = "application/json";
        await response.WriteAsync(body.ToJsonString(), Encoding.UTF8).ConfigureAwait(false);
    }

    private static JsonObject ListOf(ApiTarget target, string kind, IReadOnlyList<JsonObject> items, long resourceVersion) => new()
    {
        ["apiVersion"] = target.ApiVersion,
        ["kind"] = kind + "List",
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["items"] = new JsonArray([.. items]),
    };

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var target = ApiTarget.Parse(path);
        var verb = VerbOf(request, target);
        _requests.Enqueue(new FakeApiRequest(verb, path, request.QueryString.Value ?? "", request.Headers.Authorization.FirstOrDefault()));
        try
        {
            if (Injected(verb, path) is { } failure)
            {
                throw new ApiStatusException(failure, failure == 409 ? "Conflict" : "InternalError", $"injected failure {failure} for {verb} {path}");
            }

            if (request.Method == "POST" && path is TokenReviewPath or SubjectAccessReviewPath)
            {
                var handler = path == TokenReviewPath ? TokenReviews : SubjectAccessReviews;
                var review = handler ?? throw new ApiStatusException(404, "NotFound", $"no handler for {path} in this test");
                await WriteAsync(context.Response, 201, review(await BodyAsync(request).ConfigureAwait(false))).ConfigureAwait(false);
                return;
            }

            if (target is null)
            {
                throw new ApiStatusException(404, "NotFound", $"the server could not find the requested resource ({path})");
            }

            await ServeAsync(context, target, verb).ConfigureAwait(false);
        }
        catch (ApiStatusException e)
        {
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context.Response, e.Code, e.ToStatus()).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or FormatException or JsonException)
        {
            // A bug in the fake or a body it cannot read: say so in the Status instead of an empty 500.
            if (!context.Response.HasStarted)
            {
                await WriteAsync(context.Response, 500, new ApiStatusException(500, "InternalError", $"{e.GetType().Name}: {e.Message}").ToStatus()).ConfigureAwait(false);
            }
        }
    }

    private async Task ServeAsync(HttpContext context, ApiTarget target, string verb)
    {
        var request = context.Request;
        switch (verb)
        {
            case "list":
                var (items, version) = Store.List(target, Selector(request));
                await WriteAsync(context.Response, 200, ListOf(target, Store.KindOf(target.Plural), items, version)).ConfigureAwait(false);
                break;
            case "watch":
                await StreamAsync(context, target).ConfigureAwait(false);
                break;
            case "get":
                await WriteAsync(context.Response, 200, Store.Get(target)).ConfigureAwait(false);
                break;
            case "create" when target.Name is null:
                await WriteAsync(context.Response, 201, Store.Create(target, await BodyAsync(request).ConfigureAwait(false))).ConfigureAwait(false);
                break;
            case "update" when target.Name is not null:
                var body = await BodyAsync(request).ConfigureAwait(false);
                if (body["metadata"]?["name"]?.GetValue<string>() is { } named && named != target.Name)
                {
                    throw ApiStatusException.BadRequest($"the name of the object ({named}) does not match the name on the URL ({target.Name})");
                }

                await WriteAsync(context.Response, 200, Store.Replace(target, body)).ConfigureAwait(false);
                break;
            case "patch" when target.Name is not null:
                await WriteAsync(context.Response, 200, await PatchAsync(request, target).ConfigureAwait(false)).ConfigureAwait(false);
                break;
            case "delete" when target.Name is not null && !target.Status:
                await WriteAsync(context.Response, 200, Store.Delete(target)).ConfigureAwait(false);
                break;
            default:
                throw new ApiStatusException(405, "MethodNotAllowed", $"the server does not allow this method on the requested resource ({verb} {request.Path})");
        }
    }

    private async Task<JsonObject> PatchAsync(HttpRequest request, ApiTarget target)
    {
        var mediaType = (request.ContentType ?? "").Split(';', 2)[0].Trim();
        JsonNode patch;
        try
        {
            patch = await JsonNode.ParseAsync(request.Body).ConfigureAwait(false) ?? throw ApiStatusException.BadRequest("empty patch");
        }
        catch (JsonException e)
        {
            throw ApiStatusException.BadRequest($"the patch is not JSON: {e.Message}");
        }

        Func<JsonObject, JsonObject> change = mediaType switch
        {
            // This fake has no strategic-merge schema; for CRs the real server refuses it too.
            "application/merge-patch+json" or "application/strategic-merge-patch+json" when patch is JsonObject =>
                current => (JsonObject)Patches.Merge(current, patch)!,
            "application/json-patch+json" when patch is JsonArray operations =>
                current => Patches.Apply(current, operations) as JsonObject ?? throw new ApiStatusException(422, "Invalid", "the patch must leave an object"),
            "application/merge-patch+json" or "application/strategic-merge-patch+json" or "application/json-patch+json" =>
                throw ApiStatusException.BadRequest($"a {mediaType} body has the wrong shape"),
            _ => throw new ApiStatusException(415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (got {mediaType})"),
        };
        return Store.Change(target, change);
    }

    private async Task StreamAsync(HttpContext context, ApiTarget target)
    {
        var request = context.Request;
        var watch = Store.Watch(target, Selector(request), request.Query["resourceVersion"].FirstOrDefault(),
            request.Query["allowWatchBookmarks"].ToString() is "true" or "1");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping.Token);
        if (int.TryParse(request.Query["timeoutSeconds"].FirstOrDefault(), out var seconds) && seconds > 0)
        {
            timeout.CancelAfter(TimeSpan.FromSeconds(seconds));
        }

        try
        {
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync(timeout.Token).ConfigureAwait(false);
            await foreach (var line in watch.Lines.ReadAllAsync(timeout.Token).ConfigureAwait(false))
            {
                await context.Response.WriteAsync(line + "\n", timeout.Token).ConfigureAwait(false);
                await context.Response.Body.FlushAsync(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away, the timeout passed or the server stops: the stream just ends.
        }
        finally
        {
            Store.Forget(watch);
        }
    }

    private static ObjectSelector Selector(HttpRequest request) =>
        ObjectSelector.Parse(request.Query["fieldSelector"].FirstOrDefault(), request.Query["labelSelector"].FirstOrDefault());

    private int? Injected(string verb, string path)
    {
        lock (_failuresGate)
        {
            var failure = _failures.FirstOrDefault(f => f.Remaining > 0 && f.Verb == verb && (f.PathContains is null || path.Contains(f.PathContains, StringComparison.Ordinal)));
            if (failure is null)
            {
                return null;
            }

            failure.Remaining--;
            return failure.Code;
        }
    }

    private sealed record InjectedFailure(string Verb, int Code, string? PathContains)
    {
        public int Remaining { get; set; }
    }
}
