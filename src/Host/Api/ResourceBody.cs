using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Api;

/// <summary>
/// Turns a request body into the PacketCapture to apply, against the namespace (and, for a
/// replace, the name) of the URL. Pure: text in, a resource or the Status to answer out.
/// </summary>
public static class ResourceBody
{
    /// <summary>The resource, or the error to answer.</summary>
    /// <param name="text">The body.</param>
    /// <param name="namespace">The URL's namespace (already checked).</param>
    /// <param name="name">The URL's name for a replace; null for a create.</param>
    public static (PacketCaptureResource? Resource, ApiStatus? Error) Parse(string text, string @namespace, string? name)
    {
        ArgumentNullException.ThrowIfNull(text);
        IReadOnlyList<DocumentNode> documents;
        try
        {
            documents = DocumentLoader.Load(text);
        }
        catch (DocumentFormatException e)
        {
            return (null, ApiStatus.BadRequest($"body: {e.Message}", name));
        }

        if (documents.Count != 1)
        {
            return (null, ApiStatus.BadRequest(documents.Count == 0
                ? "body: holds no document; send one PacketCapture"
                : $"body: holds {documents.Count} documents; send exactly one PacketCapture", name));
        }

        var root = documents[0];
        if (root is MapNode map && Scalar(map, "kind") is "List" or PacketCaptureResource.ListKind)
        {
            return (null, ApiStatus.BadRequest("body: is a list; send exactly one PacketCapture", name));
        }

        // The reader defaults a missing namespace to "default"; the URL's namespace is the default here.
        var metadata = root is MapNode top && Field(top, "metadata") is MapNode meta ? meta : null;
        var namespaceWritten = metadata is not null && Field(metadata, "namespace") is not null;

        var result = ResourceReader.Bind(root, "body");
        if (!result.IsValid)
        {
            var errors = result.Errors;
            var first = errors[0];
            var more = errors.Length > 1 ? $" (and {errors.Length - 1} more)" : "";
            var message = $"{first}{more}";
            return (null, errors.Any(IsShapeError)
                ? new ApiStatus(400, "BadRequest", message, result.Name ?? name, errors)
                : ApiStatus.Invalid(message, result.Name ?? name, errors));
        }

        var resource = result.Resource!;
        if (namespaceWritten && resource.Metadata.Namespace != @namespace)
        {
            return (null, ApiStatus.BadRequest(
                $"metadata.namespace: \"{resource.Metadata.Namespace}\" does not match the namespace \"{@namespace}\" of the URL",
                resource.Metadata.Name));
        }

        if (name is not null && resource.Metadata.Name != name)
        {
            return (null, ApiStatus.BadRequest(
                $"metadata.name: \"{resource.Metadata.Name}\" does not match the name \"{name}\" of the URL", name));
        }

        // uid, creationTimestamp, resourceVersion and generation are the server's to set (as in
        // Kubernetes): a client's copy of them (a `get -o yaml` applied again) must not set the AGE.
        return (resource with
        {
            Metadata = resource.Metadata with
            {
                Namespace = @namespace,
                Uid = null,
                CreationTimestamp = null,
                ResourceVersion = null,
                Generation = null,
            },
        }, null);
    }

    /// <summary>Unknown fields are a malformed request (400, as Kubernetes' strict decoding); a
    /// well-formed object that breaks a rule is Invalid (422).</summary>
    private static bool IsShapeError(FieldError error) =>
        error.Message.StartsWith("unknown field", StringComparison.Ordinal);

    private static string? Scalar(MapNode map, string name) => Field(map, name) is ScalarNode scalar ? scalar.Text : null;

    private static DocumentNode? Field(MapNode map, string name)
    {
        foreach (var (key, value) in map.Entries)
        {
            if (key == name)
            {
                return value is ScalarNode { Kind: ScalarKind.Null } ? null : value;
            }
        }

        return null;
    }
}
