using System.Diagnostics;

namespace PacketCapture.Capture.Tests;

/// <summary>States, counters, stop latency, files' modes and the failure paths, on real interfaces.</summary>
[Collection(VethCollection.Name)]
public sealed class LifecycleTrafficTests(VethNetwork network)
{
    private const int Record = 16 + 14 + 20 + 8 + 64;

    [Fact]
    public async Task States_GoWaitingThenCapturingThenFinished_AndFilesAreCreatedOnTheFirstPacket()
    {
        var scenario = new CaptureScenario(network);
        using var session = scenario.StartSession();
        Assert.Equal(CaptureState.WaitingForTraffic, session.State);
        Assert.True(Directory.Exists(scenario.CaptureDirectory));
        Assert.False(File.Exists(scenario.ActiveFile));

        scenario.Send("udp", 3);
        Poll.Until(() => session.State == CaptureState.Capturing, "Capturing");
        session.Stop();

        Assert.Equal(CaptureState.Finished, session.State);
        Assert.Equal(
            [CaptureState.WaitingForTraffic, CaptureState.Capturing, CaptureState.Finished],
            scenario.Observer.States.Select(s => s.State));
        var directoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        Assert.Equal(directoryMode, File.GetUnixFileMode(scenario.CaptureDirectory));
        Assert.Equal(directoryMode, File.GetUnixFileMode(Path.GetDirectoryName(scenario.CaptureDirectory)!));
        Assert.Equal(directoryMode, File.GetUnixFileMode(scenario.Root));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead,
            File.GetUnixFileMode(scenario.ActiveFile));
        Assert.Equal(CaptureState.Finished, await session.Completion);
    }

    [Fact]
    public void Counters_MatchWhatTcpdumpReadsFromTheFile()
    {
        var scenario = new CaptureScenario(network);
        using var session = scenario.StartSession();
        scenario.Send("udp", 500);
        scenario.Send("tcp", 50, 80);
        CaptureScenario.WaitWritten(session, 500);
        Poll.Until(() => session.ReadCounters().PacketsReceived >= 500, $"pcap_stats to report the received packets: {session.ReadCounters()}");
        var live = session.ReadCounters();
        session.Stop();
        var final = session.ReadCounters();

        Assert.Equal(500, live.PacketsWritten);
        Assert.Equal(500, final.PacketsWritten);
        Assert.Equal(500, TcpdumpReader.Packets(scenario.ActiveFile).Count);
        Assert.Equal(new FileInfo(scenario.ActiveFile).Length, final.BytesWritten);
        Assert.Equal(24 + (500 * Record), final.BytesWritten);
        Assert.Equal(500, final.PacketsReceived);
        Assert.Equal(0, final.PacketsDropped);
        Assert.Equal(0, final.PacketsDroppedByInterface);
        Assert.Equal(1, final.FilesWritten);
    }

    [Fact]
    public void Stop_IsPromptWithoutTraffic()
    {
        var scenario = new CaptureScenario(network);
        using var session = scenario.StartSession();

        // Let the capture thread block in its wait first, the case a timeout-only design gets wrong.
        Poll.Until(() => session.ReadCounters().PacketsReceived == 0 && session.State == CaptureState.WaitingForTraffic, "waiting");
        var clock = Stopwatch.StartNew();
        session.Stop();
        clock.Stop();

        Assert.True(clock.ElapsedMilliseconds < 200, $"Stop took {clock.ElapsedMilliseconds} ms");
        Assert.Equal(CaptureState.Finished, session.State);
        Assert.False(File.Exists(scenario.ActiveFile));
    }

    [Fact]
    public void PacketLimit_FinishesAfterExactlyThatManyPackets()
    {
        var scenario = new CaptureScenario(network);
        scenario.Options = scenario.Options with { MaxPackets = 25 };
        using var session = scenario.StartSession();
        scenario.Send("udp", 100);
        Poll.Until(() => session.Completion.IsCompleted, "the session to finish at its packet limit");

        Assert.Equal(CaptureState.Finished, session.State);
        Assert.Equal(25, session.ReadCounters().PacketsWritten);
        Assert.Equal(CaptureScenario.Range(0, 25), TcpdumpReader.Sequence(scenario.ActiveFile));
    }

    [Fact]
    public void InterfaceDeleted_FinishesCleanlyWithEveryWrittenPacketReadable()
    {
        var scenario = new CaptureScenario(network);
        using var session = scenario.StartSession();
        scenario.Send("udp", 50);
        CaptureScenario.WaitWritten(session, 50);

        VethNetwork.DeleteHostInterface(scenario.Link!);
        Poll.Until(() => session.Completion.IsCompleted, "the session to end after the interface went away");

        Assert.True(session.State == CaptureState.Finished, session.Reason);
        Assert.Contains(scenario.Options.InterfaceName, session.Reason, StringComparison.Ordinal);
        Assert.Equal(CaptureScenario.Range(0, 50), TcpdumpReader.Sequence(scenario.ActiveFile));
        session.Stop();
        Assert.Equal(CaptureState.Finished, session.State);
    }

    [Fact]
    public void MissingInterface_IsATypedOpenError()
    {
        var scenario = new CaptureScenario(network, withLink: false);
        scenario.Options = scenario.Options with { InterfaceName = $"pcnone{Environment.ProcessId}" };
        using var session = new CaptureSession(scenario.Options, scenario.Observer);

        var error = Assert.Throws<CaptureOpenException>(session.Start);
        Assert.Contains(scenario.Options.InterfaceName, error.Message, StringComparison.Ordinal);
        Assert.Equal(CaptureState.Error, session.State);
        Assert.Equal((CaptureState.Error, (string?)error.Message), scenario.Observer.States.Single());
    }

    [Fact]
    public void Admission_RefusesWhenFreeSpaceIsTooSmall_AndCreatesNothing()
    {
        var scenario = new CaptureScenario(network);
        scenario.Options = scenario.Options with { MaxSizeBytes = long.MaxValue / 8, MaxFiles = 2 };
        using var session = new CaptureSession(scenario.Options, scenario.Observer);

        var error = Assert.Throws<CaptureAdmissionException>(session.Start);
        Assert.Equal(DiskAdmission.NeededBytes(2, long.MaxValue / 8), error.NeededBytes);
        Assert.Contains(scenario.CaptureDirectory, error.Message, StringComparison.Ordinal);
        Assert.Equal(CaptureState.Error, session.State);
        Assert.Equal(error.Message, session.Reason);
        Assert.False(Directory.Exists(scenario.Root));
    }

    [Fact]
    public void DirectoryThatCannotBeCreated_IsATypedError()
    {
        var scenario = new CaptureScenario(network);
        File.WriteAllText(scenario.Root, "a file where the capture root should be");
        using var session = new CaptureSession(scenario.Options, scenario.Observer);

        var error = Assert.Throws<CaptureDirectoryException>(session.Start);
        Assert.Contains(scenario.CaptureDirectory, error.Message, StringComparison.Ordinal);
        Assert.Equal(CaptureState.Error, session.State);
    }

    [Fact]
    public void UnwritableDirectory_IsErrorWithReason_NotACrash()
    {
        var scenario = new CaptureScenario(network);
        scenario.Options = scenario.Options with { MaxSizeBytes = 100_000, MaxFiles = 2 };
        Directory.CreateDirectory(scenario.Root);
        Shell.Run("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", scenario.Root);
        try
        {
            Directory.CreateDirectory(scenario.CaptureDirectory);
            Shell.Run("mount", "-o", "remount,ro", scenario.Root);
            using var session = scenario.StartSession();
            scenario.Send("udp", 5);
            Poll.Until(() => session.Completion.IsCompleted, "the session to fail");

            Assert.Equal(CaptureState.Error, session.State);
            Assert.Contains("Read-only file system", session.Reason, StringComparison.Ordinal);
            Assert.Contains((CaptureState.Error, session.Reason), scenario.Observer.States);
            Assert.Equal(0, session.ReadCounters().PacketsWritten);
        }
        finally
        {
            Shell.RunWithStatus("umount", [scenario.Root]);
        }
    }

    [Fact]
    public void DiskFull_IsErrorAndLeavesAReadableFile()
    {
        var scenario = new CaptureScenario(network);
        scenario.Options = scenario.Options with { MaxSizeBytes = 100_000, MaxFiles = 1 };
        Directory.CreateDirectory(scenario.Root);
        Shell.Run("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", scenario.Root);
        try
        {
            using var session = scenario.StartSession();
            scenario.Send("udp", 20, firstSeq: 0);
            CaptureScenario.WaitWritten(session, 20);
            Poll.Until(() => new FileInfo(scenario.ActiveFile).Length == 24 + (20 * Record), "the first packets on disk");

            // Fill the file system, then keep sending: writing must fail cleanly.
            var filler = Path.Combine(scenario.Root, "filler");
            Shell.RunWithStatus("dd", ["if=/dev/zero", $"of={filler}", "bs=4k"]);
            scenario.Send("udp", 300, firstSeq: 20);
            Poll.Until(() => session.Completion.IsCompleted, "the session to fail on the full disk");

            Assert.Equal(CaptureState.Error, session.State);
            Assert.True(session.Reason!.Contains("No space left on device", StringComparison.Ordinal), session.Reason);
            var kept = TcpdumpReader.Sequence(scenario.ActiveFile);
            Assert.Equal(CaptureScenario.Range(0, kept.Count), kept);
            Assert.True(kept.Count >= 20);
            Assert.Equal(24 + (kept.Count * Record), new FileInfo(scenario.ActiveFile).Length);
        }
        finally
        {
            Shell.RunWithStatus("umount", [scenario.Root]);
        }
    }

    [Fact]
    public void SteadyState_AllocatesNothingPerPacket()
    {
        var scenario = new CaptureScenario(network);

        // One file for the whole run: a rotation allocates (names, notifications), a packet must not.
        scenario.Options = scenario.Options with { MaxSizeBytes = 50_000_000, MaxFiles = 1 };
        using var session = scenario.StartSession();

        // Warm-up: the first file, the first flush and tiered JIT (on-stack replacement of the
        // loop runs on the capture thread) allocate once; the steady state must not.
        scenario.Send("udp", 20_000, packetsPerSecond: 100_000);
        CaptureScenario.WaitWritten(session, 20_000);
        var windows = new List<long>();
        for (var window = 1; window <= 3; window++)
        {
            var before = session.CaptureThreadAllocatedBytes;
            scenario.Send("udp", 20_000, firstSeq: window * 20_000, packetsPerSecond: 100_000);
            CaptureScenario.WaitWritten(session, (window + 1) * 20_000);
            Poll.Until(() => session.CaptureThreadAllocatedBytes != before || session.ReadCounters().PacketsWritten == (window + 1) * 20_000, "a sample");
            windows.Add(session.CaptureThreadAllocatedBytes - before);
        }

        session.Stop();
        Assert.Equal(80_000, session.ReadCounters().PacketsWritten);

        // The capture thread's loop and per-packet callback allocate nothing once warm.
        Assert.True(windows[^1] == 0, $"capture-thread bytes allocated per 20000-packet window: {string.Join(", ", windows)}");
    }
}
