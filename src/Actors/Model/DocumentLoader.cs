using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PacketCapture.Actors.Model;

/// <summary>
/// Loads text (YAML, possibly multi-document, or JSON) into <see cref="DocumentNode"/> trees.
/// Loading is iterative with explicit limits (<see cref="InputLimits"/>): deep nesting or a
/// huge input is refused with an error instead of a stack overflow or unbounded memory.
/// </summary>
public static partial class DocumentLoader
{
    /// <summary>Loads every non-empty document of <paramref name="text"/>.</summary>
    /// <exception cref="DocumentFormatException">The text is not well-formed or exceeds a limit.</exception>
    public static IReadOnlyList<DocumentNode> Load(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (System.Text.Encoding.UTF8.GetByteCount(text) > InputLimits.MaxInputBytes)
        {
            throw new DocumentFormatException(
                $"input is larger than {InputLimits.MaxInputBytes / 1024} KiB; a PacketCapture document is far smaller");
        }

        var start = text.AsSpan().TrimStart();
        return start.Length > 0 && (start[0] == '{' || start[0] == '[') ? [LoadJson(text)] : LoadYaml(text);
    }

    private static List<DocumentNode> LoadYaml(string text)
    {
        var documents = new List<DocumentNode>();
        var parser = new Parser(new StringReader(text));
        var stack = new Stack<Builder>();
        DocumentNode? root = null;
        var nodes = 0;
        try
        {
            while (parser.MoveNext())
            {
                var current = parser.Current!;
                DocumentNode? finished = null;
                switch (current)
                {
                    case DocumentStart:
                        root = null;
                        break;
                    case DocumentEnd:
                        if (root is not null)
                        {
                            if (documents.Count == InputLimits.MaxDocuments)
                            {
                                throw new DocumentFormatException(
                                    $"input holds more than {InputLimits.MaxDocuments} documents");
                            }

                            documents.Add(root);
                        }

                        break;
                    case MappingStart or SequenceStart:
                        if (stack.Count == InputLimits.MaxDepth)
                        {
                            throw new DocumentFormatException(
                                $"line {current.Start.Line}: nesting is deeper than {InputLimits.MaxDepth} levels");
                        }

                        CountNode(ref nodes, current.Start);
                        stack.Push(new Builder(current is MappingStart, (int)current.Start.Line, (int)current.Start.Column));
                        break;
                    case MappingEnd or SequenceEnd:
                        finished = stack.Pop().Build();
                        break;
                    case Scalar scalar:
                        CountNode(ref nodes, current.Start);
                        if (!scalar.Anchor.IsEmpty)
                        {
                            throw AnchorsUnsupported(current.Start);
                        }

                        finished = ResolveYamlScalar(scalar);
                        break;
                    case AnchorAlias:
                        throw AnchorsUnsupported(current.Start);
                }

                if (current is MappingStart { Anchor.IsEmpty: false } or SequenceStart { Anchor.IsEmpty: false })
                {
                    throw AnchorsUnsupported(current.Start);
                }

                if (finished is null)
                {
                    continue;
                }

                if (stack.Count == 0)
                {
                    root = IsEmptyDocument(finished) ? null : finished;
                }
                else
                {
                    stack.Peek().Add(finished);
                }
            }
        }
        catch (YamlException e)
        {
            throw new DocumentFormatException($"line {e.Start.Line}, column {e.Start.Column}: not valid YAML: {FirstLine(e.Message)}");
        }

        return documents;
    }

    private static bool IsEmptyDocument(DocumentNode node) => node is ScalarNode { Kind: ScalarKind.Null };

    private static void CountNode(ref int nodes, Mark at)
    {
        if (++nodes > InputLimits.MaxNodes)
        {
            throw new DocumentFormatException($"line {at.Line}: input holds more than {InputLimits.MaxNodes} values");
        }
    }

    private static DocumentFormatException AnchorsUnsupported(Mark at) =>
        new($"line {at.Line}, column {at.Column}: YAML anchors and aliases are not supported; write the values out");

