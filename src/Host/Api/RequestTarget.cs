namespace PacketCapture.Host.Api;

/// <summary>
/// Checks the request target exactly as the client sent it, before Kestrel decodes it and removes
/// dot segments: <c>/download/../../etc/files.zip</c> would otherwise arrive as <c>/etc/files.zip</c>
/// and look like any unknown URL. No valid API path needs a dot segment, a backslash or a
/// percent-encoded character (namespaces and names are DNS-1123), so any of them is refused.
/// </summary>
public static class RequestTarget
{
    /// <summary>Why <paramref name="rawTarget"/> is refused, or null when its path is plain.</summary>
    public static string? Problem(string rawTarget)
    {
        ArgumentNullException.ThrowIfNull(rawTarget);
        var path = PathOf(rawTarget);
        if (path.Contains('\\', StringComparison.Ordinal))
        {
            return $"path \"{path}\" contains a backslash";
        }

        var percent = path.IndexOf('%', StringComparison.Ordinal);
        if (percent >= 0)
        {
            var encoded = path.Substring(percent, Math.Min(3, path.Length - percent));
            return $"path \"{path}\" contains the encoded character \"{encoded}\"; API paths are plain names";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "." or "..")
            {
                return $"path \"{path}\" contains a \"{segment}\" segment";
            }
        }

        return null;
    }

    private static string PathOf(string rawTarget)
    {
        var path = rawTarget;
        if (!path.StartsWith('/'))
        {
            // Absolute form (http://host/path): keep only the path.
            var scheme = path.IndexOf("://", StringComparison.Ordinal);
            var slash = scheme < 0 ? -1 : path.IndexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path[slash..];
        }

        var query = path.IndexOfAny(['?', '#']);
        return query < 0 ? path : path[..query];
    }
}
