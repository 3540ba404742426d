using System.CommandLine;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// <c>apply -f FILE|-</c>: validates every document locally (the offline <c>validate</c>
/// rules) before sending any, then creates each capture, or replaces it when it exists,
/// printing kubectl's <c>packetcapture.projectcalico.org/NAME created|configured</c>.
/// </summary>
public static class ApplyCommand
{
    /// <summary>The resource as kubectl names it in what it prints.</summary>
    public const string Qualified = "packetcapture.projectcalico.org";

    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var file = FileOption.Create();
        var ns = new Option<string?>("--namespace", "-n")
        {
            Description = "Namespace for documents that name none (default: 'default'); a document naming another is an error",
            HelpName = "NS",
        };
        var command = new Command("apply",
            "Create or update PacketCaptures on the server from a file. Every document is validated first; nothing is sent when any is invalid.")
        {
            file, ns,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var captures = Read(r.GetValue(file)!, ClientAction.CheckedNamespace(r.GetValue(ns)));
            return ClientAction.RunAsync(connection, r, ct, client => ApplyAsync(client, captures, Console.Out, ct));
        });
        return command;
    }

    /// <summary>
    /// Reads and validates the documents of <paramref name="path"/>; a document without a
    /// namespace takes <paramref name="ns"/> when given.
    /// </summary>
    /// <exception cref="UserInputException">The input is unreadable, a document is invalid, or names another namespace than <paramref name="ns"/>.</exception>
    public static IReadOnlyList<PacketCaptureResource> Read(string path, string? ns)
    {
        var name = InputText.DisplayName(path);
        var text = InputText.Read(path);
        IReadOnlyList<DocumentResult> documents;
        IReadOnlyList<string?> written;
        try
        {
            documents = ResourceReader.Read(text);
            written = WrittenNamespaces(text);
        }
        catch (DocumentFormatException e)
        {
            throw new UserInputException($"{name}: {e.Message}");
        }

        var invalid = documents.Where(d => !d.IsValid).ToList();
        if (invalid.Count > 0)
        {
            var problems = invalid.Sum(d => Math.Max(1, d.Errors.Length));
            var more = problems > 1 ? $" (and {problems - 1} more; 'packetcapture validate -f {path}' lists them all)" : "";
            var first = invalid[0];
            throw new UserInputException($"{name}: {first.Identity}: {(first.Errors.IsEmpty ? "invalid" : first.Errors[0].ToString())}{more}");
        }

        var captures = new List<PacketCaptureResource>();
        for (var i = 0; i < documents.Count; i++)
        {
            var capture = documents[i].Resource!;
            // Reading defaults an absent namespace to "default"; only the raw document tells absent from written.
            var writtenNamespace = written.Count == documents.Count ? written[i] : capture.Metadata.Namespace;
            if (ns is not null)
            {
                if (writtenNamespace is not null && writtenNamespace != ns)
                {
                    throw new UserInputException(
                        $"{name}: {documents[i].Identity}: metadata.namespace \"{writtenNamespace}\" does not match --namespace \"{ns}\"");
                }

                capture = capture with { Metadata = capture.Metadata with { Namespace = ns } };
            }

            captures.Add(capture);
        }

        return captures;
    }

    /// <summary>Applies each capture in order; returns the exit code.</summary>
    public static async Task<int> ApplyAsync(ApiClient client, IReadOnlyList<PacketCaptureResource> captures, TextWriter output, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(captures);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var capture in captures)
        {
            var created = await client.ApplyAsync(capture, cancellation).ConfigureAwait(false);
            await output.WriteLineAsync($"{Qualified}/{capture.Metadata.Name} {(created ? "created" : "configured")}").ConfigureAwait(false);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The <c>metadata.namespace</c> each document writes (null when it writes none), in the order the reader returns documents.</summary>
    private static List<string?> WrittenNamespaces(string text)
    {
        var result = new List<string?>();
        foreach (var document in DocumentLoader.Load(text))
        {
            if (document is MapNode map && Field(map, "kind") is ScalarNode { Text: "List" or PacketCaptureResource.ListKind } &&
                Field(map, "items") is ListNode items)
            {
                result.AddRange(items.Items.Select(Namespace));
            }
            else
            {
                result.Add(Namespace(document));
            }
        }

        return result;
    }

    private static string? Namespace(DocumentNode document) =>
        document is MapNode map && Field(map, "metadata") is MapNode metadata &&
        Field(metadata, "namespace") is ScalarNode { Kind: not ScalarKind.Null } ns
            ? ns.Text
            : null;

    private static DocumentNode? Field(MapNode map, string name) =>
        map.Entries.FirstOrDefault(e => e.Key == name).Value;
}
