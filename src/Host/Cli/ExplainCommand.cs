using System.CommandLine;
using System.Text.Json;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli;

/// <summary>
/// <c>explain -f FILE</c>: what a capture would do, per document: the canonical selector,
/// the namespace-scoped selector nodes evaluate, and the BPF filter libpcap gets.
/// </summary>
public static class ExplainCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var file = FileOption.Create();
        var format = new Option<string>("--output", "-o")
        {
            Description = "Output format: 'text', or 'json' (an array of objects with namespace, name, selector, effectiveSelector, bpfFilter)",
            DefaultValueFactory = _ => "text",
            HelpName = "text|json",
        };
        format.AcceptOnlyFromAmong("text", "json");
        var command = new Command("explain",
            "Show, per PacketCapture document, the canonical selector, the effective namespace-scoped selector and the BPF capture filter.")
        {
            file,
            format,
        };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(format) == "json", Console.Out, Console.Error));
        return command;
    }

    /// <summary>Explains <paramref name="path"/>; returns the exit code.</summary>
    public static int Run(string path, bool json, TextWriter output, TextWriter errors)
    {
        var name = InputText.DisplayName(path);
        var documents = InputText.ReadDocuments(path);
        var invalid = documents.Where(d => !d.IsValid).ToList();
        foreach (var document in invalid)
        {
            foreach (var error in document.Errors)
            {
                errors.WriteLine($"{name}: {document.Identity}: {error}");
            }
        }

        if (invalid.Count > 0)
        {
            return ExitCodes.InvalidInput;
        }

        var explanations = documents.Select(d => Explanation.Of(d.Resource!)).ToList();
        if (json)
        {
            output.WriteLine(JsonSerializer.Serialize(explanations, CliJson.Options));
            return ExitCodes.Ok;
        }

        foreach (var e in explanations)
        {
            output.WriteLine($"{e.Namespace}/{e.Name}");
            output.WriteLine($"  selector:           {e.Selector}");
            output.WriteLine($"  effective selector: {e.EffectiveSelector}");
            output.WriteLine($"  bpf filter:         {(e.BpfFilter.Length == 0 ? "(none: every packet)" : e.BpfFilter)}");
        }

        return ExitCodes.Ok;
    }

    /// <summary>The JSON shape of one explained document.</summary>
    private sealed record Explanation(string Namespace, string Name, string Selector, string EffectiveSelector, string BpfFilter)
    {
        public static Explanation Of(PacketCaptureResource resource)
        {
            var plan = CapturePlan.For(resource);
            return new Explanation(resource.Metadata.Namespace, resource.Metadata.Name,
                plan.Selector.ToCanonicalString(), plan.EffectiveSelector.ToCanonicalString(), plan.BpfFilter);
        }
    }
}
