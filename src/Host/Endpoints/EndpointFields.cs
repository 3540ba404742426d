using System.Collections.Immutable;
using System.Text.RegularExpressions;
using PacketCapture.Actors.Model;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>
/// Reads the pod fields shared by the endpoints file and the netns labels files
/// (namespace, pod, endpoint, interface, labels) out of one YAML map, collecting one-line
/// errors that name the field path. Nothing here touches the file system.
/// </summary>
internal sealed partial class EndpointFields(string fileName, string pathPrefix, List<string> errors)
{
    /// <summary>The namespace of an endpoint that names none.</summary>
    public const string DefaultNamespace = "default";

    /// <summary>The endpoint (in-pod interface) name of an endpoint that names none.</summary>
    public const string DefaultEndpoint = "eth0";

    // Linux IFNAMSIZ is 16 bytes including the terminating NUL.
    private const int MaxInterfaceNameLength = 15;

    /// <summary>The endpoint as the node sees it (its id is <c>namespace/pod/endpoint</c>).</summary>
    public static WorkloadEndpoint Build(string ns, string pod, string endpoint, string interfaceName, ImmutableSortedDictionary<string, string> labels) =>
        new(ns, pod, endpoint, interfaceName, labels);

    public void Error(string field, string message) => errors.Add($"{fileName}: {PathOf(field)}: {message}");

    public string PathOf(string field) => (pathPrefix.Length, field.Length) switch
    {
        (0, _) => field,
        (_, 0) => pathPrefix,
        _ => $"{pathPrefix}.{field}",
    };

