using System.CommandLine;

namespace PacketCapture.Host.Cli;

/// <summary>
/// The root of the CLI: every command, and the one place that turns failures into exit
/// codes and one-line messages (no stack trace for a user mistake).
/// </summary>
public static class CommandLine
{
    /// <summary>Builds the command tree.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            "PacketCapture: declare a PacketCapture (projectcalico.org/v3) and every node captures its matching workload endpoints into rotated pcap files.");
        root.Subcommands.Add(ValidateCommand.Build());
        root.Subcommands.Add(ExplainCommand.Build());
        root.Subcommands.Add(SelectorCommand.Build());
        root.Subcommands.Add(CaptureCommand.Build());
        root.Subcommands.Add(ServeCommand.Build());
        root.Subcommands.Add(DemoCommand.Build());
        Client.ClientCommands.AddTo(root);
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the process exit code.</summary>
    public static int Run(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line, not System.CommandLine's error list followed by the whole help text.
            var message = string.Join(' ', parse.Errors[0].Message.Split((char[])['\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            Console.Error.WriteLine($"packetcapture: {message} (see \"{CommandPath(parse.CommandResult)} --help\")");
            return ExitCodes.InvalidInput;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UserInputException e)
        {
            Console.Error.WriteLine($"packetcapture: {e.Message}");
            return ExitCodes.InvalidInput;
        }
        catch (Exception e) when (Environment.GetEnvironmentVariable("PACKETCAPTURE_DEBUG") is null)
        {
            Console.Error.WriteLine($"packetcapture: internal error: {e.Message} (set PACKETCAPTURE_DEBUG=1 for details)");
            return ExitCodes.InternalError;
        }
    }

    private static string CommandPath(System.CommandLine.Parsing.CommandResult result)
    {
        var names = new List<string>();
        for (var r = result; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, r.Parent is null ? "packetcapture" : r.Command.Name);
        }

        return string.Join(' ', names);
    }
}
