using System.Collections.Immutable;
using System.Text.RegularExpressions;

namespace PacketCapture.Actors.Model;

/// <summary>
/// The rules of SPEC.md §2 on a bound resource. Shape problems (types, unknown fields,
/// malformed ports) are found while binding; this checks formats and the rules between fields.
/// </summary>
public static partial class PacketCaptureValidator
{
    /// <summary>Longest DNS-1123 subdomain (object names).</summary>
    public const int MaxNameLength = 253;

    /// <summary>Longest DNS-1123 label (namespaces, label name parts).</summary>
    public const int MaxLabelLength = 63;

    /// <summary>Calico sets this label on every endpoint; an object may not claim it.</summary>
    public const string ReservedNamespaceLabel = "projectcalico.org/namespace";

    /// <summary>Every rule violated by <paramref name="resource"/>, in field order.</summary>
    public static IEnumerable<FieldError> Validate(PacketCaptureResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        foreach (var error in ValidateMetadata(resource.Metadata))
        {
            yield return error;
        }

        foreach (var error in ValidateSpec(resource.Spec))
        {
            yield return error;
        }
    }

    private static IEnumerable<FieldError> ValidateMetadata(ObjectMeta metadata)
    {
        if (NameProblem(metadata.Name) is { } nameProblem)
        {
            yield return new FieldError("metadata.name", nameProblem);
        }

        if (NamespaceProblem(metadata.Namespace) is { } namespaceProblem)
        {
            yield return new FieldError("metadata.namespace", namespaceProblem);
        }

        foreach (var (key, value) in metadata.Labels)
        {
            var path = $"metadata.labels[\"{key}\"]";
            if (key == ReservedNamespaceLabel)
            {
                yield return new FieldError(path, "is reserved: Calico sets it to the object's namespace");
            }
            else if (LabelKeyProblem(key) is { } keyProblem)
            {
                yield return new FieldError(path, keyProblem);
            }

            if (value.Length > MaxLabelLength)
            {
                yield return new FieldError(path, $"value must be at most {MaxLabelLength} characters, got {value.Length}");
            }
            else if (value.Length > 0 && !LabelValue().IsMatch(value))
            {
                yield return new FieldError(path,
                    $"value \"{value}\" is not valid: use letters, digits, '-', '_' and '.', starting and ending with a letter or digit");
            }
        }

        foreach (var (key, value) in metadata.Annotations)
        {
            if (LabelKeyProblem(key) is { } keyProblem)
            {
                yield return new FieldError($"metadata.annotations[\"{key}\"]", keyProblem);
            }

            if (value.Length > InputLimits.MaxAnnotationValueLength)
            {
                yield return new FieldError($"metadata.annotations[\"{key}\"]",
                    $"value must be at most {InputLimits.MaxAnnotationValueLength} characters, got {value.Length}");
            }
        }

        if (metadata.Generation is < 0)
        {
            yield return new FieldError("metadata.generation", "must not be negative");
        }
    }

    private static IEnumerable<FieldError> ValidateSpec(PacketCaptureSpec spec)
    {
        if (spec.Selector is { } selector && SelectorProblem(selector) is { } selectorProblem)
        {
            yield return new FieldError("spec.selector", selectorProblem);
        }

        foreach (var error in ValidateFilters(spec.EffectiveFilters, "spec.filters"))
        {
            yield return error;
        }

        if (spec is { StartTime: { } start, EndTime: { } end } && end <= start)
        {
            yield return new FieldError("spec.endTime", end == start
                ? $"must be after spec.startTime, and both are {Rfc3339.Format(start)}"
                : $"must be after spec.startTime ({Rfc3339.Format(end)} is before {Rfc3339.Format(start)})");
        }
    }

    /// <summary>Rules between a filter's fields: ports need a protocol that has ports.</summary>
    public static IEnumerable<FieldError> ValidateFilters(ImmutableArray<CaptureFilter> filters, string path)
    {
        var ports = filters.Sum(f => f.Ports.Length);
        if (ports > InputLimits.MaxPorts)
        {
            yield return new FieldError(path,
                $"has {ports} ports across its rules; at most {InputLimits.MaxPorts} are allowed (libpcap compiles larger filters very slowly; use \"start:end\" ranges)");
        }

        for (var i = 0; i < filters.Length; i++)
        {
            if (filters[i] is { Protocol: { HasPorts: false } protocol, Ports.IsEmpty: false })
            {
                yield return new FieldError($"{path}[{i}].ports",
                    $"ports are only allowed with TCP, UDP or SCTP (protocol 6, 17 or 132) or with no protocol; {protocol} has no ports");
            }
        }
    }

    /// <summary>Why <paramref name="selector"/> is not acceptable, or null.</summary>
    public static string? SelectorProblem(string selector)
    {
        if (selector.Length > InputLimits.MaxSelectorLength)
        {
            return $"is {selector.Length} characters long; at most {InputLimits.MaxSelectorLength} are allowed";
        }

        return Selectors.Selector.TryParse(selector, out _, out var error) ? null : error.Message;
    }

    /// <summary>Why <paramref name="name"/> is not a valid object name (DNS-1123 subdomain), or null.</summary>
    public static string? NameProblem(string name)
    {
        if (name.Length == 0)
        {
            return "is required";
        }

        if (name.Length > MaxNameLength)
        {
            return $"must be at most {MaxNameLength} characters, got {name.Length}";
        }

        if (Subdomain().IsMatch(name))
        {
            return null;
        }

        const string rule = "names are DNS-1123 subdomains: lowercase letters, digits, '-' and '.', starting and ending with a letter or digit";
        var fixedName = name.Replace('_', '-').ToLowerInvariant();
        var suggestion = Subdomain().IsMatch(fixedName) ? $", try \"{fixedName}\"" : "";
        if (name.Contains('_', StringComparison.Ordinal))
        {
            return $"\"{name}\" is not a valid name: '_' is not allowed ({rule}; Calico's docs list '_' but its API and Kubernetes reject it){suggestion}";
        }

        return name.Any(char.IsAsciiLetterUpper)
            ? $"\"{name}\" is not a valid name: uppercase letters are not allowed ({rule}){suggestion}"
            : $"\"{name}\" is not a valid name: {rule}";
    }

    /// <summary>Why <paramref name="ns"/> is not a valid namespace (DNS-1123 label), or null.</summary>
    public static string? NamespaceProblem(string ns)
    {
        if (ns.Length == 0)
        {
            return "must not be empty (leave it out for \"default\")";
        }

        if (ns.Length > MaxLabelLength)
        {
            return $"must be at most {MaxLabelLength} characters, got {ns.Length}";
        }

        return DnsLabel().IsMatch(ns)
            ? null
            : $"\"{ns}\" is not a valid namespace: namespaces are DNS-1123 labels: lowercase letters, digits and '-', starting and ending with a letter or digit";
    }

    private static string? LabelKeyProblem(string key)
    {
        var slash = key.LastIndexOf('/');
        var prefix = slash < 0 ? null : key[..slash];
        var name = slash < 0 ? key : key[(slash + 1)..];
        if (prefix is not null && (prefix.Length is 0 or > MaxNameLength || !Subdomain().IsMatch(prefix)))
        {
            return $"key prefix \"{prefix}\" must be a DNS-1123 subdomain (like example.com)";
        }

        if (name.Length is 0 or > MaxLabelLength || !LabelValue().IsMatch(name))
        {
            return $"key name \"{name}\" must be 1-{MaxLabelLength} letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
        }

        return null;
    }

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")]
    private static partial Regex Subdomain();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$")]
    private static partial Regex LabelValue();
}
