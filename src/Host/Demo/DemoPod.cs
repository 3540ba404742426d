using System.Collections.Immutable;
using System.Text.Json;

namespace PacketCapture.Host.Demo;

/// <summary>A pod the demo makes: who it is (Kubernetes namespace, name, labels) and its network.</summary>
/// <param name="Namespace">The pod's Kubernetes namespace.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="Labels">The pod's labels.</param>
/// <param name="NetworkNamespace">Its network namespace, <c>pcdemo-&lt;pid&gt;-&lt;n&gt;</c>.</param>
/// <param name="HostInterface">The host end of its veth (root namespace): what a capture opens.</param>
/// <param name="PodInterface">The pod end, inside <paramref name="NetworkNamespace"/>.</param>
/// <param name="HostAddress">The host end's address (198.19.x.y).</param>
/// <param name="PodAddress">The pod end's address (198.19.x.y).</param>
public sealed record DemoPod(
    string Namespace,
    string Pod,
    ImmutableSortedDictionary<string, string> Labels,
    string NetworkNamespace,
    string HostInterface,
    string PodInterface,
    string HostAddress,
    string PodAddress)
{
    /// <summary><c>namespace/pod</c>.</summary>
    public string Key => $"{Namespace}/{Pod}";

    /// <summary>The pod's labels file in the endpoints helper's format (netns discovery reads it).</summary>
    public string LabelsFile()
    {
        var labels = string.Join(", ", Labels.Select(l => $"{Scalar(l.Key)}: {Scalar(l.Value)}"));
        return $"namespace: {Namespace}\npod: {Pod}\nendpoint: {PodInterface}\nlabels: {{{labels}}}\n";
    }

    private static readonly HashSet<string> YamlWords =
        new(["true", "false", "yes", "no", "on", "off", "y", "n", "null"], StringComparer.OrdinalIgnoreCase);

    // Label values such as "true", "1" or "a: b" would change meaning unquoted; JSON strings are YAML strings.
    private static string Scalar(string text) =>
        text.Length > 0 && char.IsAsciiLetter(text[0]) && !YamlWords.Contains(text) &&
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '/')
            ? text
            : JsonSerializer.Serialize(text);
}

/// <summary>A pod to make: its Kubernetes identity only; <see cref="DemoPods"/> picks names and addresses.</summary>
/// <param name="Namespace">The pod's Kubernetes namespace.</param>
/// <param name="Pod">The pod's name.</param>
/// <param name="Labels">The pod's labels.</param>
public sealed record DemoPodSpec(string Namespace, string Pod, ImmutableSortedDictionary<string, string> Labels)
{
    /// <summary>The demo's three pods: two namespaces, two apps, so a selector and namespace scoping both show.</summary>
    public static ImmutableArray<DemoPodSpec> Default { get; } =
    [
        new("shop", "web-1", ImmutableSortedDictionary.CreateRange([KeyValuePair.Create("app", "web")])),
        new("shop", "db-1", ImmutableSortedDictionary.CreateRange([KeyValuePair.Create("app", "db")])),
        new("ops", "web-2", ImmutableSortedDictionary.CreateRange([KeyValuePair.Create("app", "web")])),
    ];
}
