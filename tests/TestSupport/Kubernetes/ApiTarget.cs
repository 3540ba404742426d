namespace PacketCapture.TestSupport.Kubernetes;

/// <summary>
/// What a request path names: a collection (<c>/api/v1/[namespaces/{ns}/]{plural}</c> or
/// <c>/apis/{group}/{version}/[namespaces/{ns}/]{plural}</c>), one object in it, or its status.
/// </summary>
public sealed record ApiTarget(string Group, string Version, string Plural, string? Namespace, string? Name, bool Status)
{
    /// <summary><c>v1</c> for the core group, else <c>group/version</c>.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The collection regardless of namespace: <c>group/version/plural</c>.</summary>
    public string Collection => $"{Group}/{Version}/{Plural}";

    /// <summary>A target from an apiVersion (<c>v1</c> or <c>group/version</c>), for tests driving the store directly.</summary>
    public static ApiTarget Of(string apiVersion, string plural, string? @namespace = null, string? name = null, bool status = false)
    {
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new ApiTarget("", apiVersion, plural, @namespace, name, status)
            : new ApiTarget(apiVersion[..slash], apiVersion[(slash + 1)..], plural, @namespace, name, status);
    }

    /// <summary>The same collection, naming one object.</summary>
    public ApiTarget WithName(string @namespace, string name, bool status = false) =>
        this with { Namespace = @namespace, Name = name, Status = status };

    /// <summary>Parses a path; null when it names no collection.</summary>
    public static ApiTarget? Parse(string path)
    {
        var parts = path.Trim('/').Split('/');
        string group, version;
        int rest;
        if (parts.Length >= 3 && parts[0] == "api")
        {
            (group, version, rest) = ("", parts[1], 2);
        }
        else if (parts.Length >= 4 && parts[0] == "apis")
        {
            (group, version, rest) = (parts[1], parts[2], 3);
        }
        else
        {
            return null;
        }

        var tail = parts[rest..];
        string? ns = null;

        // "namespaces/{ns}/{plural}…" is namespaced; "namespaces[/{name}]" is the namespaces collection itself.
        if (tail.Length >= 3 && tail[0] == "namespaces")
        {
            ns = tail[1];
            tail = tail[2..];
        }

        if (tail.Length is 0 or > 3 || tail.Any(p => p.Length == 0) || (tail.Length == 3 && tail[2] != "status"))
        {
            return null;
        }

        return new ApiTarget(group, version, tail[0], ns, tail.Length >= 2 ? tail[1] : null, tail.Length == 3);
    }
}
