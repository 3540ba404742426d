using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Server.Tests.KubernetesNode;

public sealed class SeedPlanTests
{
    private const int Port = 4053;

    private static string A(string ip) => $"akka.tcp://packetcapture@{ip}:{Port}";

    private static SeedPod Running(string ip, bool ready = false) => new(ip, Running: true, ready, Terminating: false);

    [Fact]
    public void Cold_start_the_lowest_address_forms_the_cluster_and_lists_itself_first()
    {
        var pods = new[] { Running("10.0.0.9"), Running("10.0.0.10"), Running("10.0.0.2") };

        var plan = SeedPlan.Decide(A("10.0.0.2"), pods, "packetcapture", Port);

        Assert.True(plan.SelfFirst);
        Assert.Equal([A("10.0.0.2"), A("10.0.0.9"), A("10.0.0.10")], plan.Seeds);
    }

    [Fact]
    public void Cold_start_a_higher_address_never_lists_itself_and_waits_for_the_lowest()
    {
        var pods = new[] { Running("10.0.0.9"), Running("10.0.0.10"), Running("10.0.0.2") };

        var plan = SeedPlan.Decide(A("10.0.0.10"), pods, "packetcapture", Port);

        Assert.False(plan.SelfFirst);
        Assert.Equal([A("10.0.0.2"), A("10.0.0.9")], plan.Seeds);
    }

    [Fact]
    public void When_some_member_is_ready_only_ready_members_are_seeds_even_for_the_lowest_address()
    {
        var pods = new[] { Running("10.0.0.1"), Running("10.0.0.5", ready: true), Running("10.0.0.3", ready: true) };

        var plan = SeedPlan.Decide(A("10.0.0.1"), pods, "packetcapture", Port);

        Assert.False(plan.SelfFirst);
        Assert.Equal([A("10.0.0.3"), A("10.0.0.5")], plan.Seeds);
    }

    [Fact]
    public void Pods_without_address_not_running_or_terminating_are_not_candidates()
    {
        var pods = new[]
        {
            new SeedPod(null, true, false, false),
            new SeedPod("10.0.0.1", false, false, false),
            new SeedPod("10.0.0.2", true, true, Terminating: true),
            new SeedPod("not-an-ip", true, false, false),
            Running("10.0.0.7"),
        };

        var plan = SeedPlan.Decide(A("10.0.0.8"), pods, "packetcapture", Port);

        Assert.False(plan.SelfFirst);
        Assert.Equal([A("10.0.0.7")], plan.Seeds);
    }

    [Fact]
    public void A_lone_member_forms_its_own_cluster()
    {
        var plan = SeedPlan.Decide(A("10.0.0.4"), [], "packetcapture", Port);

        Assert.True(plan.SelfFirst);
        Assert.Equal([A("10.0.0.4")], plan.Seeds);
    }

    [Fact]
    public void Every_member_computes_the_same_order_whatever_the_listing_order()
    {
        var ips = new[] { "192.168.1.20", "10.1.0.3", "10.0.200.1", "fd00::2", "10.0.0.100" };
        var orders = new[] { ips, ips.Reverse().ToArray(), ips.OrderBy(i => i.Length).ToArray() };

        var plans = orders.Select(o => SeedPlan.Decide(A("172.16.0.1"), o.Select(ip => Running(ip)), "packetcapture", Port).Seeds).ToList();

        Assert.All(plans, p => Assert.Equal(plans[0], p));
        Assert.Equal(
            [A("10.0.0.100"), A("10.0.200.1"), A("10.1.0.3"), A("192.168.1.20"), "akka.tcp://packetcapture@[fd00::2]:4053"],
            plans[0]);
    }
}
