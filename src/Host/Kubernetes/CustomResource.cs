using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Nodes;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Kubernetes;

/// <summary>
/// A PacketCapture custom resource as the watcher sees it: its key and generation (known even
/// when the rest is invalid) and the resource read by the same <see cref="ResourceReader"/> as the
/// HTTP API, or the field errors that make it invalid.
/// </summary>
/// <param name="Key">The CR's namespace and name.</param>
/// <param name="Generation">The CR's <c>metadata.generation</c> (0 when absent).</param>
/// <param name="Resource">The resource to apply (status dropped, ownership not yet marked), or null when invalid.</param>
/// <param name="Errors">Why it is invalid; empty when valid.</param>
public sealed record CustomResource(CaptureKey Key, long Generation, PacketCaptureResource? Resource, ImmutableArray<FieldError> Errors)
{
    // Fields the API server adds that are no part of our resource: kept out of the reader, which
    // refuses unknown fields. last-applied-configuration repeats the whole object as a string.
    private static readonly string[] ServerMetadata =
        ["managedFields", "finalizers", "ownerReferences", "selfLink", "deletionTimestamp", "deletionGracePeriodSeconds", "generateName"];

    private const string LastApplied = "kubectl.kubernetes.io/last-applied-configuration";

    /// <summary>One line for the log: every field error.</summary>
    public string Problem => string.Join("; ", Errors.Select(e => e.ToString()));

    /// <summary>Reads a CR (a list item or a watch event's object).</summary>
    /// <returns>Null when the object has no name (nothing to key it by).</returns>
    public static CustomResource? Read(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object || JsonNode.Parse(item.GetRawText()) is not JsonObject json)
        {
            return null;
        }

        var metadata = json["metadata"] as JsonObject;
        var name = Text(metadata?["name"]);
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var key = new CaptureKey(Text(metadata!["namespace"]) ?? ObjectMeta.DefaultNamespace, name);
        var generation = metadata["generation"] is JsonValue g && g.TryGetValue<long>(out var n) ? n : 0;

        json.Remove("status");
        foreach (var field in ServerMetadata)
        {
            metadata.Remove(field);
        }

        (metadata["annotations"] as JsonObject)?.Remove(LastApplied);
        if (metadata["annotations"] is JsonObject { Count: 0 })
        {
            metadata.Remove("annotations");
        }

        DocumentResult result;
        try
        {
            result = ResourceReader.ReadSingle(json.ToJsonString());
        }
        catch (DocumentFormatException e)
        {
            return new CustomResource(key, generation, null, [new FieldError("", e.Message)]);
        }

        if (!result.IsValid)
        {
            return new CustomResource(key, generation, null, result.Errors.IsEmpty ? [new FieldError("", "not a valid PacketCapture")] : result.Errors);
        }

        // Our store keeps its own resourceVersion and generation; the CR's mean nothing there.
        var resource = result.Resource! with { Metadata = result.Resource!.Metadata with { ResourceVersion = null, Generation = null } };
        return new CustomResource(key, generation, resource, []);
    }

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
