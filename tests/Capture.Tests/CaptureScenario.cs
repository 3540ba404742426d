namespace PacketCapture.Capture.Tests;

/// <summary>One test's link, capture root and session options, with helpers to run and read a capture.</summary>
internal sealed class CaptureScenario
{
    private static int _counter;

    public CaptureScenario(VethNetwork network, string filter = "udp", bool withLink = true)
    {
        Network = network;
        Link = withLink ? network.CreateLink() : null;
        Root = Path.Combine(network.WorkDirectory, $"root{Interlocked.Increment(ref _counter)}");
        Options = new CaptureSessionOptions
        {
            InterfaceName = Link?.HostInterface ?? "lo",
            CaptureDirectory = Root,
            Namespace = "default",
            CaptureName = "cap1",
            PodName = "pod-a",
            Filter = filter,
            MaxSizeBytes = 1_000_000,
            MaxFiles = 100,
        };
    }

    public VethNetwork Network { get; }

    public VethLink? Link { get; }

    public string Root { get; }

    public CaptureSessionOptions Options { get; set; }

    public RecordingObserver Observer { get; } = new();

    public string CaptureDirectory => Path.Combine(Root, Options.Namespace, Options.CaptureName);

    public string ActiveFile => Path.Combine(CaptureDirectory, $"{Options.PodName}_{Options.InterfaceName}.pcap");

    public CaptureSession StartSession()
    {
        var session = new CaptureSession(Options, Observer);
        session.Start();
        return session;
    }

    public long Send(string protocol, int count, int port = 9, long firstSeq = 0, int packetsPerSecond = 0) =>
        Network.Send(Link!, protocol, count, port, firstSeq, packetsPerSecond: packetsPerSecond);

    public static void WaitWritten(CaptureSession session, long packets) =>
        Poll.Until(() => session.ReadCounters().PacketsWritten >= packets, $"{packets} packets written (have {session.ReadCounters().PacketsWritten})");

    /// <summary>Rotated files of this capture, oldest first by their microsecond index.</summary>
    public IReadOnlyList<string> RotatedFiles() =>
        Directory.Exists(CaptureDirectory)
            ? Directory.EnumerateFiles(CaptureDirectory)
                .Select(path => (Path: path, Ok: PcapFileNames.TryParseRotated(Path.GetFileName(path), out var index), Index: index))
                .Where(f => f.Ok)
                .OrderBy(f => f.Index)
                .Select(f => f.Path)
                .ToList()
            : [];

    /// <summary>Sequence numbers across rotated files (oldest first) then the active file.</summary>
    public IReadOnlyList<long> AllSequences()
    {
        var files = RotatedFiles().ToList();
        if (File.Exists(ActiveFile))
        {
            files.Add(ActiveFile);
        }

        return files.SelectMany(TcpdumpReader.Sequence).ToList();
    }

    public static IEnumerable<long> Range(long first, int count) => Enumerable.Range(0, count).Select(i => first + i);
}
