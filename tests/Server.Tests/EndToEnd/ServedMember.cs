using System.Globalization;
using System.Text.RegularExpressions;
using PacketCapture.Actors.Model;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.EndToEnd;

/// <summary>
/// <c>packetcapture serve</c> as a real process on 127.0.0.1 port 0 over a data directory, and
/// the real client binary pointed at it (<c>--server</c>, and <c>--data-dir</c> so it uses the
/// server's admin token). Disposing kills the process if it still runs; the data stays, so a
/// second member can start on it.
/// </summary>
internal sealed partial class ServedMember : IDisposable
{
    public const string NodeName = "node-e2e";

    private readonly ServeProcess _process;

    private ServedMember(ServeProcess process, string dataDirectory, string url)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Url = url;
    }

    public string DataDirectory { get; }

    public string Url { get; }

    public string PodsDirectory => Path.Combine(DataDirectory, "pods");

    public string CaptureDirectory => Path.Combine(DataDirectory, "pcap");

    public IReadOnlyList<string> Errors => _process.Errors;

    public static ServedMember Start(string dataDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = ServeProcess.Start(
            environment ?? new Dictionary<string, string>(), "--data-dir", dataDirectory, "--listen", "127.0.0.1:0", "--node", NodeName);
        try
        {
            var line = process.WaitForOutput("listening on http");
            var url = ListeningOn().Match(line);
            Assert.True(url.Success, line);
            return new ServedMember(process, dataDirectory, url.Groups[1].Value);
        }
        catch
        {
            process.Dispose();
            throw;
        }
    }

    /// <summary>The client binary with <paramref name="args"/>, against this member.</summary>
    public Task<CliRun> Cli(params string[] args) => CliWithInput(null, args);

    public Task<CliRun> CliWithInput(string? stdin, params string[] args) =>
        CliRun.StartAsync(stdin, [.. args, "--server", Url, "--data-dir", DataDirectory]);

    /// <summary><c>get NAME -n NS -o json</c>, read back into the resource with its status.</summary>
    public async Task<PacketCaptureResource> GetAsync(string ns, string name)
    {
        var run = await Cli("get", name, "-n", ns, "-o", "json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var document = ResourceReader.ReadSingle(run.Output);
        return document.Resource ?? throw new Xunit.Sdk.XunitException($"get -o json did not read back: {string.Join("; ", document.Errors)}\n{run.Output}");
    }

    /// <summary>Polls <c>get -o json</c> until <paramref name="condition"/> holds for this node's status entry; returns it.</summary>
    public async Task<PacketCaptureFiles> WaitForNodeAsync(string ns, string name, Func<PacketCaptureFiles, bool> condition, string what, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        PacketCaptureResource? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = await GetAsync(ns, name);
            var node = last.Status?.Files.FirstOrDefault(f => f.Node == NodeName);
            if (node is not null && condition(node))
            {
                return node;
            }
        }

        throw new Xunit.Sdk.XunitException($"timed out after {timeoutSeconds} s waiting for {what}; last status: {(last is null ? "none" : ResourceWriter.ToJson(last))}");
    }

    /// <summary>Makes a VethNetwork netns a pod: its labels file, written the way deploy tools replace files.</summary>
    public void LabelPod(VethLink link, string ns, string pod, string app)
    {
        Directory.CreateDirectory(PodsDirectory);
        var path = Path.Combine(PodsDirectory, link.Namespace + ".yaml");
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, $"namespace: {ns}\npod: {pod}\nlabels: {{app: {app}}}\n");
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>SIGTERM, then the exit code within 30 s.</summary>
    public async Task<int> TerminateAsync()
    {
        Shell.Run("kill", "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture));
        return await _process.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _process.Dispose();

    [GeneratedRegex(@"listening on (http://127\.0\.0\.1:\d+)$")]
    private static partial Regex ListeningOn();
}