    /// <summary>Errors for every key of <paramref name="map"/> not in <paramref name="known"/> (a typo must not pass silently).</summary>
    public void RejectUnknown(MapNode map, IReadOnlyList<string> known)
    {
        foreach (var (key, _) in map.Entries)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
            {
                Error(key, $"unknown field; the fields are {string.Join(", ", known)}");
            }
        }
    }

    public static DocumentNode? Field(MapNode map, string name) =>
        map.Entries.FirstOrDefault(e => string.Equals(e.Key, name, StringComparison.Ordinal)).Value;

    /// <summary>
    /// The string value of a field: <paramref name="absent"/> when the field is missing or null,
    /// null when it has another type (reported).
    /// </summary>
    public string? Text(MapNode map, string field, string? absent = null)
    {
        switch (Field(map, field))
        {
            case null or ScalarNode { Kind: ScalarKind.Null }:
                return absent;
            case ScalarNode { Kind: ScalarKind.String } scalar:
                return scalar.Text;
            case var other:
                Error(field, $"must be a string, got {other.Describe()}");
                return null;
        }
    }

    private static bool IsAbsent(MapNode map, string field) => Field(map, field) is null or ScalarNode { Kind: ScalarKind.Null };

    public string? Namespace(MapNode map)
    {
        var value = Text(map, "namespace", DefaultNamespace);
        if (value is not null && PacketCaptureValidator.NamespaceProblem(value) is { } problem)
        {
            Error("namespace", problem);
            return null;
        }

        return value;
    }

    /// <summary>The pod name; <paramref name="defaultPod"/> (with where it came from) when absent, required when there is no default.</summary>
    public string? Pod(MapNode map, (string Name, string Origin)? defaultPod)
    {
        if (IsAbsent(map, "pod"))
        {
            if (defaultPod is not { } fallback)
            {
                Error("pod", "required");
                return null;
            }

            if (PacketCaptureValidator.NameProblem(fallback.Name) is { } defaultProblem)
            {
                Error("pod", $"defaults to {fallback.Origin} \"{fallback.Name}\", which is not a valid pod name ({defaultProblem}); set pod:");
                return null;
            }

            return fallback.Name;
        }

        var value = Text(map, "pod");
        if (value is not null && PacketCaptureValidator.NameProblem(value) is { } problem)
        {
            Error("pod", problem);
            return null;
        }

        return value;
    }

    public string? Endpoint(MapNode map)
    {
        var value = Text(map, "endpoint", DefaultEndpoint);
        if (value is not null && InterfaceNameProblem(value) is { } problem)
        {
            Error("endpoint", problem);
            return null;
        }

        return value;
    }

    public string? Interface(MapNode map)
    {
        if (IsAbsent(map, "interface"))
        {
            Error("interface", "required");
            return null;
        }

        var value = Text(map, "interface");
        if (value is null)
        {
            return null;
        }

        if (InterfaceNameProblem(value) is { } problem)
        {
            Error("interface", problem);
            return null;
        }

        return value;
    }

    public ImmutableSortedDictionary<string, string>? Labels(MapNode map)
    {
        var node = Field(map, "labels");
        if (node is null or ScalarNode { Kind: ScalarKind.Null })
        {
            return ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
        }

        if (node is not MapNode labels)
        {
            Error("labels", $"must be a map of label names to values, got {node.Describe()}");
            return null;
        }

        if (labels.Entries.Count > InputLimits.MaxLabels)
        {
            Error("labels", $"has {labels.Entries.Count} entries; at most {InputLimits.MaxLabels} are allowed");
            return null;
        }

        var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        var ok = true;
        foreach (var (key, value) in labels.Entries)
        {
            var path = $"labels[\"{key}\"]";
            string? problem = LabelKeyProblem(key);
            string text = "";
            if (problem is null)
            {
                // Unquoted numbers and booleans are taken as written: this is a local file, not the
                // Kubernetes API, and `version: 2` obviously means the label value "2".
                switch (value)
                {
                    case ScalarNode { Kind: ScalarKind.Null }:
                        break;
                    case ScalarNode scalar:
                        text = scalar.Text;
                        problem = LabelValueProblem(text);
                        break;
                    default:
                        problem = $"must be a string, got {value.Describe()}";
                        break;
                }
            }

            if (problem is not null)
            {
                Error(path, problem);
                ok = false;
                continue;
            }

            result[key] = text;
        }

        return ok ? result.ToImmutable() : null;
    }

    /// <summary>Why <paramref name="name"/> cannot be a Linux interface name, or null.</summary>
    public static string? InterfaceNameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "must not be empty";
        }

        if (name.Length > MaxInterfaceNameLength)
        {
            return $"\"{name}\" is {name.Length} characters long; a Linux interface name has at most {MaxInterfaceNameLength}";
        }

        if (name is "." or ".." || name.Any(c => c is '/' or ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return $"\"{name}\" is not a valid interface name (no '/', ':', spaces, and not \".\" or \"..\")";
        }

        return null;
    }

    private static string? LabelKeyProblem(string key)
    {
        if (key == PacketCaptureValidator.ReservedNamespaceLabel)
        {
            return "is set by the node from the endpoint's namespace; leave it out";
        }

        var slash = key.LastIndexOf('/');
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (prefix is not null && (prefix.Length is 0 or > PacketCaptureValidator.MaxNameLength || PacketCaptureValidator.NameProblem(prefix) is not null))
        {
            return $"label name prefix \"{prefix}\" must be a DNS-1123 subdomain (like example.com)";
        }

        return name.Length is 0 or > PacketCaptureValidator.MaxLabelLength || !LabelText().IsMatch(name)
            ? $"label name \"{name}\" must be 1-{PacketCaptureValidator.MaxLabelLength} letters, digits, '-', '_' or '.', starting and ending with a letter or digit"
            : null;
    }

    private static string? LabelValueProblem(string value) =>
        value.Length == 0 || (value.Length <= PacketCaptureValidator.MaxLabelLength && LabelText().IsMatch(value))
            ? null
            : $"label value \"{value}\" must be at most {PacketCaptureValidator.MaxLabelLength} letters, digits, '-', '_' or '.', starting and ending with a letter or digit";

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelText();
}
