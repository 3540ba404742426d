using System.CommandLine;
using System.Runtime.InteropServices;
using PacketCapture.Host.Demo;

namespace PacketCapture.Host.Cli;

/// <summary><c>demo [--keep DIR]</c>: the main job end to end on this machine (see <see cref="DemoRun"/>).</summary>
public static class DemoCommand
{
    /// <summary>Exit code after Ctrl-C or SIGTERM (128 + SIGINT), once everything is cleaned up.</summary>
    public const int Interrupted = 130;

    /// <summary>Builds the command.</summary>
    public static Command Build()
    {
        var keep = new Option<string?>("--keep")
        {
            Description = "Copy the captured pcap files into DIR before cleaning up",
            HelpName = "DIR",
        };
        var command = new Command("demo",
            "Show the main job end to end on this machine (root, < 1 minute): make three pods as network namespaces in two namespaces, start a member, apply a capture through the HTTP API, send traffic, and read the files back. Cleans up everything it made.")
        {
            keep,
        };

        // A synchronous action: the demo handles SIGINT/SIGTERM itself, so that cleanup (network
        // namespaces, veths, the member) always runs to the end before the process exits.
        command.SetAction(r => Run(r.GetValue(keep), Console.Out, Console.Error));
        return command;
    }

    /// <summary>Runs the demo with Ctrl-C/SIGTERM wired to its cancellation; returns the exit code.</summary>
    public static int Run(string? keepDirectory, TextWriter output, TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (!OperatingSystem.IsLinux())
        {
            throw new UserInputException("demo: network namespaces and veth pairs need Linux");
        }

        if (keepDirectory is not null && File.Exists(keepDirectory))
        {
            throw new UserInputException($"--keep {keepDirectory}: is a file, not a directory");
        }

        using var stop = new CancellationTokenSource();
        void OnSignal(PosixSignalContext context)
        {
            // Keep the process alive: the demo stops its steps and cleans up, then exits.
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        try
        {
            return new DemoRun(output, keepDirectory, TimeProvider.System).RunAsync(stop.Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            errors.WriteLine("packetcapture: demo: interrupted; everything it made was removed");
            return Interrupted;
        }
        catch (DemoException e)
        {
            errors.WriteLine($"packetcapture: demo: {e.Message}");
            return ExitCodes.InvalidInput;
        }
    }
}
