using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Host.Api;

/// <summary>The file endpoints of SPEC.md §7: download as a streamed zip, and clean. Every other
/// shape under <c>/download</c> and <c>/files</c> (extra segments, wrong method) is a 400.</summary>
internal static class CaptureFileEndpoints
{
    public static async Task Download(HttpContext context)
    {
        var segments = Segments(context);
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            await ApiStatus.BadRequest($"method {context.Request.Method} is not allowed on {context.Request.Path}; downloads are GET /download/<namespace>/<name>/files.zip")
                .WriteAsync(context.Response);
            return;
        }

        if (segments.Length != 4 || segments[0] != "download" || segments[3] != "files.zip")
        {
            await ApiStatus.BadRequest($"path \"{context.Request.Path}\" is not a download; use /download/<namespace>/<name>/files.zip")
                .WriteAsync(context.Response);
            return;
        }

        var (ns, name) = (segments[1], segments[2]);
        var user = CaptureResourceEndpoints.UserOf(context);
        if (await Invalid(context, ns, name) || await Denied(context, user, ns, name, ApiVerbs.Get))
        {
            return;
        }

        var reply = await CaptureResourceEndpoints.Captures(context)
            .SendAsync(new GetCapture(new CaptureKey(ns, name), new Requester(user.Name, RequestSource.Api)), context.RequestAborted);
        if (reply is CaptureRejected rejected)
        {
            await ResourceResponse.Rejection(rejected).WriteAsync(context.Response);
            return;
        }

        var view = ((CaptureSucceeded)reply).View;
        var gathering = await Gather(context, view);
        if (gathering.Unavailable.Count > 0)
        {
            // Refused before any byte: a zip silently missing a node's files looks complete to the user.
            var nodes = string.Join(", ", gathering.Unavailable);
            await ApiStatus.Unavailable(
                    $"node {nodes} of packetcapture {view.Key} has files but its member did not answer; nothing was sent, try again when it is back",
                    name)
                .WriteAsync(context.Response);
            return;
        }

        if (gathering.Files.Count == 0)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = "application/zip";
        context.Response.Headers[HeaderNames.ContentDisposition] = $"attachment; filename=\"{ns}_{name}_files.zip\"";
        try
        {
            await CaptureZip.WriteAsync(context.Response.Body, gathering.Files, context.RequestAborted);
        }
        catch (RemoteFileException e)
        {
            // The status line is gone: cutting the connection is the only way to tell the client the zip is incomplete.
            context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("PacketCapture.Api")
                .LogWarning("download of {Capture} cut: {Reason}", view.Key.ToString(), e.Message);
            context.Abort();
        }
    }

    private static async Task<FileGathering> Gather(HttpContext context, CaptureView view)
    {
        var options = context.RequestServices.GetRequiredService<ApiOptions>();
        if (context.RequestServices.GetService<ClusterCaptureFiles>() is { } cluster)
        {
            return await cluster.GatherAsync(view, context.RequestAborted);
        }

        // A host without a cluster behind the API serves its own node's files only.
        var local = CaptureFileSet.Local(view, options.NodeName, options.CaptureDirectory).Where(f => File.Exists(f.FullPath));
        return new FileGathering([.. local], []);
    }

    public static async Task Clean(HttpContext context)
    {
        var segments = Segments(context);
        if (!HttpMethods.IsDelete(context.Request.Method))
        {
            await ApiStatus.BadRequest($"method {context.Request.Method} is not allowed on {context.Request.Path}; cleaning is DELETE /files/<namespace>/<name>")
                .WriteAsync(context.Response);
            return;
        }

        if (segments.Length != 3 || segments[0] != "files")
        {
            await ApiStatus.BadRequest($"path \"{context.Request.Path}\" is not a files path; use /files/<namespace>/<name>")
                .WriteAsync(context.Response);
            return;
        }

        var (ns, name) = (segments[1], segments[2]);
        var user = CaptureResourceEndpoints.UserOf(context);
        if (await Invalid(context, ns, name) || await Denied(context, user, ns, name, ApiVerbs.Delete))
        {
            return;
        }

        var key = new CaptureKey(ns, name);
        var reply = await CaptureResourceEndpoints.Captures(context)
            .SendAsync(new CleanCaptureFiles(key, new Requester(user.Name, RequestSource.Api)), context.RequestAborted);
        var status = reply switch
        {
            CaptureSucceeded => ApiStatus.Success($"files of packetcapture {key} are being deleted on every node", name),
            CaptureRejected rejected => ResourceResponse.Rejection(rejected),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
        };
        await status.WriteAsync(context.Response);
    }

    private static string[] Segments(HttpContext context) =>
        (context.Request.Path.Value ?? "").TrimStart('/').Split('/');

    private static async Task<bool> Invalid(HttpContext context, string ns, string name)
    {
        var problem = CaptureResourceEndpoints.NamespaceSegmentProblem(ns) ?? CaptureResourceEndpoints.NameSegmentProblem(name);
        if (problem is null)
        {
            return false;
        }

        await problem.WriteAsync(context.Response);
        return true;
    }

    // The reference answers a files request it does not allow with 401, not 403 (SPEC.md §7).
    private static async Task<bool> Denied(HttpContext context, ApiUser user, string ns, string name, string verb) =>
        !await AccessCheck.AllowedAsync(context, user, ns, ApiResources.Files, verb, name,
            () => ApiStatus.Unauthorized(AccessPolicy.Denial(user, ns, ApiResources.Files, verb)));
}
