namespace PacketCapture.Capture.Tests;

/// <summary>Size and time rotation, retention and appending, checked with tcpdump.</summary>
[Collection(VethCollection.Name)]
public sealed class RotationTrafficTests(VethNetwork network)
{
    // 64-byte UDP payload: 106-byte frame, 122 bytes per pcap record.
    private const int Record = 16 + 14 + 20 + 8 + 64;

    [Fact]
    public void SizeRotation_KeepsEveryFileWithinTheLimitAndLosesNothing()
    {
        var scenario = new CaptureScenario(network);
        scenario.Options = scenario.Options with { MaxSizeBytes = 2000, MaxFiles = 1000 };
        CaptureCounters counters;
        using (var session = scenario.StartSession())
        {
            scenario.Send("udp", 300, firstSeq: 0);
            scenario.Send("udp", 300, firstSeq: 300, packetsPerSecond: 20_000);
            CaptureScenario.WaitWritten(session, 600);
            session.Stop();
            counters = session.ReadCounters();
        }

        var rotated = scenario.RotatedFiles();
        var perFile = (2000 - 24) / Record;
        Assert.Equal(600 / perFile, rotated.Count);
        Assert.All(rotated, file =>
        {
            Assert.Matches(@"^pod-a_pc[0-9]+h[0-9]+-[0-9]{16}\.pcap$", Path.GetFileName(file));
            Assert.True(new FileInfo(file).Length <= 2000, $"{file} has {new FileInfo(file).Length} bytes");
            Assert.Equal(24 + (perFile * Record), new FileInfo(file).Length);
        });
        Assert.True(new FileInfo(scenario.ActiveFile).Length <= 2000);
        Assert.Equal(CaptureScenario.Range(0, 600), scenario.AllSequences());

        var rotations = scenario.Observer.Rotations.ToList();
        Assert.Equal(rotated.Select(Path.GetFileName), rotations.Select(r => r.NewFileName));
        Assert.All(rotations, r => Assert.Equal($"pod-a_{scenario.Options.InterfaceName}.pcap", r.OldFileName));
        Assert.All(rotations, r => Assert.Equal(perFile, r.Packets));
        Assert.Equal(rotated.Sum(f => new FileInfo(f).Length) + new FileInfo(scenario.ActiveFile).Length, counters.BytesWritten);
        Assert.Equal(rotated.Count + 1, counters.FilesWritten);
    }

    [Fact]
    public void APacketLargerThanAFile_IsCutToFit_AsASmallerSnapLengthWould()
    {
        var scenario = new CaptureScenario(network);
        scenario.Options = scenario.Options with { MaxSizeBytes = CaptureSessionOptions.MinimumMaxSizeBytes, MaxFiles = 100 };
        using (var session = scenario.StartSession())
        {
            scenario.Send("udp", 5, firstSeq: 0);
            CaptureScenario.WaitWritten(session, 5);
            session.Stop();
        }

        // 24-byte header + 16-byte record header + 88 of the 106 bytes: one packet per file, none over 128 bytes.
        var files = scenario.RotatedFiles().Append(scenario.ActiveFile).ToList();
        Assert.Equal(5, files.Count);
        Assert.All(files, file =>
        {
            Assert.Equal(CaptureSessionOptions.MinimumMaxSizeBytes, new FileInfo(file).Length);
            var packet = Assert.Single(TcpdumpReader.Packets(file));
            Assert.Contains($"{scenario.Link!.PodAddress}.40", packet, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Retention_KeepsTheNewestMaxFilesRotatedFiles()
    {
        var scenario = new CaptureScenario(network);
        scenario.Options = scenario.Options with { MaxSizeBytes = 2000, MaxFiles = 3 };
        using (var session = scenario.StartSession())
        {
            scenario.Send("udp", 200, firstSeq: 0);
            CaptureScenario.WaitWritten(session, 200);
            session.Stop();
        }

        var perFile = (2000 - 24) / Record;
        var rotations = scenario.Observer.Rotations.Count;
        Assert.Equal(200 / perFile, rotations);
        var rotated = scenario.RotatedFiles();
        Assert.Equal(3, rotated.Count);
        Assert.Equal(rotations - 3, scenario.Observer.Deleted.Count);

        // The survivors are the newest: their packets run without a gap up to the last one sent.
        var kept = scenario.AllSequences();
        Assert.Equal(CaptureScenario.Range(200 - kept.Count, kept.Count), kept);
        Assert.Equal((3 * perFile) + (200 % perFile), kept.Count);
    }

    [Fact]
    public void Rotate_RotatesAFileThatHoldsPacketsAndNeverAnEmptyOne()
    {
        var scenario = new CaptureScenario(network);
        using var session = scenario.StartSession();

        // Nothing captured yet: a time rotation must not create or rotate anything.
        session.Rotate();
        scenario.Send("udp", 10, firstSeq: 0);
        CaptureScenario.WaitWritten(session, 10);
        Assert.Empty(scenario.Observer.Rotations);

        session.Rotate();
        Poll.Until(() => !scenario.Observer.Rotations.IsEmpty, "the requested rotation");
        var rotation = Assert.Single(scenario.Observer.Rotations);
        Assert.Equal(10, rotation.Packets);
        Assert.Equal(24 + (10 * Record), rotation.Bytes);

        // The next file is created by the next packet, not by the rotation.
        Assert.False(File.Exists(scenario.ActiveFile));
        session.Rotate();
        scenario.Send("udp", 5, firstSeq: 10);
        CaptureScenario.WaitWritten(session, 15);
        session.Stop();

        Assert.Single(scenario.Observer.Rotations);
        var rotated = Assert.Single(scenario.RotatedFiles());
        Assert.Equal(CaptureScenario.Range(0, 10), TcpdumpReader.Sequence(rotated));
        Assert.Equal(CaptureScenario.Range(10, 5), TcpdumpReader.Sequence(scenario.ActiveFile));
    }

    [Fact]
    public void Restart_AppendsToTheActiveFileWithOneHeader()
    {
        var scenario = new CaptureScenario(network);
        using (var first = scenario.StartSession())
        {
            scenario.Send("udp", 10, firstSeq: 0);
            CaptureScenario.WaitWritten(first, 10);
        }

        CaptureCounters second;
        using (var session = new CaptureSession(scenario.Options))
        {
            session.Start();
            scenario.Send("udp", 15, firstSeq: 10);
            CaptureScenario.WaitWritten(session, 15);
            session.Stop();
            second = session.ReadCounters();
        }

        Assert.Equal(24 + (25 * Record), new FileInfo(scenario.ActiveFile).Length);
        Assert.Equal(15 * Record, second.BytesWritten);
        Assert.Equal(CaptureScenario.Range(0, 25), TcpdumpReader.Sequence(scenario.ActiveFile));
        Assert.Equal(25, TcpdumpReader.Packets(scenario.ActiveFile).Count);
    }
}
