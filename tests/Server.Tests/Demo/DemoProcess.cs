using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace PacketCapture.Server.Tests.Demo;

/// <summary>The real <c>packetcapture</c> binary (built beside the tests) running <c>demo</c> as a child process.</summary>
internal sealed class DemoProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly StringBuilder _errors = new();
    private readonly Lock _gate = new();

    public DemoProcess(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "packetcapture.dll"));
        start.ArgumentList.Add("demo");
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment.Remove("PACKETCAPTURE_DEBUG");
        _process = Process.Start(start)!;
        Id = _process.Id;
        _process.OutputDataReceived += (_, e) => Append(_output, e.Data);
        _process.ErrorDataReceived += (_, e) => Append(_errors, e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id { get; }

    public string Output => Read(_output);

    public string Errors => Read(_errors);

    public int WaitForExit(TimeSpan timeout)
    {
        Assert.True(_process.WaitForExit(timeout), $"demo did not finish within {timeout.TotalSeconds:0}s:\n{Output}\n{Errors}");

        // The parameterless wait drains the redirected streams.
        _process.WaitForExit();
        return _process.ExitCode;
    }

    public void Signal(string signal) =>
        Shell.Run("kill", "-" + signal, Id.ToString(CultureInfo.InvariantCulture));

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();

        // A killed demo cannot clean up: do it for it, so a failing test leaves nothing behind.
        var prefix = $"pcdemo-{Id.ToString(CultureInfo.InvariantCulture)}-";
        foreach (var name in DemoLeftovers.Namespaces(prefix))
        {
            Shell.RunWithStatus("ip", ["netns", "del", name]);
        }
    }

    private void Append(StringBuilder target, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            target.AppendLine(line);
        }
    }

    private string Read(StringBuilder source)
    {
        lock (_gate)
        {
            return source.ToString();
        }
    }
}

/// <summary>What a demo run may leave on the machine.</summary>
internal static class DemoLeftovers
{
    public static IReadOnlyList<string> Namespaces(string prefix) =>
        Shell.Run("ip", "netns", "list").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ')[0])
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .ToList();

    public static IReadOnlyList<string> HostInterfaces(int pid) =>
        Shell.Run("ip", "-o", "link", "show").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':', 3)[1].Trim().Split('@')[0])
            .Where(n => n.StartsWith($"pcd{pid.ToString(CultureInfo.InvariantCulture)}h", StringComparison.Ordinal))
            .ToList();
}
