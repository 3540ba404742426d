using System.Text.Json;

namespace PacketCapture.Host.Endpoints;

/// <summary>
/// Which root-namespace interface leads into which named network namespace, from the JSON of
/// <c>ip -j link show type veth</c> (a veth whose peer lives elsewhere carries <c>link_netnsid</c>)
/// and <c>ip -j netns list</c> (names with their nsid). No human-readable output is parsed.
/// </summary>
public static class HostVeths
{
    /// <summary>The host-side veth of each named netns that has one.</summary>
    /// <param name="linkJson">Output of <c>ip -j link show type veth</c> run in the root namespace.</param>
    /// <param name="netnsJson">Output of <c>ip -j netns list</c> run in the root namespace.</param>
    /// <returns>netns name → host interface. A netns with several veths to the host gets the
    /// first interface name in ordinal order, so a rescan never flips between them.</returns>
    /// <exception cref="FormatException">Either text is not the JSON <c>ip</c> writes.</exception>
    public static IReadOnlyDictionary<string, string> ByNamespace(string linkJson, string netnsJson)
    {
        ArgumentNullException.ThrowIfNull(linkJson);
        ArgumentNullException.ThrowIfNull(netnsJson);
        var nameById = new Dictionary<long, string>();
        foreach (var netns in Array(netnsJson, "ip -j netns list"))
        {
            // A netns gets an id only once something links it to this namespace; one without an
            // id has no veth to the host.
            if (netns.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String &&
                netns.TryGetProperty("id", out var id) && id.TryGetInt64(out var nsid))
            {
                nameById[nsid] = name.GetString()!;
            }
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var link in Array(linkJson, "ip -j link show"))
        {
            // Without link_netnsid the peer is in this namespace too (a pair between two host
            // interfaces); an nsid without a name is an unnamed netns (a container runtime's, or
            // one being torn down): neither is a pod.
            if (!link.TryGetProperty("ifname", out var ifname) || ifname.ValueKind != JsonValueKind.String ||
                !link.TryGetProperty("link_netnsid", out var nsidElement) || !nsidElement.TryGetInt64(out var linkNsid) ||
                !nameById.TryGetValue(linkNsid, out var netnsName))
            {
                continue;
            }

            var interfaceName = ifname.GetString()!;
            if (!result.TryGetValue(netnsName, out var known) || string.CompareOrdinal(interfaceName, known) < 0)
            {
                result[netnsName] = interfaceName;
            }
        }

        return result;
    }

    private static List<JsonElement> Array(string json, string what)
    {
        // Some iproute2 versions print nothing at all for an empty list.
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"{what} did not print a JSON list");
            }

            return [.. document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => e.Clone())];
        }
        catch (JsonException e)
        {
            throw new FormatException($"{what} printed something that is not JSON: {e.Message}", e);
        }
    }
}
