using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace PacketCapture.Server.Tests.Manifests;

/// <summary>
/// Validates JSON against the OpenAPI v3 subset that a CRD's structural schema uses, the way
/// the API server does with strict field validation (kubectl's default): unknown fields are
/// errors, null fields are pruned (treated as absent), <c>metadata</c> at the root is the API
/// server's own (ObjectMeta) and not looked into. Every keyword this class knows is enforced;
/// <see cref="Problems"/> names any keyword it does not know, so a schema cannot silently use
/// more than the tests check. CEL rules (<c>x-kubernetes-validations</c>) are collected, not evaluated.
/// </summary>
internal sealed partial class StructuralSchema
{
    /// <summary>Keywords that constrain a value, each enforced by <see cref="Validate"/>.</summary>
    public static readonly IReadOnlySet<string> EnforcedKeywords = new HashSet<string>(StringComparer.Ordinal)
    {
        "type", "properties", "required", "items", "additionalProperties", "enum", "pattern", "format",
        "minimum", "maximum", "minItems", "maxItems", "minLength", "maxLength",
        "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields",
    };

    /// <summary>Keywords that constrain nothing (documentation).</summary>
    public static readonly IReadOnlySet<string> AnnotationKeywords = new HashSet<string>(StringComparer.Ordinal) { "description" };

    /// <summary>CEL rules: the API server evaluates them, this class only collects them.</summary>
    public const string CelKeyword = "x-kubernetes-validations";

    private static readonly IReadOnlySet<string> Types = new HashSet<string>(StringComparer.Ordinal)
    {
        "object", "array", "string", "integer", "number", "boolean",
    };

    private static readonly IReadOnlySet<string> Formats = new HashSet<string>(StringComparer.Ordinal) { "date-time" };

    private readonly JsonObject _root;

    private StructuralSchema(JsonObject root) => _root = root;

    /// <summary>A schema this class can enforce completely.</summary>
    /// <exception cref="ArgumentException">It uses a keyword, type or format this class does not enforce, or is not structural.</exception>
    public static StructuralSchema Load(JsonObject schema)
    {
        var problems = Problems(schema);
        return problems.Count == 0
            ? new StructuralSchema(schema)
            : throw new ArgumentException("schema not supported: " + string.Join("; ", problems), nameof(schema));
    }

    /// <summary>
    /// What makes <paramref name="schema"/> unenforceable here or not structural: unknown keywords,
    /// types and formats; a node without a type (unless int-or-string); an array without items;
    /// properties together with additionalProperties.
    /// </summary>
    public static IReadOnlyList<string> Problems(JsonObject schema)
    {
        var problems = new List<string>();
        Walk(schema, "", (node, path) =>
        {
            foreach (var (keyword, value) in node)
            {
                if (!EnforcedKeywords.Contains(keyword) && !AnnotationKeywords.Contains(keyword) && keyword != CelKeyword)
                {
                    problems.Add($"{Display(path)}: keyword \"{keyword}\" is not enforced by this validator");
                }
                else if (keyword == "type" && !Types.Contains(value?.GetValue<string>() ?? ""))
                {
                    problems.Add($"{Display(path)}: type {value?.ToJsonString()} is not known");
                }
                else if (keyword == "format" && !Formats.Contains(value?.GetValue<string>() ?? ""))
                {
                    problems.Add($"{Display(path)}: format {value?.ToJsonString()} is not enforced by this validator");
                }
            }

            if (!node.ContainsKey("type") && !IsTrue(node, "x-kubernetes-int-or-string"))
            {
                problems.Add($"{Display(path)}: no type (a structural schema needs one)");
            }

            if (node["type"]?.GetValue<string>() == "array" && node["items"] is not JsonObject)
            {
                problems.Add($"{Display(path)}: an array without items");
            }

            if (node.ContainsKey("properties") && node.ContainsKey("additionalProperties"))
            {
                problems.Add($"{Display(path)}: properties and additionalProperties together");
            }
        });
        return problems;
    }

    /// <summary>Every CEL rule with the schema path it is declared at.</summary>
    public static IReadOnlyList<(string Path, string Rule)> CelRules(JsonObject schema)
    {
        var rules = new List<(string, string)>();
        Walk(schema, "", (node, path) =>
        {
            foreach (var rule in node[CelKeyword]?.AsArray() ?? [])
            {
                rules.Add((Display(path), rule!["rule"]!.GetValue<string>()));
            }
        });
        return rules;
    }

    /// <summary>The errors of <paramref name="document"/>, each <c>path: what is wrong</c>; empty when valid.</summary>
    public IReadOnlyList<string> Validate(JsonNode? document)
    {
        var errors = new List<string>();
        Check(document, _root, "", errors);
        return errors;
    }

    private static void Walk(JsonObject node, string path, Action<JsonObject, string> visit)
    {
        visit(node, path);
        if (node["properties"] is JsonObject properties)
        {
            foreach (var (name, child) in properties)
            {
                Walk(child!.AsObject(), Join(path, name), visit);
            }
        }

        if (node["items"] is JsonObject items)
        {
            Walk(items, path + "[]", visit);
        }

        if (node["additionalProperties"] is JsonObject values)
        {
            Walk(values, path + ".*", visit);
        }
    }

    private static void Check(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        if (!HasType(value, schema, path, errors))
        {
            return;
        }

        if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{Display(path)}: {value!.ToJsonString()} is not one of {allowed.ToJsonString()}");
        }

