using PacketCapture.Host.Kubernetes;
using PacketCapture.Host.Server;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.Kubernetes;

public sealed class KubernetesClientFactoryTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public KubernetesClientFactoryTests() => Directory.CreateDirectory(_temp.Path);

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Api_url_with_token_file_configures_host_and_bearer_token()
    {
        var token = Path.Combine(_temp.Path, "token");
        File.WriteAllText(token, "abc.def\n");

        var config = KubernetesClientFactory.Configuration(new KubernetesOptions { ApiUrl = "http://127.0.0.1:6443/", TokenFile = token });

        Assert.Equal("http://127.0.0.1:6443", config.Host);
        Assert.Equal("abc.def", config.AccessToken);
    }

    [Theory]
    [InlineData("ftp://127.0.0.1", "--kube-api ftp://127.0.0.1")]
    [InlineData("not a url", "--kube-api not a url")]
    [InlineData("http://127.0.0.1:6443/?x=1", "--kube-api")]
    public void Bad_api_url_is_one_line_naming_the_flag(string url, string expected)
    {
        var error = Assert.Throws<ServerStartException>(() => KubernetesClientFactory.Configuration(new KubernetesOptions { ApiUrl = url }));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Missing_token_file_is_one_line_naming_the_file()
    {
        var path = Path.Combine(_temp.Path, "absent");

        var error = Assert.Throws<ServerStartException>(() =>
            KubernetesClientFactory.Configuration(new KubernetesOptions { ApiUrl = "http://127.0.0.1:1", TokenFile = path }));

        Assert.Equal($"--kube-token-file {path}: no such file", error.Message);
    }

    [Fact]
    public void In_cluster_mode_outside_a_pod_says_to_give_the_api_url()
    {
        Assert.Null(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));

        var error = Assert.Throws<ServerStartException>(() => KubernetesClientFactory.Configuration(new KubernetesOptions()));

        Assert.StartsWith("--kubernetes: not running inside a pod", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Token_file_without_api_url_is_refused()
    {
        var error = Assert.Throws<ServerStartException>(() => KubernetesClientFactory.Configuration(new KubernetesOptions { TokenFile = "/x" }));

        Assert.StartsWith("--kube-token-file needs --kube-api", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_with_a_bad_kube_api_url_does_not_start_and_creates_nothing()
    {
        var options = new ServerOptions
        {
            DataDirectory = Path.Combine(_temp.Path, "data"),
            Listen = "127.0.0.1:0",
            Kubernetes = new KubernetesOptions { ApiUrl = "ftp://127.0.0.1" },
        };

        var error = await Assert.ThrowsAsync<ServerStartException>(() => PacketCaptureServer.StartAsync(options));

        Assert.StartsWith("--kube-api ftp://127.0.0.1", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(options.DataDirectory), "nothing is created");
    }
}
