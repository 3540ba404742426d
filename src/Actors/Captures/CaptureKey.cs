using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Captures;

/// <summary>A capture's identity: its namespace and name. The shard entity id is <c>namespace/name</c>.</summary>
/// <param name="Namespace">The capture's namespace (a DNS-1123 label, so it never contains <c>/</c>).</param>
/// <param name="Name">The capture's name (a DNS-1123 subdomain, so it never contains <c>/</c>).</param>
public sealed record CaptureKey(string Namespace, string Name)
{
    /// <summary>The sharding entity id and the key users see: <c>namespace/name</c>.</summary>
    public string EntityId => $"{Namespace}/{Name}";

    /// <summary>The key of a resource.</summary>
    public static CaptureKey Of(PacketCaptureResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return new CaptureKey(resource.Metadata.Namespace, resource.Metadata.Name);
    }

    /// <summary>Parses an entity id written by <see cref="EntityId"/>.</summary>
    public static bool TryParseEntityId(string entityId, out CaptureKey? key)
    {
        var slash = entityId.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || slash == entityId.Length - 1 || entityId.IndexOf('/', slash + 1) >= 0)
        {
            key = null;
            return false;
        }

        key = new CaptureKey(entityId[..slash], entityId[(slash + 1)..]);
        return true;
    }

    /// <inheritdoc />
    public override string ToString() => EntityId;
}
