using System.Net;
using System.Net.Sockets;
using Akka.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using PacketCapture.Actors.Configuration;
using PacketCapture.Host.Api;
using PacketCapture.Host.Kubernetes;
using PacketCapture.Host.Server;

namespace PacketCapture.Server.Tests.KubernetesNode;

public sealed class KubernetesApiAccessTests
{
    private const string AdminToken = "admin-token-for-access-tests";

    [Fact]
    public async Task An_unreachable_api_server_makes_the_review_unavailable_not_a_decision()
    {
        using var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = $"http://127.0.0.1:{ClosedPort()}" });
        var access = new KubernetesApiAccess(client, new ApiTokens(AdminToken, []), KubernetesNodeSettings.Default, NullLogger.Instance);

        var error = await Assert.ThrowsAsync<AccessReviewUnavailableException>(() => access.AuthenticateAsync("some-user-token", CancellationToken.None).AsTask());

        Assert.StartsWith("the Kubernetes API server cannot decide access now (TokenReview failed: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public async Task The_local_admin_token_needs_no_api_server_and_keeps_its_rules()
    {
        using var client = new k8s.Kubernetes(new k8s.KubernetesClientConfiguration { Host = $"http://127.0.0.1:{ClosedPort()}" });
        var access = new KubernetesApiAccess(client, new ApiTokens(AdminToken, []), KubernetesNodeSettings.Default, NullLogger.Instance);

        var user = await access.AuthenticateAsync(AdminToken, CancellationToken.None);

        Assert.Equal(ApiUser.Admin, user);
        Assert.True(await access.AllowsAsync(user!, "any", ApiResources.Files, ApiVerbs.Delete, "x", CancellationToken.None));
    }

    [Theory]
    [InlineData("packetcaptures", null, "packetcaptures", null)]
    [InlineData("packetcaptures/files", "team-a", "packetcaptures", "files")]
    public void Files_are_the_files_subresource_of_packetcaptures_and_no_namespace_is_all(string resource, string? ns, string expectedResource, string? expectedSubresource)
    {
        var attributes = KubernetesApiAccess.Attributes(ns, resource, "list", null);

        Assert.Equal(("projectcalico.org", "v3", expectedResource, expectedSubresource, ns ?? "", "list"),
            (attributes.Group, attributes.Version, attributes.Resource, attributes.Subresource, attributes.NamespaceProperty, attributes.Verb));
    }

    [Fact]
    public void Embedded_defaults_are_the_documented_settings()
    {
        Assert.Equal(KubernetesNodeSettings.Default, KubernetesNodeSettings.FromConfig(PacketCaptureConfig.Standalone));
    }

    [Theory]
    [InlineData("packetcapture.kubernetes-node.interface-prefix = \"calico\"", "packetcapture.kubernetes-node.interface-prefix")]
    [InlineData("packetcapture.kubernetes-node.review-ttl = 0s", "packetcapture.kubernetes-node.review-ttl")]
    [InlineData("packetcapture.kubernetes-node.review-cache-size = 0", "packetcapture.kubernetes-node.review-cache-size")]
    public void A_bad_setting_is_one_line_naming_its_key(string hocon, string key)
    {
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(PacketCaptureConfig.Standalone);

        var error = Assert.Throws<ServerStartException>(() => KubernetesNodeSettings.FromConfig(config));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Without_a_namespace_setting_or_file_the_seed_namespace_error_names_the_setting()
    {
        // Tests run outside a pod: no service account namespace file, no POD_NAMESPACE.
        var error = Assert.Throws<ServerStartException>(() => KubernetesNodeSettings.Default.EffectiveSeedNamespace());

        Assert.Contains("packetcapture.kubernetes-node.seed-namespace", error.Message, StringComparison.Ordinal);
        Assert.Equal("pc-system", (KubernetesNodeSettings.Default with { SeedNamespace = "pc-system" }).EffectiveSeedNamespace());
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
