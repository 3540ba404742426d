using System.Diagnostics;

namespace PacketCapture.TestSupport;

/// <summary>Runs a system command with a deadline and returns its output; fails loudly on a non-zero exit.</summary>
public static class Shell
{
    public static string Run(string file, params string[] arguments) => RunWithStatus(file, arguments, check: true).Output;

    public static (int ExitCode, string Output, string Error) RunWithStatus(string file, IReadOnlyList<string> arguments, bool check = false, int timeoutMs = 60_000)
    {
        var start = new ProcessStartInfo(file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeoutMs))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within {timeoutMs} ms");
        }

        var result = (process.ExitCode, output.Result, error.Result);
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited {process.ExitCode}: {result.Item3.Trim()}");
        }

        return result;
    }
}
