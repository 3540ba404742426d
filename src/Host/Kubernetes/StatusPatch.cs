using System.Text.Json.Nodes;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Kubernetes;

/// <summary>The merge patch of a CR's <c>status</c> for a capture: only <c>status</c>, in the SPEC.md §6 shape
/// the API returns (rendered by <see cref="ResourceWriter"/>), never spec or metadata.</summary>
public static class StatusPatch
{
    /// <summary>The patch body: <c>{"status":{"files":[…]}}</c>.</summary>
    public static string For(CaptureView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var resource = view.Resource with { Status = view.Resource.Status ?? new PacketCaptureStatus() };
        var rendered = JsonNode.Parse(ResourceWriter.ToJson(resource, indented: false))!.AsObject();
        var status = rendered["status"]!;
        rendered.Remove("status");
        return new JsonObject { ["status"] = status }.ToJsonString();
    }
}
