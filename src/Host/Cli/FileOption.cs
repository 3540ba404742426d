using System.CommandLine;

namespace PacketCapture.Host.Cli;

/// <summary>The <c>-f FILE</c> option shared by the commands that read documents.</summary>
public static class FileOption
{
    /// <summary>A required <c>-f/--filename</c> option (<c>-</c> reads stdin).</summary>
    public static Option<string> Create() => new("--filename", "-f")
    {
        Description = "File with one or more PacketCapture documents (YAML, multi-document YAML, JSON, or a List); '-' reads stdin",
        Required = true,
        HelpName = "FILE",
    };
}