        switch (value)
        {
            case JsonObject map:
                CheckObject(map, schema, path, errors);
                break;
            case JsonArray list:
                CheckArray(list, schema, path, errors);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.String:
                CheckString(scalar.GetValue<string>(), schema, path, errors);
                break;
            case JsonValue scalar when scalar.GetValueKind() == JsonValueKind.Number:
                CheckNumber(scalar.GetValue<decimal>(), schema, path, errors);
                break;
        }
    }

    private static bool HasType(JsonNode? value, JsonObject schema, string path, List<string> errors)
    {
        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        string expected;
        bool ok;
        if (IsTrue(schema, "x-kubernetes-int-or-string"))
        {
            expected = "an integer or a string";
            ok = kind == JsonValueKind.String || IsInteger(value);
        }
        else
        {
            expected = schema["type"]!.GetValue<string>();
            ok = expected switch
            {
                "object" => kind == JsonValueKind.Object,
                "array" => kind == JsonValueKind.Array,
                "string" => kind == JsonValueKind.String,
                "integer" => IsInteger(value),
                "number" => kind == JsonValueKind.Number,
                "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
                _ => throw new InvalidOperationException($"type {expected}"),
            };
        }

        if (!ok)
        {
            errors.Add($"{Display(path)}: must be {expected}, got {Describe(value)}");
        }

        return ok;
    }

    private static void CheckObject(JsonObject map, JsonObject schema, string path, List<string> errors)
    {
        // ObjectMeta: the API server validates it itself; a CRD may not constrain it beyond name.
        if (path == "metadata")
        {
            return;
        }

        foreach (var name in schema["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            if (map[name] is null)
            {
                errors.Add($"{Join(path, name)}: is required");
            }
        }

        var properties = schema["properties"] as JsonObject;
        foreach (var (name, child) in map)
        {
            if (child is null)
            {
                continue;
            }

            if (properties?[name] is JsonObject property)
            {
                Check(child, property, Join(path, name), errors);
            }
            else if (schema["additionalProperties"] is JsonObject values)
            {
                Check(child, values, Join(path, name), errors);
            }
            else if (!IsTrue(schema, "x-kubernetes-preserve-unknown-fields") && !IsTrue(schema, "additionalProperties"))
            {
                errors.Add($"{Join(path, name)}: unknown field");
            }
        }
    }

    private static void CheckArray(JsonArray list, JsonObject schema, string path, List<string> errors)
    {
        if (schema["maxItems"] is { } maxItems && list.Count > maxItems.GetValue<int>())
        {
            errors.Add($"{Display(path)}: has {list.Count} items, at most {maxItems} allowed");
        }

        if (schema["minItems"] is { } minItems && list.Count < minItems.GetValue<int>())
        {
            errors.Add($"{Display(path)}: has {list.Count} items, at least {minItems} required");
        }

        var items = schema["items"]!.AsObject();
        for (var i = 0; i < list.Count; i++)
        {
            Check(list[i], items, $"{path}[{i}]", errors);
        }
    }

    private static void CheckString(string text, JsonObject schema, string path, List<string> errors)
    {
        // The API server counts characters (runes), not UTF-16 units.
        var length = text.EnumerateRunes().Count();
        if (schema["maxLength"] is { } maxLength && length > maxLength.GetValue<int>())
        {
            errors.Add($"{Display(path)}: is {length} characters long, at most {maxLength} allowed");
        }

        if (schema["minLength"] is { } minLength && length < minLength.GetValue<int>())
        {
            errors.Add($"{Display(path)}: is {length} characters long, at least {minLength} required");
        }

        if (schema["pattern"] is { } pattern &&
            !Regex.IsMatch(text, pattern.GetValue<string>(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            errors.Add($"{Display(path)}: \"{text}\" does not match {pattern.GetValue<string>()}");
        }

        if (schema["format"]?.GetValue<string>() == "date-time" && !IsDateTime(text))
        {
            errors.Add($"{Display(path)}: \"{text}\" is not an RFC 3339 date-time");
        }
    }

    private static void CheckNumber(decimal number, JsonObject schema, string path, List<string> errors)
    {
        if (schema["minimum"] is { } minimum && number < minimum.GetValue<decimal>())
        {
            errors.Add($"{Display(path)}: {number} is less than the minimum {minimum}");
        }

        if (schema["maximum"] is { } maximum && number > maximum.GetValue<decimal>())
        {
            errors.Add($"{Display(path)}: {number} is more than the maximum {maximum}");
        }
    }

    private static bool IsDateTime(string text) =>
        DateTime().IsMatch(text) &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

    private static bool IsInteger(JsonNode? value) =>
        value?.GetValueKind() == JsonValueKind.Number && value.GetValue<decimal>() is var d && d == decimal.Truncate(d);

    private static bool IsTrue(JsonObject schema, string keyword) =>
        schema[keyword] is JsonValue flag && flag.GetValueKind() == JsonValueKind.True;

    private static string Describe(JsonNode? value) =>
        value?.GetValueKind() switch
        {
            null or JsonValueKind.Null => "null",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.String => $"a string {value.ToJsonString()}",
            JsonValueKind.Number => $"a number {value.ToJsonString()}",
            _ => $"a boolean {value.ToJsonString()}",
        };

    private static string Join(string path, string name) => path.Length == 0 ? name : $"{path}.{name}";

    private static string Display(string path) => path.Length == 0 ? "(root)" : path;

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")]
    private static partial Regex DateTime();
}
