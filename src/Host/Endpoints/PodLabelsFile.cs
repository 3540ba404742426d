using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Endpoints;

/// <summary>
/// The labels file of a discovered network namespace (<c>&lt;podsDirectory&gt;/&lt;netns&gt;.yaml</c>):
/// <c>namespace</c>, <c>pod</c> (default: the netns name), <c>endpoint</c> and <c>labels</c>, all optional.
/// </summary>
public static class PodLabelsFile
{
    private static readonly string[] Fields = ["namespace", "pod", "endpoint", "labels"];

    /// <summary>The pod the file describes, or the one-line errors naming the file and field.</summary>
    /// <param name="text">The file's content; empty means every default.</param>
    /// <param name="fileName">How errors name the file.</param>
    /// <param name="netnsName">The network namespace, which is the pod name unless the file says otherwise.</param>
    public static (PodLabels? Pod, IReadOnlyList<string> Errors) Parse(string text, string fileName, string netnsName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(netnsName);
        IReadOnlyList<DocumentNode> documents;
        try
        {
            documents = DocumentLoader.Load(text);
        }
        catch (DocumentFormatException e)
        {
            return (null, [$"{fileName}: {e.Message}"]);
        }

        if (documents.Count > 1)
        {
            return (null, [$"{fileName}: holds {documents.Count} YAML documents; write one map"]);
        }

        // An empty labels file is a valid way to say "a pod named after its netns, no labels".
        var map = documents.Count == 0 ? new MapNode([], 1, 1) : documents[0] as MapNode;
        if (map is null)
        {
            return (null, [$"{fileName}: must be a map (namespace, pod, endpoint, labels), got {documents[0].Describe()}"]);
        }

        var errors = new List<string>();
        var fields = new EndpointFields(fileName, "", errors);
        fields.RejectUnknown(map, Fields);
        var ns = fields.Namespace(map);
        var pod = fields.Pod(map, (netnsName, "the network namespace name"));
        var endpoint = fields.Endpoint(map);
        var labels = fields.Labels(map);
        return errors.Count > 0 || ns is null || pod is null || endpoint is null || labels is null
            ? (null, errors)
            : (new PodLabels(ns, pod, endpoint, labels), []);
    }
}
