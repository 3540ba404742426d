using System.CommandLine;
using PacketCapture.Actors.Model;

namespace PacketCapture.Host.Cli.Client;

/// <summary><c>describe [TYPE] NAME [-n NS]</c>: one capture in words (<see cref="CaptureDescription"/>).</summary>
public static class DescribeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var arguments = NameArguments();
        var ns = GetCommand.NamespaceOption();
        var command = new Command("describe", "Show one capture in detail: metadata, spec, each node's state, directory and files.")
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
                var capture = await client.GetAsync(namespaceName, name, ct).ConfigureAwait(false);
                await Console.Out.WriteAsync(CaptureDescription.Render(capture, DateTimeOffset.UtcNow)).ConfigureAwait(false);
                return ExitCodes.Ok;
            });
        });
        return command;
    }

    /// <summary>The <c>[TYPE] NAME</c> arguments of the commands that address one capture.</summary>
    public static Argument<string[]> NameArguments() => new("TYPE NAME")
    {
        Description = "The capture NAME, optionally after a resource type (packetcaptures NAME, or packetcaptures/NAME)",
        Arity = new ArgumentArity(1, 2),
    };
}
