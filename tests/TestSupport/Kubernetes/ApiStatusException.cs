using System.Text.Json.Nodes;

namespace PacketCapture.TestSupport.Kubernetes;

/// <summary>A failed request as the API server answers it: a <c>v1 Status</c> object and its HTTP code.</summary>
public sealed class ApiStatusException(int code, string reason, string message) : Exception(message)
{
    /// <summary>The HTTP status code (also <c>code</c> in the body).</summary>
    public int Code { get; } = code;

    /// <summary>The machine-readable reason: NotFound, AlreadyExists, Conflict, Expired, BadRequest…</summary>
    public string Reason { get; } = reason;

    /// <summary>The Status object of the body (and of a watch ERROR event).</summary>
    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["code"] = Code,
    };

    internal static ApiStatusException NotFound(ApiTarget target, string name) =>
        new(404, "NotFound", $"{target.Plural}.{target.Group} \"{name}\" not found");

    internal static ApiStatusException BadRequest(string message) => new(400, "BadRequest", message);
}
