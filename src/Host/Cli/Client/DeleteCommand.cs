using System.CommandLine;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary><c>delete [TYPE] NAME [-n NS]</c>: stops and removes a capture; its files stay until cleaned.</summary>
public static class DeleteCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var arguments = DescribeCommand.NameArguments();
        var ns = GetCommand.NamespaceOption();
        var command = new Command("delete",
            "Delete a capture: every node stops capturing it. Its files stay on the nodes until 'captured-packets clean'.")
        {
            arguments, ns,
        };
        var connection = new ConnectionOptions().AddTo(command);
        command.SetAction((ParseResult r, CancellationToken ct) =>
        {
            var name = ClientAction.CheckedName(ResourceType.NameRequired(r.GetValue(arguments) ?? []));
            var namespaceName = ClientAction.CheckedNamespace(r.GetValue(ns)) ?? ObjectMeta.DefaultNamespace;
            return ClientAction.RunAsync(connection, r, ct, async client =>
            {
                await client.DeleteAsync(namespaceName, name, ct).ConfigureAwait(false);
                await Console.Out.WriteLineAsync($"{ApplyCommand.Qualified}/{name} deleted").ConfigureAwait(false);
                return ExitCodes.Ok;
            });
        });
        return command;
    }
}
