using System.Collections.Concurrent;
using System.Diagnostics;

namespace PacketCapture.Server.Tests.ActorApi;

/// <summary>The example actor-API client (examples/ActorClient, built beside the tests) as a child
/// process: its own ActorSystem, joining the member's cluster. Output collected line by line.</summary>
internal sealed class ClientProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _errors = new();

    private ClientProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Collect(_output, e.Data);
        process.ErrorDataReceived += (_, e) => Collect(_errors, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public IReadOnlyList<string> Output => [.. _output];

    public IReadOnlyList<string> Errors => [.. _errors];

    public static ClientProcess Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ClientAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return new ClientProcess(Process.Start(start)!);
    }

    /// <summary>The first output line starting with <paramref name="prefix"/>, waiting for it up to the deadline.</summary>
    public string WaitForLine(string prefix, int timeoutMs = 60_000)
    {
        Poll.Until(() => Find(prefix) is not null || _process.HasExited, $"'{prefix}' in the output of the client", timeoutMs);
        return Find(prefix) ?? throw new Xunit.Sdk.XunitException(
            $"the client exited {_process.ExitCode} before printing '{prefix}': {this}");
    }

    public void WriteLine(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(deadline.Token);
        return _process.ExitCode;
    }

    public override string ToString() => $"output: {string.Join(" | ", _output)}; errors: {string.Join(" | ", _errors)}";

    public void Dispose()
    {
        // A failed test must not leave a client member running.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }

        _process.Dispose();
    }

    /// <summary>actor-client.dll in the example's own output directory, of the configuration these tests were built in.</summary>
    private static string ClientAssembly()
    {
        // .../tests/Server.Tests/bin/<Configuration>/<framework>/
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!;
        var path = Path.Combine(VethNetwork.RepositoryRoot(), "examples", "ActorClient", "bin", configuration.Name, framework.Name, "actor-client.dll");
        return File.Exists(path) ? path : throw new Xunit.Sdk.XunitException($"the example client is not built: {path} is missing");
    }

    private string? Find(string prefix) => _output.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));

    private static void Collect(ConcurrentQueue<string> lines, string? line)
    {
        if (line is not null)
        {
            lines.Enqueue(line);
        }
    }
}
