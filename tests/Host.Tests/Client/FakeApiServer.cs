using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Tests.Client;

/// <summary>
/// A stand-in for the real API on a loopback Kestrel port, speaking its wire protocol
/// (Kubernetes-shaped resources and Status errors, the files endpoints), so the client's
/// side of the protocol is tested before the real server exists on this branch.
/// </summary>
internal sealed class FakeApiServer : IAsyncDisposable
{
    public const string Token = "good-token";

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, PacketCaptureResource> _captures = new();

    public ConcurrentQueue<string> Requests { get; } = new();

    /// <summary>Zip bytes served per <c>ns/name</c>; a capture without an entry has no files (204).</summary>
    public ConcurrentDictionary<string, byte[]> Zips { get; } = new();

    /// <summary>Captures whose files may be cleaned (every node Finished).</summary>
    public ConcurrentDictionary<string, bool> Finished { get; } = new();

    public string Url { get; private set; } = "";

    private FakeApiServer(WebApplication app) => _app = app;

    public static async Task<FakeApiServer> StartAsync(X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (certificate is null)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(certificate)));
        }

        builder.Logging.ClearProviders();
        var server = new FakeApiServer(builder.Build());
        server.Map();
        await server._app.StartAsync();
        var address = server._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = certificate is null ? address : address.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        return server;
    }

    public void Add(PacketCaptureResource capture) => _captures[capture.Key] = capture;

    public PacketCaptureResource? Find(string key) => _captures.GetValueOrDefault(key);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Status(int code, string reason, string message) =>
        Results.Json(new { kind = "Status", apiVersion = "v1", metadata = new { }, status = "Failure", message, reason, code }, statusCode: code);

    private static IResult Resource(PacketCaptureResource capture, int code = 200) =>
        Results.Text(ResourceWriter.ToJson(capture), "application/json", statusCode: code);

    private void Map()
    {
        _app.Use(async (context, next) =>
        {
            Requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            if (context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                await Status(401, "Unauthorized", "Unauthorized").ExecuteAsync(context);
                return;
            }

            await next(context);
        });

        const string collection = "/apis/projectcalico.org/v3/namespaces/{ns}/packetcaptures";
        _app.MapGet("/apis/projectcalico.org/v3/packetcaptures", () => List(_captures.Values));
        _app.MapGet(collection, (string ns) => List(_captures.Values.Where(c => c.Metadata.Namespace == ns)));
        _app.MapPost(collection, async (string ns, HttpRequest request) =>
        {
            var capture = await ReadAsync(request);
            if (capture is null || capture.Metadata.Namespace != ns)
            {
                return Status(400, "BadRequest", "bad body");
            }

            if (_captures.ContainsKey(capture.Key))
            {
                return Status(409, "AlreadyExists", $"packetcaptures.projectcalico.org \"{capture.Metadata.Name}\" already exists");
            }

            var created = capture with
            {
                Metadata = capture.Metadata with { Uid = Guid.NewGuid().ToString(), CreationTimestamp = DateTimeOffset.UtcNow, ResourceVersion = "1" },
                Status = new PacketCaptureStatus(),
            };
            _captures[created.Key] = created;
            return Resource(created, 201);
        });
        _app.MapGet(collection + "/{name}", (string ns, string name) =>
            _captures.TryGetValue($"{ns}/{name}", out var capture) ? Resource(capture) : NotFound(name));
        _app.MapPut(collection + "/{name}", async (string ns, string name, HttpRequest request) =>
        {
            var capture = await ReadAsync(request);
            if (capture is null)
            {
                return Status(400, "BadRequest", "bad body");
            }

            if (!_captures.TryGetValue($"{ns}/{name}", out var existing))
            {
                return NotFound(name);
            }

            var updated = existing with { Spec = capture.Spec };
            _captures[updated.Key] = updated;
            return Resource(updated);
        });
        _app.MapDelete(collection + "/{name}", (string ns, string name) =>
            _captures.TryRemove($"{ns}/{name}", out var removed) ? Resource(removed) : NotFound(name));
        _app.MapGet("/download/{ns}/{name}/files.zip", async (string ns, string name, HttpResponse response) =>
        {
            var key = $"{ns}/{name}";
            if (!_captures.ContainsKey(key))
            {
                await NotFound(name).ExecuteAsync(response.HttpContext);
                return;
            }

            if (!Zips.TryGetValue(key, out var zip))
            {
                response.StatusCode = 204;
                return;
            }

            response.ContentType = "application/zip";
            await response.Body.WriteAsync(zip);
        });
        _app.MapDelete("/files/{ns}/{name}", (string ns, string name) =>
        {
            var key = $"{ns}/{name}";
            if (!_captures.ContainsKey(key))
            {
                return NotFound(name);
            }

            return Finished.ContainsKey(key)
                ? Results.NoContent()
                : Status(403, "Forbidden", $"the files of {key} can be deleted only when every node is Finished");
        });
    }

    private static IResult NotFound(string name) =>
        Status(404, "NotFound", $"packetcaptures.projectcalico.org \"{name}\" not found");

    private static IResult List(IEnumerable<PacketCaptureResource> captures) =>
        Results.Text(ResourceWriter.ToJsonList(captures.OrderBy(c => c.Key, StringComparer.Ordinal)), "application/json");

    private static async Task<PacketCaptureResource?> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var document = ResourceReader.ReadSingle(await reader.ReadToEndAsync());
        return document.Resource;
    }
}
