using System.CommandLine;
using System.Text.Json;
using PacketCapture.Actors.Selectors;

namespace PacketCapture.Host.Cli;

/// <summary>
/// <c>selector eval</c>: a scripting aid that evaluates selectors against label sets given
/// as JSON lines on stdin, one JSON line out per line in; a bad line gives an error line
/// and evaluation goes on.
/// </summary>
public static class SelectorCommand
{
    /// <summary>Longest input line accepted; a longer one is answered with an error and skipped.</summary>
    public const int MaxLineLength = 1024 * 1024;

    /// <summary>Builds <c>selector</c> and its <c>eval</c> subcommand.</summary>
    public static Command Build()
    {
        var eval = new Command("eval",
            """
            Evaluate selectors against labels. Reads JSON lines from stdin, each {"selector": "...", "labels": {"k": "v"}},
            and writes one JSON line per input line: {"match": true|false}, or {"error": "..."} for a malformed line
            or selector. The selector is evaluated as written (no namespace scope). Blank lines are skipped.
            """);
        eval.SetAction(_ => Evaluate(Console.In, Console.Out));
        return new Command("selector", "Work with Calico label selectors.") { eval };
    }

    /// <summary>Evaluates every line of <paramref name="input"/>; always exits 0 (errors are output lines).</summary>
    public static int Evaluate(TextReader input, TextWriter output)
    {
        var reader = new BoundedLineReader(input, MaxLineLength);
        while (reader.ReadLine() is { } line)
        {
            if (line.IsTooLong)
            {
                WriteError(output, $"line is longer than {MaxLineLength / 1024} KiB");
                continue;
            }

            if (string.IsNullOrWhiteSpace(line.Text))
            {
                continue;
            }

            EvaluateLine(line.Text, output);
        }

        return ExitCodes.Ok;
    }

    private static void EvaluateLine(string line, TextWriter output)
    {
        string? selectorText = null;
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            using var json = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 8 });
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                WriteError(output, "each line must be a JSON object {\"selector\": \"...\", \"labels\": {...}}");
                return;
            }

            foreach (var property in json.RootElement.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "selector" when property.Value.ValueKind == JsonValueKind.String:
                        selectorText = property.Value.GetString();
                        break;
                    case "selector":
                        WriteError(output, "\"selector\" must be a string");
                        return;
                    case "labels" when property.Value.ValueKind == JsonValueKind.Object:
                        foreach (var label in property.Value.EnumerateObject())
                        {
                            if (label.Value.ValueKind != JsonValueKind.String)
                            {
                                WriteError(output, $"labels.{label.Name} must be a string");
                                return;
                            }

                            labels[label.Name] = label.Value.GetString()!;
                        }

                        break;
                    case "labels" when property.Value.ValueKind == JsonValueKind.Null:
                        break;
                    case "labels":
                        WriteError(output, "\"labels\" must be an object of string values");
                        return;
                    default:
                        WriteError(output, $"unknown field \"{property.Name}\"; a line has only \"selector\" and \"labels\"");
                        return;
                }
            }
        }
        catch (JsonException e)
        {
            WriteError(output, $"not valid JSON: {e.Message.Split(" Path:")[0].Split(" LineNumber:")[0]}");
            return;
        }

        if (selectorText is null)
        {
            WriteError(output, "\"selector\" is required");
            return;
        }

        if (!Selector.TryParse(selectorText, out var selector, out var error))
        {
            WriteError(output, $"selector: {error.Message}");
            return;
        }

        output.WriteLine(selector.Matches(labels) ? """{"match":true}""" : """{"match":false}""");
    }

    private static void WriteError(TextWriter output, string message) =>
        output.WriteLine(JsonSerializer.Serialize(new { error = message }, CliJson.Options));
}
