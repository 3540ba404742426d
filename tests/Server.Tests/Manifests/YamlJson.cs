using System.Globalization;
using System.Numerics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PacketCapture.Server.Tests.Manifests;

/// <summary>
/// YAML documents as the JSON the API server receives: plain scalars resolved by the YAML 1.2
/// core schema (null, booleans, decimal integers, floats, else a string; hex and octal forms stay
/// strings), quoted scalars always strings.
/// </summary>
internal static partial class YamlJson
{
    /// <summary>Every document of a (multi-document) YAML text; empty documents are skipped.</summary>
    public static IReadOnlyList<JsonNode?> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents
            .Where(d => d.RootNode is not YamlScalarNode { Value: null or "" })
            .Select(d => Reparse(Convert(d.RootNode)))
            .ToList();
    }

    /// <summary>One YAML document.</summary>
    public static JsonNode? Document(string yaml) => Documents(yaml).Single();

    // Reparsed so every value is backed by a JsonElement: one way to read numbers and strings.
    private static JsonNode? Reparse(JsonNode? node) => node is null ? null : JsonNode.Parse(node.ToJsonString());

    private static JsonNode? Convert(YamlNode node) =>
        node switch
        {
            YamlMappingNode map => Map(map),
            YamlSequenceNode list => new JsonArray(list.Children.Select(Convert).ToArray()),
            YamlScalarNode scalar => Scalar(scalar),
            _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
        };

    private static JsonObject Map(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children)
        {
            var name = key is YamlScalarNode { Value: { } text } ? text : throw new NotSupportedException($"a non-scalar key at {key.Start}");

            // JsonObject.Add throws on a duplicate key, as the API server refuses one.
            result.Add(name, Convert(value));
        }

        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (!scalar.Tag.IsEmpty)
        {
            return scalar.Tag.Value is "tag:yaml.org,2002:str" or "!!str"
                ? JsonValue.Create(text)
                : throw new NotSupportedException($"YAML tag {scalar.Tag.Value} at {scalar.Start}");
        }

        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }

        if (Integer().IsMatch(text))
        {
            return JsonNode.Parse(BigInteger.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture));
        }

        if (Float().IsMatch(text))
        {
            return JsonValue.Create(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return JsonValue.Create(text);
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
