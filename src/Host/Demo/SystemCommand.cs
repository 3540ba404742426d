using System.Diagnostics;

namespace PacketCapture.Host.Demo;

/// <summary>Runs a system tool (<c>ip</c>) with a deadline; the demo's only child processes.</summary>
public static class SystemCommand
{
    /// <summary>Runs <paramref name="file"/> and returns its exit code and output; never throws for a non-zero exit.</summary>
    public static (int ExitCode, string Output, string Error) TryRun(string file, params string[] arguments)
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
        if (!process.WaitForExit(TimeSpan.FromSeconds(20)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish within 20s");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs <paramref name="file"/>; a non-zero exit throws with the tool's own one-line message.</summary>
    /// <exception cref="DemoException">The command failed.</exception>
    public static string Run(string file, params string[] arguments)
    {
        var (exit, output, error) = TryRun(file, arguments);
        if (exit != 0)
        {
            var reason = error.Trim().Split('\n').FirstOrDefault(l => l.Length > 0) ?? $"exit code {exit}";
            throw new DemoException($"{file} {string.Join(' ', arguments)}: {reason}");
        }

        return output;
    }
}
