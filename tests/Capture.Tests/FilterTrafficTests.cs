namespace PacketCapture.Capture.Tests;

/// <summary>The BPF filter decides exactly which sent packets reach the file.</summary>
[Collection(VethCollection.Name)]
public sealed class FilterTrafficTests(VethNetwork network)
{
    [Fact]
    public void TcpPort80_WritesExactlyTheTcpPort80Packets()
    {
        var scenario = new CaptureScenario(network, "tcp and port 80");
        using (var session = scenario.StartSession())
        {
            scenario.Send("tcp", 30, 80, firstSeq: 0);
            scenario.Send("tcp", 20, 81, firstSeq: 100);
            scenario.Send("udp", 20, 80, firstSeq: 200);
            scenario.Send("icmp", 10, firstSeq: 300);
            scenario.Send("tcp", 10, 80, firstSeq: 400);
            CaptureScenario.WaitWritten(session, 40);
            session.Stop();
        }

        var lines = TcpdumpReader.Packets(scenario.ActiveFile);
        Assert.Equal(40, lines.Count);
        Assert.All(lines, line => Assert.Matches(@"IP [0-9.]+\.4[0-9]{4} > [0-9.]+\.80: Flags", line));
        Assert.Equal(CaptureScenario.Range(0, 30).Concat(CaptureScenario.Range(400, 10)), TcpdumpReader.Sequence(scenario.ActiveFile));
    }

    [Fact]
    public void PortRange_WritesOnlyPortsInsideTheRange()
    {
        var scenario = new CaptureScenario(network, "udp and portrange 5000-5010");
        using (var session = scenario.StartSession())
        {
            scenario.Send("udp", 10, 4999, firstSeq: 0);
            scenario.Send("udp", 10, 5000, firstSeq: 100);
            scenario.Send("udp", 10, 5010, firstSeq: 200);
            scenario.Send("udp", 10, 5011, firstSeq: 300);
            scenario.Send("tcp", 10, 5005, firstSeq: 400);
            CaptureScenario.WaitWritten(session, 20);
            session.Stop();
        }

        Assert.Equal(
            CaptureScenario.Range(100, 10).Concat(CaptureScenario.Range(200, 10)),
            TcpdumpReader.Sequence(scenario.ActiveFile));
        Assert.Equal(20, TcpdumpReader.Packets(scenario.ActiveFile).Count);
    }

    [Fact]
    public void OrOfTwoRules_WritesPacketsMatchingEither()
    {
        var scenario = new CaptureScenario(network, "(tcp and port 80) or (udp and port 53)");
        using (var session = scenario.StartSession())
        {
            scenario.Send("tcp", 10, 80, firstSeq: 0);
            scenario.Send("udp", 10, 80, firstSeq: 100);
            scenario.Send("tcp", 10, 53, firstSeq: 200);
            scenario.Send("udp", 10, 53, firstSeq: 300);
            scenario.Send("icmp", 10, firstSeq: 400);
            CaptureScenario.WaitWritten(session, 20);
            session.Stop();
        }

        Assert.Equal(
            CaptureScenario.Range(0, 10).Concat(CaptureScenario.Range(300, 10)),
            TcpdumpReader.Sequence(scenario.ActiveFile));
    }

    [Fact]
    public void InvalidFilter_IsATypedErrorWithLibpcapsReason()
    {
        var scenario = new CaptureScenario(network, "tcp and portt 80");
        var session = new CaptureSession(scenario.Options, scenario.Observer);
        var error = Assert.Throws<CaptureFilterException>(session.Start);
        Assert.Contains("portt", error.Message, StringComparison.Ordinal);
        Assert.Equal(CaptureState.Error, session.State);
        Assert.Equal(error.Message, session.Reason);
        session.Dispose();
    }
}