    private static ScalarNode ResolveYamlScalar(Scalar scalar)
    {
        var line = (int)scalar.Start.Line;
        var column = (int)scalar.Start.Column;
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return new ScalarNode(scalar.Value, ScalarKind.String, line, column);
        }

        // YAML 1.2 core schema for plain scalars: what Kubernetes tooling reads as a
        // number, bool or null must not silently become a string here.
        var value = scalar.Value;
        var kind = value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => ScalarKind.Null,
            "true" or "True" or "TRUE" or "false" or "False" or "FALSE" => ScalarKind.Boolean,
            _ when YamlInteger().IsMatch(value) => ScalarKind.Integer,
            _ when YamlFloat().IsMatch(value) => ScalarKind.Float,
            _ => ScalarKind.String,
        };
        return new ScalarNode(value, kind, line, column);
    }

    [GeneratedRegex(@"^([-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")]
    private static partial Regex YamlInteger();

    [GeneratedRegex(@"^([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))$")]
    private static partial Regex YamlFloat();

    private static DocumentNode LoadJson(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = InputLimits.MaxDepth });
            var nodes = 0;
            return Convert(json.RootElement, ref nodes);
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } l ? $"line {l + 1}, column {(e.BytePositionInLine ?? 0) + 1}: " : "";
            throw new DocumentFormatException($"{where}not valid JSON: {FirstLine(StripJsonPosition(e.Message))}");
        }
    }

    // Depth is bounded by JsonDocumentOptions.MaxDepth, so recursion is safe here.
    private static DocumentNode Convert(JsonElement element, ref int nodes)
    {
        if (++nodes > InputLimits.MaxNodes)
        {
            throw new DocumentFormatException($"input holds more than {InputLimits.MaxNodes} values");
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var entries = new List<KeyValuePair<string, DocumentNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var property in element.EnumerateObject())
                {
                    if (!seen.Add(property.Name))
                    {
                        throw new DocumentFormatException($"not valid JSON: field \"{property.Name}\" appears twice in one object");
                    }

                    entries.Add(new(property.Name, Convert(property.Value, ref nodes)));
                }

                return new MapNode(entries, 0, 0);
            }
            case JsonValueKind.Array:
            {
                var items = new List<DocumentNode>();
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(Convert(item, ref nodes));
                }

                return new ListNode(items, 0, 0);
            }
            case JsonValueKind.String:
                return new ScalarNode(element.GetString()!, ScalarKind.String, 0, 0);
            case JsonValueKind.Number:
                var raw = element.GetRawText();
                return new ScalarNode(raw, long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                    ? ScalarKind.Integer : ScalarKind.Float, 0, 0);
            case JsonValueKind.True:
                return new ScalarNode("true", ScalarKind.Boolean, 0, 0);
            case JsonValueKind.False:
                return new ScalarNode("false", ScalarKind.Boolean, 0, 0);
            default:
                return new ScalarNode("null", ScalarKind.Null, 0, 0);
        }
    }

    private static string StripJsonPosition(string message)
    {
        var at = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return at < 0 ? message : message[..at];
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }

    private sealed class Builder(bool isMap, int line, int column)
    {
        private readonly List<DocumentNode> _children = [];

        public void Add(DocumentNode node) => _children.Add(node);

        public DocumentNode Build()
        {
            if (!isMap)
            {
                return new ListNode(_children, line, column);
            }

            var entries = new List<KeyValuePair<string, DocumentNode>>(_children.Count / 2);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < _children.Count; i += 2)
            {
                if (_children[i] is not ScalarNode key)
                {
                    throw new DocumentFormatException(
                        $"line {_children[i].Line}, column {_children[i].Column}: a map key must be a plain value, not {_children[i].Describe()}");
                }

                if (!seen.Add(key.Text))
                {
                    throw new DocumentFormatException(
                        $"line {key.Line}, column {key.Column}: field \"{key.Text}\" appears twice in one map");
                }

                entries.Add(new(key.Text, _children[i + 1]));
            }

            return new MapNode(entries, line, column);
        }
    }
}
