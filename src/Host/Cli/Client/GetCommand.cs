using System.CommandLine;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// <c>get [TYPE] [NAME] [-n NS | -A] [-o yaml|json|wide]</c>: one capture or a list, as a
/// table (<see cref="CaptureTable"/>) or as the resources themselves.
/// </summary>
public static class GetCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var arguments = new Argument<string[]>("TYPE NAME")
        {
            Description = "Optional resource type (packetcaptures, packetcapture, packetcaptures.p, packetcaptures.projectcalico.org, ...) and capture NAME; TYPE/NAME works too",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var ns = NamespaceOption();
        var all = new Option<bool>("--all-namespaces", "-A") { Description = "List captures of every namespace you may list" };
        var output = new Option<string?>("--output", "-o")
        {
            Description = "Output format: yaml or json (the resources), wide (the table with selector, filters and times)",
            HelpName = "FORMAT",
        };
        output.AcceptOnlyFromAmong("yaml", "json", "wide");
        var command = new Command("get", "Show captures: a table of state, nodes, files and age, or the resources as YAML/JSON.")
        {
            arguments, ns, all, output,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var name = ResourceType.NameForGet(r.GetValue(arguments) ?? []);
            var request = new Request(
                name is null ? null : ClientAction.CheckedName(name),
                ClientAction.CheckedNamespace(r.GetValue(ns)), r.GetValue(all), r.GetValue(output));
            ClientAction.OneNamespaceChoice(request.Namespace, request.AllNamespaces);
            return ClientAction.RunAsync(connection, r, ct, client => RunAsync(client, request, Console.Out, Console.Error, ct));
        });
        return command;
    }

    /// <summary>The <c>-n/--namespace</c> option of the commands that address one namespace.</summary>
    public static Option<string?> NamespaceOption() => new("--namespace", "-n")
    {
        Description = "Namespace of the capture (default: 'default')",
        HelpName = "NS",
    };

    /// <summary>What to show.</summary>
    /// <param name="Name">One capture, or null for a list.</param>
    /// <param name="Namespace">Namespace, or null for <c>default</c>.</param>
    /// <param name="AllNamespaces">Every namespace.</param>
    /// <param name="Output">yaml, json, wide, or null for the table.</param>
    public sealed record Request(string? Name, string? Namespace, bool AllNamespaces, string? Output);

    /// <summary>Fetches and prints; returns the exit code.</summary>
    public static async Task<int> RunAsync(ApiClient client, Request request, TextWriter output, TextWriter errors, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(errors);
        var ns = request.Namespace ?? ObjectMeta.DefaultNamespace;
        if (request.Name is { } name && !request.AllNamespaces)
        {
            var capture = await client.GetAsync(ns, name, cancellation).ConfigureAwait(false);
            await output.WriteAsync(request.Output switch
            {
                "yaml" => ResourceWriter.ToYaml(capture),
                "json" => ResourceWriter.ToJson(capture),
                _ => CaptureTable.Render([capture], false, request.Output == "wide", DateTimeOffset.UtcNow),
            }).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var captures = await client.ListAsync(request.AllNamespaces ? null : ns, cancellation).ConfigureAwait(false);
        if (request.Name is { } wanted)
        {
            captures = captures.Where(c => c.Metadata.Name == wanted).ToList();
            if (captures.Count == 0)
            {
                throw new ApiException($"no capture named \"{wanted}\" in any namespace you may list", ExitCodes.InvalidInput);
            }
        }

        if (request.Output is "yaml" or "json")
        {
            await output.WriteAsync(request.Output == "yaml" ? ResourceWriter.ToYamlList(captures) : ResourceWriter.ToJsonList(captures)).ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        if (captures.Count == 0)
        {
            await errors.WriteLineAsync(request.AllNamespaces ? "No resources found" : $"No resources found in {ns} namespace.").ConfigureAwait(false);
            return ExitCodes.Ok;
        }

        var sorted = captures.OrderBy(c => c.Metadata.Namespace, StringComparer.Ordinal).ThenBy(c => c.Metadata.Name, StringComparer.Ordinal);
        await output.WriteAsync(CaptureTable.Render(sorted, request.AllNamespaces, request.Output == "wide", DateTimeOffset.UtcNow)).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}
