using System.Text;
using System.Text.RegularExpressions;

namespace PacketCapture.Actors.Model;

/// <summary>
/// A small block-style YAML emitter for the resource's fixed shape. Strings stay plain
/// when a YAML reader would read them back as the same string, and are quoted otherwise.
/// </summary>
internal sealed partial class YamlText
{
    private readonly StringBuilder _text = new();
    private bool _pendingListItem;

    public int Length => _text.Length;

    public override string ToString() => _text.ToString();

    public void Key(int indent, string key) => Line(indent, key + ":");

    public void Scalar(int indent, string key, string value) => Line(indent, $"{key}: {Plain(value)}");

    public void OptionalScalar(int indent, string key, string? value)
    {
        if (value is not null)
        {
            Scalar(indent, key, value);
        }
    }

    public void Raw(int indent, string key, string value) => Line(indent, $"{key}: {value}");

    public void ListValue(int indent, string value) => Line(indent, "- " + value);

    /// <summary>The next line written becomes the first field of a new list item.</summary>
    public void ListItemStart(int indent)
    {
        Line(indent, "-");
        _pendingListItem = true;
    }

    public void AppendToLastLine(string suffix)
    {
        _text.Length--;
        _text.Append(suffix).Append('\n');
        _pendingListItem = false;
    }

    public void StringMap(int indent, string key, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        Key(indent, key);
        foreach (var (k, v) in map)
        {
            Line(indent + 2, $"{Plain(k)}: {Plain(v)}");
        }
    }

    private void Line(int indent, string content)
    {
        if (_pendingListItem)
        {
            // "-\n" was written for the item; the first field shares its line: "- name: x".
            _text.Length--;
            _text.Append(' ').Append(content).Append('\n');
            _pendingListItem = false;
            return;
        }

        _text.Append(' ', indent).Append(content).Append('\n');
    }

    /// <summary>The value as a plain scalar when that reads back as the same string, else quoted.</summary>
    public static string Plain(string value) => NeedsQuotes(value) ? Quote(value) : value;

    /// <summary>Single-quoted (doubling quotes), or double-quoted with escapes when it holds control characters.</summary>
    public static string Quote(string value)
    {
        if (!value.Any(char.IsControl))
        {
            return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        var quoted = new StringBuilder("\"");
        foreach (var c in value)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\t' => "\\t",
                '\r' => "\\r",
                _ when char.IsControl(c) => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private static bool NeedsQuotes(string value) =>
        value.Length == 0 ||
        value != value.Trim() ||
        "-?:,[]{}#&*!|>'\"%@`".Contains(value[0], StringComparison.Ordinal) ||
        value.Contains(": ", StringComparison.Ordinal) ||
        value.Contains(" #", StringComparison.Ordinal) ||
        value.EndsWith(':') ||
        value.Any(char.IsControl) ||
        NonString().IsMatch(value) ||
        char.IsAsciiDigit(value[0]) && !value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' || c == ' ');

    // Plain scalars that a YAML 1.1 or 1.2 reader (Kubernetes tooling uses 1.1) would not read as a string.
    [GeneratedRegex(@"^([-+]?[0-9][0-9_.:eE+-]*|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|y|Y|yes|Yes|YES|n|N|no|No|NO|on|On|ON|off|Off|OFF|[0-9]{4}-[0-9]{2}-[0-9]{2}.*)$")]
    private static partial Regex NonString();
}
