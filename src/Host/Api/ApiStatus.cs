using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Api;

/// <summary>A Kubernetes <c>Status</c> object: what every error (and a files clean) answers with.</summary>
/// <param name="Code">The HTTP status code.</param>
/// <param name="Reason">Kubernetes' reason word (<c>NotFound</c>, <c>Invalid</c>…); null for a success.</param>
/// <param name="Message">One line naming what is wrong.</param>
/// <param name="Name">The capture (or path segment) the status is about, when known.</param>
/// <param name="Causes">Field errors of an invalid body, each with its path.</param>
public sealed record ApiStatus(int Code, string? Reason, string Message, string? Name = null, IReadOnlyList<FieldError>? Causes = null)
{
    /// <summary>400.</summary>
    public static ApiStatus BadRequest(string message, string? name = null) => new(StatusCodes.Status400BadRequest, "BadRequest", message, name);

    /// <summary>401.</summary>
    public static ApiStatus Unauthorized(string message) => new(StatusCodes.Status401Unauthorized, "Unauthorized", message);

    /// <summary>403.</summary>
    public static ApiStatus Forbidden(string message, string? name = null) => new(StatusCodes.Status403Forbidden, "Forbidden", message, name);

    /// <summary>404.</summary>
    public static ApiStatus NotFound(string message, string? name = null) => new(StatusCodes.Status404NotFound, "NotFound", message, name);

    /// <summary>405.</summary>
    public static ApiStatus MethodNotAllowed(string method, string path) =>
        new(StatusCodes.Status405MethodNotAllowed, "MethodNotAllowed", $"method {method} is not allowed on {path}");

    /// <summary>409 for a create of an existing capture.</summary>
    public static ApiStatus AlreadyExists(string message, string name) => new(StatusCodes.Status409Conflict, "AlreadyExists", message, name);

    /// <summary>409.</summary>
    public static ApiStatus Conflict(string message, string name) => new(StatusCodes.Status409Conflict, "Conflict", message, name);

    /// <summary>413.</summary>
    public static ApiStatus TooLarge(long limit) =>
        new(StatusCodes.Status413RequestEntityTooLarge, "RequestEntityTooLarge", $"request body is larger than {limit} bytes");

    /// <summary>415.</summary>
    public static ApiStatus UnsupportedMediaType(string message) =>
        new(StatusCodes.Status415UnsupportedMediaType, "UnsupportedMediaType", message);

    /// <summary>422.</summary>
    public static ApiStatus Invalid(string message, string? name, IReadOnlyList<FieldError> causes) =>
        new(StatusCodes.Status422UnprocessableEntity, "Invalid", message, name, causes);

    /// <summary>503.</summary>
    public static ApiStatus Unavailable(string message, string? name = null) =>
        new(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", message, name);

    /// <summary>200 with <c>status: Success</c>.</summary>
    public static ApiStatus Success(string message, string name) => new(StatusCodes.Status200OK, null, message, name);

    /// <summary>Writes the status as the response (JSON, whatever was asked: clients parse one shape of error).</summary>
    public Task WriteAsync(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = Code;
        response.ContentType = "application/json";
        var json = ToJson();
        response.ContentLength = json.Length;
        return response.Body.WriteAsync(json, response.HttpContext.RequestAborted).AsTask();
    }

    /// <summary>The status as compact JSON in the Kubernetes field order.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("kind", "Status");
            writer.WriteString("apiVersion", "v1");
            writer.WriteStartObject("metadata");
            writer.WriteEndObject();
            writer.WriteString("status", Reason is null ? "Success" : "Failure");
            writer.WriteString("message", Message);
            if (Reason is not null)
            {
                writer.WriteString("reason", Reason);
            }

            writer.WriteStartObject("details");
            if (Name is not null)
            {
                writer.WriteString("name", Name);
            }

            writer.WriteString("kind", ApiResources.PacketCaptures);
            if (Causes is { Count: > 0 })
            {
                writer.WriteStartArray("causes");
                foreach (var cause in Causes)
                {
                    writer.WriteStartObject();
                    writer.WriteString("reason", "FieldValueInvalid");
                    writer.WriteString("message", cause.Message);
                    writer.WriteString("field", cause.Path);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            writer.WriteEndObject();
            writer.WriteNumber("code", Code);
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }
}
