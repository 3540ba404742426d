namespace PacketCapture.Capture.Tests;

public sealed class RetentionPolicyTests
{
    [Fact]
    public void KeepsTheNewestByIndex_AndDeletesTheRest()
    {
        string[] names =
        [
            "p_eth0-300.pcap", "p_eth0-100.pcap", "q_eth1-250.pcap", "p_eth0-200.pcap",
            "p_eth0.pcap", "q_eth1.pcap", "README", "p_eth0-50.pcap.part",
        ];

        Assert.Equal(["p_eth0-200.pcap", "p_eth0-100.pcap"], RetentionPolicy.FilesToDelete(names, 2));
    }

    [Fact]
    public void DeletesNothingWithinTheLimit() =>
        Assert.Empty(RetentionPolicy.FilesToDelete(["p_e-1.pcap", "p_e-2.pcap", "p_e.pcap"], 2));

    [Fact]
    public void ZeroMaxFiles_DeletesEveryRotatedFileButNeverTheActiveOne() =>
        Assert.Equal(["p_e-2.pcap", "p_e-1.pcap"], RetentionPolicy.FilesToDelete(["p_e-1.pcap", "p_e-2.pcap", "p_e.pcap"], 0));
}
