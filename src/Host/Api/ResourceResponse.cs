using System.Text;
using Microsoft.AspNetCore.Http;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Api;

/// <summary>Writes resources and lists in the Kubernetes shape: JSON, or YAML when the client asks for it.</summary>
public static class ResourceResponse
{
    private static readonly string[] YamlTypes = ["application/yaml", "application/x-yaml", "text/yaml"];

    /// <summary>True when the Accept header prefers YAML (any YAML type named; JSON otherwise).</summary>
    public static bool WantsYaml(string? accept) =>
        accept is not null && YamlTypes.Any(t => accept.Contains(t, StringComparison.OrdinalIgnoreCase));

    /// <summary>Writes one resource with <paramref name="statusCode"/>.</summary>
    public static Task WriteAsync(HttpContext context, PacketCaptureResource resource, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(context);
        var yaml = WantsYaml(context.Request.Headers.Accept.ToString());
        return WriteTextAsync(context, statusCode, yaml, yaml ? ResourceWriter.ToYaml(resource) : ResourceWriter.ToJson(resource));
    }

    /// <summary>Writes a <c>PacketCaptureList</c>.</summary>
    public static Task WriteListAsync(HttpContext context, IEnumerable<PacketCaptureResource> resources)
    {
        ArgumentNullException.ThrowIfNull(context);
        var yaml = WantsYaml(context.Request.Headers.Accept.ToString());
        return WriteTextAsync(context, StatusCodes.Status200OK, yaml,
            yaml ? ResourceWriter.ToYamlList(resources) : ResourceWriter.ToJsonList(resources));
    }

    /// <summary>The Status answering a refused command.</summary>
    public static ApiStatus Rejection(CaptureRejected rejected)
    {
        ArgumentNullException.ThrowIfNull(rejected);
        var name = rejected.CaptureKey.Name;
        return rejected.Reason switch
        {
            RejectionReason.NotFound => ApiStatus.NotFound(rejected.Message, name),
            RejectionReason.Invalid => ApiStatus.Invalid(rejected.Message, name, []),
            RejectionReason.Conflict => ApiStatus.Conflict(rejected.Message, name),
            RejectionReason.AlreadyExists => ApiStatus.AlreadyExists(rejected.Message, name),
            RejectionReason.Forbidden => ApiStatus.Forbidden(rejected.Message, name),
            _ => ApiStatus.Unavailable(rejected.Message, name),
        };
    }

    private static Task WriteTextAsync(HttpContext context, int statusCode, bool yaml, string text)
    {
        context.Response.StatusCode = statusCode;
        context.Response.ContentType = yaml ? "application/yaml; charset=utf-8" : "application/json; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.ContentLength = bytes.Length;
        return context.Response.Body.WriteAsync(bytes, context.RequestAborted).AsTask();
    }
}
