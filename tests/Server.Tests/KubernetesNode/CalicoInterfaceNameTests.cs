using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Server.Tests.KubernetesNode;

public sealed class CalicoInterfaceNameTests
{
    [Theory]
    [InlineData("default", "nginx", "calic440f455693")]
    [InlineData("kube-system", "coredns-5d78c9869d-abcde", "cali4d5f75c480c")]
    public void Name_is_cali_and_the_first_11_hex_digits_of_sha1_of_namespace_dot_pod(string ns, string pod, string expected)
    {
        Assert.Equal(expected, CalicoInterfaceName.For(ns, pod));
    }

    [Theory]
    [InlineData("shop", "web-1")]
    [InlineData("team-a", "a-very-long-pod-name-with-a-replicaset-hash-7c9f8d6b5-x2x4z")]
    public void Name_matches_sha1sum_of_the_shell(string ns, string pod)
    {
        var digest = Shell.Run("sh", "-c", "printf %s \"$1\" | sha1sum", "sh", $"{ns}.{pod}").Split(' ')[0];

        var name = CalicoInterfaceName.For(ns, pod);

        Assert.Equal("cali" + digest[..11], name);
        Assert.Equal(15, name.Length);
    }

    [Fact]
    public void Another_prefix_keeps_11_digits()
    {
        Assert.Equal("tapc440f455693", CalicoInterfaceName.For("default", "nginx", "tap"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("calix")]
    [InlineData("ca/i")]
    public void A_prefix_that_cannot_make_a_15_character_name_is_refused(string prefix)
    {
        Assert.NotNull(CalicoInterfaceName.PrefixProblem(prefix));
        Assert.Throws<ArgumentException>(() => CalicoInterfaceName.For("default", "nginx", prefix));
    }

    [Theory]
    [InlineData("eth0", true)]
    [InlineData("cali0123456789a", true)]
    [InlineData("cali0123456789ab", false)]
    [InlineData("../etc", false)]
    [InlineData("a b", false)]
    [InlineData("", false)]
    public void Interface_names_are_checked(string name, bool valid)
    {
        Assert.Equal(valid, CalicoInterfaceName.NameProblem(name) is null);
    }
}
