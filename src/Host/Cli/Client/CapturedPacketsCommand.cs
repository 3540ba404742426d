using System.CommandLine;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary>
/// <c>captured-packets copy|clean NAME [-n NS | -a]</c> (SPEC.md §7): fetch every node's files
/// of a capture into a local directory, or delete them on every node. With <c>-a</c>, NAME
/// means the capture of that name in every namespace (the reference plugin's meaning).
/// </summary>
public static class CapturedPacketsCommand
{
    /// <summary>Builds the command and its two subcommands.</summary>
    public static Command Build()
    {
        var command = new Command("captured-packets", "Get or delete the pcap files of a capture (every node's).");
        command.Subcommands.Add(BuildCopy());
        command.Subcommands.Add(BuildClean());
        return command;
    }

    private static Command BuildCopy()
    {
        var name = NameArgument();
        var ns = GetCommand.NamespaceOption();
        var all = AllNamespacesOption();
        var destination = new Option<string>("--dest", "-d")
        {
            Description = "Directory to put the files in (created if missing); with -a, one subdirectory per namespace",
            DefaultValueFactory = _ => ".",
            HelpName = "DIR",
        };
        var command = new Command("copy",
            "Download the capture's files from every node (one streamed zip) and unpack them into DIR as <file>, or <node>/<file> when two nodes have the same file name. Files are written 0640.")
        {
            name, ns, all, destination,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var target = Target(r, name, ns, all);
            var directory = r.GetValue(destination)!;
            var progress = !Console.IsErrorRedirected;
            return ClientAction.RunAsync(connection, r, ct, client =>
                ForEachAsync(client, target, Console.Error, ct, ns => CopyAsync(client, ns, target.Name, target.AllNamespaces ? Path.Combine(directory, ns) : directory, progress, ct)));
        });
        return command;
    }

    private static Command BuildClean()
    {
        var name = NameArgument();
        var ns = GetCommand.NamespaceOption();
        var all = AllNamespacesOption();
        var command = new Command("clean",
            "Delete the capture's files on every node. The server refuses (403) until every node reports Finished.")
        {
            name, ns, all,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var target = Target(r, name, ns, all);
            return ClientAction.RunAsync(connection, r, ct, client =>
                ForEachAsync(client, target, Console.Error, ct, ns => CleanAsync(client, ns, target.Name, ct)));
        });
        return command;
    }

    /// <summary>Which capture(s): one namespace's, or the same name in every namespace.</summary>
    public sealed record CaptureTarget(string Name, string Namespace, bool AllNamespaces);

    /// <summary>Downloads and unpacks one capture's files into <paramref name="directory"/>; returns the exit code.</summary>
    public static async Task<int> CopyAsync(ApiClient client, string ns, string name, string directory, bool showProgress, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--dest {directory}: cannot create it: {StatusError.OneLine(e.Message)}");
        }

        // The zip goes to disk, never memory (captures reach gigabytes); next to the files so
        // unpacking needs no second filesystem's space, and gone when closed, whatever happens.
        var temporary = Path.Combine(directory, $".packetcapture-{Guid.NewGuid():N}.zip.part");
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Options = FileOptions.DeleteOnClose,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        FileStream zip;
        try
        {
            zip = new FileStream(temporary, options);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UserInputException($"--dest {directory}: cannot write there: {StatusError.OneLine(e.Message)}");
        }

        await using (zip.ConfigureAwait(false))
        {
            var progress = new DownloadProgress(Console.Error, showProgress);
            var bytes = await client.DownloadFilesAsync(ns, name, zip, progress.Report, cancellation).ConfigureAwait(false);
            if (bytes is null)
            {
                await Console.Out.WriteLineAsync($"no files for {ns}/{name}").ConfigureAwait(false);
                return ExitCodes.Ok;
            }

            progress.Finish(bytes.Value);
            zip.Position = 0;
            var files = CaptureArchive.Extract(zip, directory, $"files.zip of {ns}/{name}");
            await Console.Out.WriteLineAsync($"copied {files.Count} file{(files.Count == 1 ? "" : "s")} of {ns}/{name} into {directory}").ConfigureAwait(false);
            return ExitCodes.Ok;
        }
    }

    /// <summary>Deletes one capture's files on every node and says what went; returns the exit code.</summary>
    public static async Task<int> CleanAsync(ApiClient client, string ns, string name, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(client);
        // The list of files is only for the message; a user allowed to clean but not to read the capture still may.
        PacketCaptureResource? before = null;
        try
        {
            before = await client.GetAsync(ns, name, cancellation).ConfigureAwait(false);
        }
        catch (ApiException)
        {
        }

        var message = await client.CleanFilesAsync(ns, name, cancellation).ConfigureAwait(false);
        var what = before is null
            ? $"cleaned the files of {ns}/{name}"
            : $"cleaned {Count(CaptureSummary.Files(before), "file")} of {ns}/{name} on {Count(CaptureSummary.Nodes(before), "node")}";
        await Console.Out.WriteLineAsync(message is null ? what : $"{what}: {message}").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string Count(int count, string noun) => $"{count} {noun}{(count == 1 ? "" : "s")}";

    private static async Task<int> ForEachAsync(
        ApiClient client, CaptureTarget target, TextWriter errors, CancellationToken cancellation, Func<string, Task<int>> work)
    {
        if (!target.AllNamespaces)
        {
            return await work(target.Namespace).ConfigureAwait(false);
        }

        var namespaces = (await client.ListAsync(null, cancellation).ConfigureAwait(false))
            .Where(c => c.Metadata.Name == target.Name)
            .Select(c => c.Metadata.Namespace)
            .Order(StringComparer.Ordinal)
            .ToList();
        if (namespaces.Count == 0)
        {
            throw new ApiException($"no capture named \"{target.Name}\" in any namespace you may list", ExitCodes.InvalidInput);
        }

        // One namespace's refusal (not Finished, not allowed) must not hide the others' results.
        var exitCode = ExitCodes.Ok;
        foreach (var ns in namespaces)
        {
            try
            {
                var code = await work(ns).ConfigureAwait(false);
                exitCode = exitCode == ExitCodes.Ok ? code : exitCode;
            }
            catch (Exception e) when (e is ApiException or UserInputException)
            {
                await errors.WriteLineAsync($"packetcapture: {ns}/{target.Name}: {e.Message}").ConfigureAwait(false);
                exitCode = exitCode == ExitCodes.Ok ? (e as ApiException)?.ExitCode ?? ExitCodes.InvalidInput : exitCode;
            }
        }

        return exitCode;
    }

    private static CaptureTarget Target(ParseResult result, Argument<string> name, Option<string?> ns, Option<bool> all)
    {
        var captureName = ClientAction.CheckedName(result.GetValue(name)!);
        var namespaceName = ClientAction.CheckedNamespace(result.GetValue(ns));
        var allNamespaces = result.GetValue(all);
        ClientAction.OneNamespaceChoice(namespaceName, allNamespaces);
        return new CaptureTarget(captureName, namespaceName ?? ObjectMeta.DefaultNamespace, allNamespaces);
    }

    private static Argument<string> NameArgument() => new("NAME") { Description = "The capture's name" };

    private static Option<bool> AllNamespacesOption() => new("--all-namespaces", "-a", "-A")
    {
        Description = "The capture of this NAME in every namespace you may list",
    };
}
