using System.Diagnostics;
using System.Globalization;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Model;
using PacketCapture.Host.Server;

namespace PacketCapture.Host.Demo;

/// <summary>
/// <c>packetcapture demo</c>: the main job end to end on this machine. Makes three pods (network
/// namespaces with labels, in two Kubernetes namespaces), starts an embedded member, applies a
/// capture through the HTTP API, sends several kinds of traffic from every pod, ends the capture
/// and reads the files back, so the user sees that the selector, the namespace scope and the
/// filter each did their part. Everything it made is removed at the end, on failure and on Ctrl-C.
/// </summary>
/// <param name="output">Where the story is told.</param>
/// <param name="keepDirectory">Where to copy the pcap files before cleanup, or null.</param>
/// <param name="time">The clock (the capture's end time, the elapsed time).</param>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DemoRun(TextWriter output, string? keepDirectory, TimeProvider time)
{
    /// <summary>The capture the demo applies.</summary>
    public const string CaptureNamespace = "shop";

    /// <summary>The capture's name.</summary>
    public const string CaptureName = "web-traffic";

    /// <summary>The one kind of packet the capture's filter lets through.</summary>
    public const string ExpectedKind = "TCP 8080";

    private const int Steps = 7;
    private static readonly TimeSpan StepDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly Requester Demo = new("admin", RequestSource.Cli);

    /// <summary>The capture document the demo applies: <c>app == "web"</c> pods of namespace shop, TCP port 8080 only.</summary>
    public static string CaptureYaml { get; } =
        $"""
        apiVersion: projectcalico.org/v3
        kind: PacketCapture
        metadata:
          name: {CaptureName}
          namespace: {CaptureNamespace}
        spec:
          selector: app == "web"
          filters:
            - protocol: TCP
              ports: [{DemoTraffic.WebPort}]

        """;

    /// <summary>Runs the demo; returns the exit code. Cleans up whatever happens.</summary>
    /// <exception cref="DemoException">A step failed (after cleanup); the message is one line.</exception>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var started = time.GetTimestamp();
        output.WriteLine("packetcapture demo: three pods, one capture, real traffic, the files read back.");
        Step(1, "prerequisites");
        var problems = DemoPrerequisites.Check();
        if (problems.Count > 0)
        {
            throw new DemoException(string.Join("; ", problems));
        }

        Line("root, ip (iproute2), libpcap: ok");
        foreach (var stale in DemoPods.SweepStale())
        {
            Line($"removed {stale}, left by an earlier demo that did not finish");
        }

        var dataDirectory = Directory.CreateTempSubdirectory("pcdemo-").FullName;
        File.SetUnixFileMode(dataDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        DemoPods? pods = null;
        RunningServer? server = null;
        try
        {
            Step(2, "pods: a network namespace each, a veth pair to the host, labels for discovery");
            var podsDirectory = Path.Combine(dataDirectory, "pods");
            pods = DemoPods.Create(DemoPodSpec.Default, podsDirectory, Environment.ProcessId);
            Table(
                ["POD", "LABELS", "NETNS", "HOST IF", "HOST ADDRESS", "POD ADDRESS"],
                pods.Pods.Select(p => (IReadOnlyList<string>)
                    [p.Key, string.Join(",", p.Labels.Select(l => $"{l.Key}={l.Value}")), p.NetworkNamespace, p.HostInterface, p.HostAddress, p.PodAddress]));

            Step(3, "member: a one-member cluster with its HTTP API");
            QuietMemberLogs();
            server = await PacketCaptureServer.StartAsync(
                new ServerOptions { DataDirectory = dataDirectory, Listen = "127.0.0.1:0", PodsDirectory = podsDirectory },
                cancellationToken: cancellationToken).ConfigureAwait(false);
            Line($"listening on {server.BaseAddress}, data in {dataDirectory}");

            using var api = new CaptureApiClient(server.BaseAddress, server.AdminToken);
            var key = new CaptureKey(CaptureNamespace, CaptureName);
            Step(4, $"capture: POST {CaptureApiClient.CollectionPath(CaptureNamespace)} (bearer admin token)");
            foreach (var line in CaptureYaml.TrimEnd().Split('\n'))
            {
                Line(line);
            }

            var applied = await api.CreateAsync(CaptureNamespace, CaptureYaml, cancellationToken).ConfigureAwait(false);
            var web = pods.Pods.First(p => p.Namespace == CaptureNamespace && p.Labels.GetValueOrDefault("app") == "web");
            await Until(
                async () => await Armed(api, server.Captures, key, web.Pod, cancellationToken).ConfigureAwait(false),
                $"{CaptureNamespace}/{web.Pod} to be WaitingForTraffic", cancellationToken).ConfigureAwait(false);
            Line($"{web.Key} is selected and WaitingForTraffic on {web.HostInterface}");

            Step(5, "traffic from every pod to its host side: tcp/8080 (echoed), tcp/5432, udp/53, icmp echo");
            var reports = await Task.Run(() => DemoTraffic.Generate(pods.Pods), cancellationToken)
                .WaitAsync(cancellationToken).ConfigureAwait(false);
            Table(["POD", "WHAT IT SAW"], reports.Select(r => (IReadOnlyList<string>)[r.Pod, r.ToString()]));
            await Until(
                async () => Capturing(await api.GetAsync(CaptureNamespace, CaptureName, cancellationToken).ConfigureAwait(false)),
                "the capture to be Capturing with a file", cancellationToken).ConfigureAwait(false);

            Step(6, "end: PUT the capture with endTime = now; the node closes its files");
            var endTime = time.GetUtcNow();
            await api.ReplaceAsync(applied with { Spec = applied.Spec with { EndTime = endTime } }, cancellationToken).ConfigureAwait(false);
            var finished = await Until(
                async () => Finished(await api.GetAsync(CaptureNamespace, CaptureName, cancellationToken).ConfigureAwait(false)),
                "the capture to be Finished", cancellationToken).ConfigureAwait(false);
            Line($"endTime {endTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}: Finished");

            Step(7, "results");
            var files = finished.Status!.Files;
            Table(["NODE", "STATE", "FILES", "DIRECTORY"],
                files.Select(f => (IReadOnlyList<string>)[f.Node, f.State?.ToString() ?? "-", f.FileNames.Length.ToString(CultureInfo.InvariantCulture), f.Directory ?? "-"]));
            var summaries = Summaries(files, server.Settings.Node.CaptureDirectory);
            output.WriteLine();
            Table(["FILE", "POD", "SIZE", "PACKETS", "BY KIND"],
                summaries.Select(s => (IReadOnlyList<string>)
                    [s.Name, $"{CaptureNamespace}/{s.Pod}", Size(s.Bytes), s.Summary.Packets.ToString(CultureInfo.InvariantCulture), Kinds(s.Summary)]));
            Keep(summaries);
            var (ok, conclusion) = Conclude(summaries, web);
            output.WriteLine();
            output.WriteLine(conclusion);
            return ok ? 0 : 70;
        }
        finally
        {
            output.WriteLine();
            output.WriteLine("cleaning up: member, network namespaces, veths, data directory");
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }

            pods?.Dispose();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                output.WriteLine($"could not remove {dataDirectory}: {e.Message}");
            }

            output.WriteLine($"done in {time.GetElapsedTime(started).TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)}s");
        }
    }

    /// <summary>The conclusion line, and whether the files hold exactly what the capture should: packets,
    /// all <see cref="ExpectedKind"/>, all from <paramref name="web"/>.</summary>
    public static (bool Ok, string Line) Conclude(IReadOnlyList<FileSummary> summaries, DemoPod web)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        ArgumentNullException.ThrowIfNull(web);
        var packets = summaries.Sum(s => s.Summary.Packets);
        var others = summaries.SelectMany(s => s.Summary.ByKind.Keys).Where(k => k != ExpectedKind).Distinct().Order(StringComparer.Ordinal).ToList();
        var pods = summaries.Select(s => s.Pod).Distinct().Order(StringComparer.Ordinal).ToList();
        var notes = summaries.Where(s => s.Summary.Note is not null).Select(s => $"{s.Name}: {s.Summary.Note}").ToList();
        if (packets > 0 && others.Count == 0 && pods.SequenceEqual([web.Pod]) && notes.Count == 0)
        {
            return (true, $"filter applied: {packets} packets, all TCP port {DemoTraffic.WebPort}, from {web.Key} only");
        }

        var problems = new List<string>();
        if (packets == 0)
        {
            problems.Add("no packets captured");
        }

        if (others.Count > 0)
        {
            problems.Add($"unexpected kinds {string.Join(", ", others)}");
        }

        if (pods.Any(p => p != web.Pod))
        {
            problems.Add($"files of {string.Join(", ", pods.Select(p => $"{CaptureNamespace}/{p}"))} (expected {web.Key} only)");
        }

        problems.AddRange(notes);
        return (false, $"UNEXPECTED: {string.Join("; ", problems)}");
    }

    /// <summary>One captured file: its name, pod, size and what it holds.</summary>
    /// <param name="Name">The file name.</param>
    /// <param name="Path">Where it is on this machine.</param>
    /// <param name="Pod">The workload the name starts with.</param>
    /// <param name="Bytes">Its size.</param>
    /// <param name="Summary">What it holds.</param>
    public sealed record FileSummary(string Name, string Path, string Pod, long Bytes, PcapSummary Summary);

    /// <summary>The member's start-up and shutdown chatter (cluster, sharding, remoting) would bury the
    /// demo's story; warnings and errors still show. A level the user set is left alone.</summary>
    private static void QuietMemberLogs()
    {
        const string Level = "Logging__LogLevel__Default";
        if (Environment.GetEnvironmentVariable(Level) is null)
        {
            Environment.SetEnvironmentVariable(Level, "Warning");
        }
    }

    private static async Task<bool> Armed(CaptureApiClient api, ICaptureService captures, CaptureKey key, string pod, CancellationToken cancellationToken)
    {
        var resource = await api.GetAsync(key.Namespace, key.Name, cancellationToken).ConfigureAwait(false);
        FailOnError(resource);
        if (resource.Status?.Files.Any(f => f.State is CaptureState.WaitingForTraffic) != true)
        {
            return false;
        }

        // A node with nothing selected yet also reads WaitingForTraffic (the capture is armed):
        // the per-endpoint detail says whether the pod's interface is really open.
        var reply = await captures.SendAsync(new GetCapture(key, Demo), cancellationToken).ConfigureAwait(false);
        return reply is CaptureSucceeded { View: var view } &&
               view.Nodes.SelectMany(n => n.Endpoints).Any(e => e.Pod == pod && e.State is CaptureState.WaitingForTraffic or CaptureState.Capturing);
    }

    private static bool Capturing(PacketCaptureResource resource)
    {
        FailOnError(resource);
        return resource.Status?.Files.Any(f => f.State == CaptureState.Capturing && f.FileNames.Length > 0) == true;
    }

    private static PacketCaptureResource? Finished(PacketCaptureResource resource)
    {
        FailOnError(resource);
        return resource.Status is { Files: { Length: > 0 } files } && files.All(f => f.State == CaptureState.Finished) ? resource : null;
    }

    private static void FailOnError(PacketCaptureResource resource)
    {
        if (resource.Status?.Files.FirstOrDefault(f => f.State == CaptureState.Error) is { } failed)
        {
            throw new DemoException($"the capture is in Error on node {failed.Node}: see the member's log above");
        }
    }

    private static async Task<T> Until<T>(Func<Task<T?>> probe, string what, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(StepDeadline);
        try
        {
            while (true)
            {
                if (await probe().ConfigureAwait(false) is { } value && value is not false)
                {
                    return value;
                }

                await Task.Delay(PollInterval, deadline.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DemoException($"timed out after {StepDeadline.TotalSeconds:0}s waiting for {what}");
        }
    }

    private static List<FileSummary> Summaries(IEnumerable<PacketCaptureFiles> files, string captureDirectory)
    {
        var root = Path.GetFullPath(Path.Combine(captureDirectory, CaptureNamespace, CaptureName));
        var summaries = new List<FileSummary>();
        foreach (var name in files.SelectMany(f => f.FileNames))
        {
            // The names come from the server's answer: only a plain *.pcap name is joined to a path.
            if (name != System.IO.Path.GetFileName(name) || name.Contains("..", StringComparison.Ordinal) ||
                !name.EndsWith(".pcap", StringComparison.Ordinal) || !name.Contains('_', StringComparison.Ordinal))
            {
                throw new DemoException($"status.files: '{name}' is not a capture file name");
            }

            var path = System.IO.Path.Combine(root, name);
            summaries.Add(new FileSummary(name, path, name[..name.IndexOf('_', StringComparison.Ordinal)], new FileInfo(path).Length, PcapSummary.Read(path)));
        }

        return summaries;
    }

    private void Keep(IReadOnlyList<FileSummary> summaries)
    {
        if (keepDirectory is null)
        {
            return;
        }

        Directory.CreateDirectory(keepDirectory);
        foreach (var summary in summaries)
        {
            var target = System.IO.Path.Combine(keepDirectory, summary.Name);
            File.Copy(summary.Path, target, overwrite: true);
            File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        }

        Line($"copied {summaries.Count} file(s) to {System.IO.Path.GetFullPath(keepDirectory)}");
    }

    private static string Kinds(PcapSummary summary) =>
        (summary.ByKind.Count == 0 ? "-" : string.Join(", ", summary.ByKind.Select(k => $"{k.Key}: {k.Value}"))) +
        (summary.Note is null ? "" : $" ({summary.Note})");

    private static string Size(long bytes) =>
        bytes < 10 * 1024 ? $"{bytes} B" : $"{(bytes / 1024.0).ToString("0.0", CultureInfo.InvariantCulture)} KiB";

    private void Step(int n, string title)
    {
        output.WriteLine();
        output.WriteLine($"[{n}/{Steps}] {title}");
    }

    private void Line(string text) => output.WriteLine("    " + text);

    private void Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows)
    {
        foreach (var line in TextTable.Format(header, rows))
        {
            output.WriteLine(line);
        }
    }
}
