using System.Text.Json.Nodes;

namespace PacketCapture.TestSupport.Kubernetes;

/// <summary>The two patch kinds the client sends: JSON merge patch (RFC 7386) and JSON patch (RFC 6902).</summary>
public static class Patches
{
    /// <summary>RFC 7386: objects merge key by key, <c>null</c> removes, anything else replaces.</summary>
    public static JsonNode? Merge(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject o ? (JsonObject)o.DeepClone() : new JsonObject();
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                var merged = Merge(result[key], value);
                result.Remove(key);
                result[key] = merged;
            }
        }

        return result;
    }

    /// <summary>RFC 6902 on a copy of <paramref name="target"/>: add, remove, replace, move, copy, test.</summary>
    /// <exception cref="ApiStatusException">422 when an operation does not apply (missing path, failed test).</exception>
    public static JsonNode Apply(JsonNode target, JsonArray operations)
    {
        var document = target.DeepClone();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op["op"]?.GetValue<string>() is not { } kind || op["path"]?.GetValue<string>() is not { } path)
            {
                throw Invalid("every JSON patch operation needs \"op\" and \"path\"");
            }

            switch (kind)
            {
                case "add":
                    Add(document, path, op["value"]?.DeepClone());
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "replace":
                    Remove(document, path);
                    Add(document, path, op["value"]?.DeepClone());
                    break;
                case "move":
                    var moved = Remove(document, From(op));
                    Add(document, path, moved);
                    break;
                case "copy":
                    Add(document, path, Find(document, From(op))?.DeepClone());
                    break;
                case "test":
                    if (!JsonNode.DeepEquals(Find(document, path), op["value"]))
                    {
                        throw Invalid($"the JSON patch test at {path} failed");
                    }

                    break;
                default:
                    throw Invalid($"unknown JSON patch op \"{kind}\"");
            }
        }

        return document;
    }

    private static string From(JsonObject op) =>
        op["from"]?.GetValue<string>() ?? throw Invalid("move and copy need \"from\"");

    private static ApiStatusException Invalid(string message) => new(422, "Invalid", message);

    private static (JsonNode Parent, string Last) Parent(JsonNode document, string path)
    {
        if (path.Length == 0 || path[0] != '/')
        {
            throw Invalid($"JSON pointer \"{path}\" must start with /");
        }

        var tokens = path[1..].Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        var node = document;
        foreach (var token in tokens[..^1])
        {
            node = Child(node, token) ?? throw Invalid($"path {path} does not exist");
        }

        return (node, tokens[^1]);
    }

    private static JsonNode? Child(JsonNode node, string token) => node switch
    {
        JsonObject o => o[token],
        JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
        _ => null,
    };

    private static JsonNode? Find(JsonNode document, string path)
    {
        if (path.Length == 0)
        {
            return document;
        }

        var (parent, last) = Parent(document, path);
        return Child(parent, last);
    }

    private static void Add(JsonNode document, string path, JsonNode? value)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject o:
                o.Remove(last);
                o[last] = value;
                break;
            case JsonArray a when last == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw Invalid($"cannot add at {path}");
        }
    }

    private static JsonNode? Remove(JsonNode document, string path)
    {
        var (parent, last) = Parent(document, path);
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(last):
                var value = o[last];
                o.Remove(last);
                return value;
            case JsonArray a when int.TryParse(last, out var i) && i >= 0 && i < a.Count:
                var item = a[i];
                a.RemoveAt(i);
                return item;
            default:
                throw Invalid($"path {path} does not exist");
        }
    }
}
