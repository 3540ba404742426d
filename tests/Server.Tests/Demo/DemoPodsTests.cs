using System.Collections.Immutable;
using PacketCapture.Host.Demo;

namespace PacketCapture.Server.Tests.Demo;

public sealed class DemoPodsTests : IDisposable
{
    private readonly string _podsDirectory = Directory.CreateTempSubdirectory("pcdemo-test-pods-").FullName;
    private readonly int _owner = Environment.ProcessId;

    public void Dispose() => Directory.Delete(_podsDirectory, recursive: true);

    [Fact]
    public void Creates_three_pods_with_namespaces_addressed_veths_and_labels_files_and_removes_them_all()
    {
        var pods = DemoPods.Create(DemoPodSpec.Default, _podsDirectory, _owner);
        ImmutableArray<DemoPod> made;
        try
        {
            made = pods.Pods;
            Assert.Equal(["shop/web-1", "shop/db-1", "ops/web-2"], made.Select(p => p.Key));
            var namespaces = Shell.Run("ip", "netns", "list");
            foreach (var pod in made)
            {
                Assert.Contains(pod.NetworkNamespace, namespaces);
                Assert.Contains($"inet {pod.HostAddress}/30", Shell.Run("ip", "-o", "-4", "addr", "show", "dev", pod.HostInterface));
                Assert.Contains($"inet {pod.PodAddress}/30", Shell.Run("ip", "-n", pod.NetworkNamespace, "-o", "-4", "addr", "show", "dev", "eth0"));
                Assert.Contains("state UP", Shell.Run("ip", "-o", "link", "show", "dev", pod.HostInterface));
                Assert.Equal("1", File.ReadAllText($"/proc/sys/net/ipv6/conf/{pod.HostInterface}/disable_ipv6").Trim());
                Assert.DoesNotContain("inet6", Shell.Run("ip", "-n", pod.NetworkNamespace, "-o", "addr", "show", "dev", "eth0"));
            }

            Assert.Equal(
                "namespace: shop\npod: web-1\nendpoint: eth0\nlabels: {app: web}\n",
                File.ReadAllText(Path.Combine(_podsDirectory, made[0].NetworkNamespace + ".yaml")));
            Assert.Equal(
                "namespace: ops\npod: web-2\nendpoint: eth0\nlabels: {app: web}\n",
                File.ReadAllText(Path.Combine(_podsDirectory, made[2].NetworkNamespace + ".yaml")));
        }
        finally
        {
            pods.Dispose();
        }

        AssertGone(made);
    }

    [Fact]
    public void A_step_that_fails_midway_removes_what_was_made_before_it()
    {
        // The third pod's labels file cannot be written: a directory holds its name.
        var third = DemoPods.Plan(DemoPodSpec.Default[2], _owner, 2);
        Directory.CreateDirectory(Path.Combine(_podsDirectory, third.NetworkNamespace + ".yaml"));

        Assert.ThrowsAny<Exception>(() => DemoPods.Create(DemoPodSpec.Default, _podsDirectory, _owner));

        AssertGone(DemoPodSpec.Default.Select((spec, n) => DemoPods.Plan(spec, _owner, n)).ToList());
        Assert.False(File.Exists(Path.Combine(_podsDirectory, DemoPods.Plan(DemoPodSpec.Default[0], _owner, 0).NetworkNamespace + ".yaml")));
    }

    [Theory]
    [InlineData(1, 0, "pcdemo-1-0", "pcd1h0", "198.19.0.17", "198.19.0.18")]
    [InlineData(1, 2, "pcdemo-1-2", "pcd1h2", "198.19.0.25", "198.19.0.26")]
    [InlineData(4194303, 3, "pcdemo-4194303-3", "pcd4194303h3", "198.19.255.253", "198.19.255.254")]
    [InlineData(4096, 0, "pcdemo-4096-0", "pcd4096h0", "198.19.0.1", "198.19.0.2")]
    public void Plan_names_fit_the_kernel_and_addresses_stay_in_198_19(int owner, int n, string netns, string hostInterface, string host, string pod)
    {
        var planned = DemoPods.Plan(DemoPodSpec.Default[0], owner, n);

        Assert.Equal(netns, planned.NetworkNamespace);
        Assert.Equal(hostInterface, planned.HostInterface);
        Assert.True(planned.HostInterface.Length <= 15);
        Assert.Equal(host, planned.HostAddress);
        Assert.Equal(pod, planned.PodAddress);
    }

    [Fact]
    public void Pods_of_one_run_get_disjoint_subnets()
    {
        var subnets = Enumerable.Range(0, 4)
            .Select(n => DemoPods.Plan(DemoPodSpec.Default[0], 1234, n).HostAddress)
            .Select(a => a[..a.LastIndexOf('.')] + "." + (int.Parse(a[(a.LastIndexOf('.') + 1)..]) / 4))
            .ToList();

        Assert.Equal(4, subnets.Distinct().Count());
    }

    [Theory]
    [InlineData("pcdemo-123-0", 123)]
    [InlineData("pcdemo-4194303-2", 4194303)]
    [InlineData("pct-123-0", null)]
    [InlineData("pcdemo-abc-0", null)]
    [InlineData("pcdemo-123", null)]
    [InlineData("pcdemo-123-0-1", null)]
    [InlineData("pcdemo--1-0", null)]
    public void Owner_is_read_only_from_demo_namespace_names(string name, int? owner) =>
        Assert.Equal(owner, DemoPods.OwnerOf(name));

    [Fact]
    public void Labels_that_would_change_meaning_in_yaml_are_quoted()
    {
        var spec = new DemoPodSpec("shop", "web-1", ImmutableSortedDictionary.CreateRange([KeyValuePair.Create("tier", "true"), KeyValuePair.Create("app", "web")]));

        var text = DemoPods.Plan(spec, 1, 0).LabelsFile();

        Assert.Contains("labels: {app: web, tier: \"true\"}", text);
    }

    private static void AssertGone(IEnumerable<DemoPod> pods)
    {
        var namespaces = Shell.Run("ip", "netns", "list");
        var links = Shell.Run("ip", "-o", "link", "show");
        foreach (var pod in pods)
        {
            Assert.DoesNotContain(pod.NetworkNamespace + " ", namespaces + " ");
            Assert.DoesNotContain($" {pod.HostInterface}@", links);
            Assert.DoesNotContain($" {pod.HostInterface}:", links);
        }
    }
}
