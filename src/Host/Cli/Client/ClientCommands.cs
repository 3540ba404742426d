using System.CommandLine;

namespace PacketCapture.Host.Cli.Client;

/// <summary>The commands that talk to a running server, registered in one line of the root.</summary>
public static class ClientCommands
{
    /// <summary>Adds <c>apply</c>, <c>get</c>, <c>describe</c>, <c>delete</c> and <c>captured-packets</c> to <paramref name="root"/>.</summary>
    public static void AddTo(Command root)
    {
        ArgumentNullException.ThrowIfNull(root);
        root.Subcommands.Add(ApplyCommand.Build());
        root.Subcommands.Add(GetCommand.Build());
        root.Subcommands.Add(DescribeCommand.Build());
        root.Subcommands.Add(DeleteCommand.Build());
        root.Subcommands.Add(CapturedPacketsCommand.Build());
    }
}
