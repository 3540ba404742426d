using Akka.Configuration;
using Akka.Configuration.Hocon;

namespace PacketCapture.Host.Server;

/// <summary>
/// What Akka's HOCON parser lets through: it accepts unclosed braces, unterminated strings and
/// keys without values (<c>a = ]</c>, a line of prose) and the member would start on a config the
/// operator never meant. A file is refused when its brackets and quotes do not balance or a key
/// ends up with no value.
/// </summary>
internal static class HoconFileCheck
{
    /// <summary>The first problem found, in one line, or null when the text is sound.</summary>
    public static string? Structure(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var open = new Stack<(char Bracket, int Line)>();
        var line = 1;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\n':
                    line++;
                    break;
                case '#':
                case '/' when i + 1 < text.Length && text[i + 1] == '/':
                    while (i + 1 < text.Length && text[i + 1] != '\n')
                    {
                        i++;
                    }

                    break;
                case '"' when string.CompareOrdinal(text, i, "\"\"\"", 0, 3) == 0:
                    var end = text.IndexOf("\"\"\"", i + 3, StringComparison.Ordinal);
                    if (end < 0)
                    {
                        return $"line {line}: unterminated \"\"\" string";
                    }

                    line += text.AsSpan(i, end - i).Count('\n');
                    i = end + 2;
                    break;
                case '"':
                    i++;
                    while (i < text.Length && text[i] != '"' && text[i] != '\n')
                    {
                        i += text[i] == '\\' ? 2 : 1;
                    }

                    if (i >= text.Length || text[i] != '"')
                    {
                        return $"line {line}: unterminated string";
                    }

                    break;
                case '{' or '[':
                    open.Push((c, line));
                    break;
                case '}' or ']':
                    if (open.Count == 0 || open.Pop().Bracket != (c == '}' ? '{' : '['))
                    {
                        return $"line {line}: unexpected '{c}'";
                    }

                    break;
            }
        }

        return open.Count > 0 ? $"line {open.Peek().Line}: '{open.Peek().Bracket}' is never closed" : null;
    }

    /// <summary>The first key of <paramref name="config"/> that has no value, or null.</summary>
    public static string? KeyWithoutValue(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Root is { } root ? Walk("", root) : null;
    }

    private static string? Walk(string path, HoconValue value)
    {
        if (value.IsObject())
        {
            foreach (var (key, child) in value.GetObject().Items)
            {
                if (Walk(path.Length == 0 ? key : $"{path}.{key}", child) is { } empty)
                {
                    return empty;
                }
            }

            return null;
        }

        return value.IsEmpty ? path : null;
    }
}
