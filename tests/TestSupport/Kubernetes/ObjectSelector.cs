using System.Text.Json.Nodes;

namespace PacketCapture.TestSupport.Kubernetes;

/// <summary>
/// <c>fieldSelector</c> and <c>labelSelector</c> as the API server reads them, equality-based:
/// <c>a=b</c>, <c>a==b</c>, <c>a!=b</c>, and for labels also <c>key</c> (exists) and <c>!key</c>; terms joined by commas.
/// </summary>
public sealed class ObjectSelector
{
    private readonly List<Func<JsonObject, bool>> _terms = [];

    private ObjectSelector()
    {
    }

    /// <summary>Matches every object.</summary>
    public static ObjectSelector Everything { get; } = new();

    /// <summary>Combines both query parameters; either may be null or empty.</summary>
    /// <exception cref="ApiStatusException">400 for a term it cannot read.</exception>
    public static ObjectSelector Parse(string? fieldSelector, string? labelSelector)
    {
        var selector = new ObjectSelector();
        foreach (var term in Terms(fieldSelector))
        {
            var (key, value, equal) = Equality(term, "fieldSelector");
            var path = key.Split('.');
            selector._terms.Add(o => (FieldValue(o, path) == value) == equal);
        }

        foreach (var term in Terms(labelSelector))
        {
            if (!term.Contains('=', StringComparison.Ordinal))
            {
                var absent = term.StartsWith('!');
                var key = absent ? term[1..].Trim() : term;
                if (key.Length == 0 || key.Contains(' ', StringComparison.Ordinal))
                {
                    throw ApiStatusException.BadRequest($"unable to parse requirement: labelSelector \"{term}\" (only equality and existence are supported)");
                }

                selector._terms.Add(o => (Label(o, key) is not null) != absent);
                continue;
            }

            var (name, value, equal) = Equality(term, "labelSelector");
            selector._terms.Add(o => (Label(o, name) == value) == equal);
        }

        return selector;
    }

    /// <summary>True when every term holds for <paramref name="item"/>.</summary>
    public bool Matches(JsonObject item) => _terms.TrueForAll(t => t(item));

    private static IEnumerable<string> Terms(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',').Select(t => t.Trim()).Where(t => t.Length > 0);

    private static (string Key, string Value, bool Equal) Equality(string term, string parameter)
    {
        var (op, equal) = term.Contains("!=", StringComparison.Ordinal) ? ("!=", false)
            : term.Contains("==", StringComparison.Ordinal) ? ("==", true)
            : ("=", true);
        var at = term.IndexOf(op, StringComparison.Ordinal);
        if (at <= 0)
        {
            throw ApiStatusException.BadRequest($"invalid {parameter} \"{term}\": expected key=value, key==value or key!=value");
        }

        return (term[..at].Trim(), term[(at + op.Length)..].Trim(), equal);
    }

    private static string? Label(JsonObject item, string key) =>
        item["metadata"]?["labels"]?[key]?.GetValue<string>();

    // A missing field compares as the empty string, as the API server does.
    private static string FieldValue(JsonObject item, string[] path)
    {
        JsonNode? node = item;
        foreach (var part in path)
        {
            node = node is JsonObject o ? o[part] : null;
        }

        return node switch
        {
            null => "",
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            _ => node.ToJsonString(),
        };
    }
}
