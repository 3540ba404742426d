using System.Collections.Immutable;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>
/// The endpoints file format (docs/ENDPOINTS.md): a map with one <c>endpoints</c> list of
/// <c>{namespace, pod, endpoint, interface, labels}</c>. All or nothing: one bad entry makes
/// the whole file invalid, so a typo never drops the entries after it.
/// </summary>
public static class EndpointFile
{
    private static readonly string[] TopFields = ["endpoints"];
    private static readonly string[] EntryFields = ["namespace", "pod", "endpoint", "interface", "labels"];

    /// <summary>Parses and validates the text of an endpoints file.</summary>
    /// <param name="text">The file's content.</param>
    /// <param name="fileName">How errors name the file.</param>
    public static EndpointFileResult Parse(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var errors = new List<string>();
        IReadOnlyList<DocumentNode> documents;
        try
        {
            documents = DocumentLoader.Load(text);
        }
        catch (DocumentFormatException e)
        {
            return Invalid([$"{fileName}: {e.Message}"]);
        }

        if (documents.Count == 0)
        {
            // An empty file is more likely a write in progress than a wish to remove every endpoint.
            return Invalid([$"{fileName}: is empty; write \"endpoints: []\" for no endpoints"]);
        }

        if (documents.Count > 1)
        {
            return Invalid([$"{fileName}: holds {documents.Count} YAML documents; write one map with an endpoints list"]);
        }

        var top = new EndpointFields(fileName, "", errors);
        if (documents[0] is not MapNode root)
        {
            return Invalid([$"{fileName}: must be a map with an endpoints list, got {documents[0].Describe()}"]);
        }

        top.RejectUnknown(root, TopFields);
        var list = EndpointFields.Field(root, "endpoints");
        var endpoints = ImmutableSortedDictionary.CreateBuilder<string, WorkloadEndpoint>(StringComparer.Ordinal);
        switch (list)
        {
            case null:
                top.Error("endpoints", "required (a list; [] for none)");
                break;
            case ListNode { Items: var items }:
                for (var i = 0; i < items.Count; i++)
                {
                    if (Entry(items[i], new EndpointFields(fileName, $"endpoints[{i}]", errors)) is not { } endpoint)
                    {
                        continue;
                    }

                    if (endpoints.ContainsKey(endpoint.Id))
                    {
                        errors.Add($"{fileName}: endpoints[{i}]: duplicate of an earlier entry (namespace {endpoint.Namespace}, pod {endpoint.Pod}, endpoint {endpoint.EndpointName})");
                        continue;
                    }

                    endpoints[endpoint.Id] = endpoint;
                }

                break;
            default:
                top.Error("endpoints", $"must be a list, got {list.Describe()}");
                break;
        }

        return errors.Count > 0 ? Invalid(errors) : new EndpointFileResult(endpoints.ToImmutable(), []);
    }

    private static WorkloadEndpoint? Entry(DocumentNode node, EndpointFields fields)
    {
        if (node is not MapNode map)
        {
            fields.Error("", $"must be a map (namespace, pod, endpoint, interface, labels), got {node.Describe()}");
            return null;
        }

        fields.RejectUnknown(map, EntryFields);
        var ns = fields.Namespace(map);
        var pod = fields.Pod(map, null);
        var endpoint = fields.Endpoint(map);
        var interfaceName = fields.Interface(map);
        var labels = fields.Labels(map);
        return ns is null || pod is null || endpoint is null || interfaceName is null || labels is null
            ? null
            : EndpointFields.Build(ns, pod, endpoint, interfaceName, labels);
    }

    private static EndpointFileResult Invalid(IEnumerable<string> errors) =>
        new(ImmutableSortedDictionary<string, WorkloadEndpoint>.Empty.WithComparers(StringComparer.Ordinal), [.. errors]);
}
