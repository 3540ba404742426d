using System.Diagnostics;

namespace PacketCapture.Server.Tests.EndToEnd;

/// <summary>What one run of the real <c>packetcapture</c> client binary printed and returned.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout: {Output}\nstderr: {Error}";

    /// <summary>Runs the binary built beside the tests with <paramref name="args"/>, bounded by 60 s.</summary>
    public static async Task<CliRun> StartAsync(string? stdin, IEnumerable<string> args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "packetcapture.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // Only the flags given here choose the server and token.
        foreach (var variable in new[] { "PACKETCAPTURE_DEBUG", "PACKETCAPTURE_SERVER", "PACKETCAPTURE_TOKEN", "PACKETCAPTURE_DATA", "PACKETCAPTURE_CONFIG" })
        {
            start.Environment.Remove(variable);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"packetcapture {string.Join(' ', args)} did not finish within 60 s");
        }

        return new CliRun(process.ExitCode, await output, await error);
    }
}
