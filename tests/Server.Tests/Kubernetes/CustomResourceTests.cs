using System.Text.Json;
using PacketCapture.Actors.Captures;
using PacketCapture.Host.Kubernetes;

namespace PacketCapture.Server.Tests.Kubernetes;

public sealed class CustomResourceTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void Resource_as_the_api_server_returns_it_reads_with_server_fields_and_status_dropped()
    {
        var item = Json("""
            {"apiVersion":"projectcalico.org/v3","kind":"PacketCapture",
             "metadata":{"name":"web","namespace":"shop","uid":"u-1","resourceVersion":"41","generation":3,
                         "creationTimestamp":"2026-01-02T03:04:05Z","finalizers":["x"],
                         "managedFields":[{"manager":"kubectl","operation":"Update"}],
                         "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}","team":"blue"}},
             "spec":{"selector":"app == \"web\"","filters":[{"protocol":"UDP","ports":[7777]}]},
             "status":{"files":[{"node":"n1","fileNames":["a.pcap"],"state":"Capturing","extra":1}]}}
            """);

        var read = CustomResource.Read(item)!;

        Assert.Empty(read.Errors);
        Assert.Equal((new CaptureKey("shop", "web"), 3L), (read.Key, read.Generation));
        Assert.Equal("app == \"web\"", read.Resource!.Spec.Selector);
        Assert.Null(read.Resource.Status);
        Assert.Equal("u-1", read.Resource.Metadata.Uid);
        Assert.Null(read.Resource.Metadata.ResourceVersion);
        Assert.Null(read.Resource.Metadata.Generation);
        Assert.Equal(["team"], read.Resource.Metadata.Annotations.Keys);
    }

    [Fact]
    public void Invalid_resource_keeps_its_key_and_generation_and_names_the_field()
    {
        var item = Json("""
            {"apiVersion":"projectcalico.org/v3","kind":"PacketCapture",
             "metadata":{"name":"web","namespace":"shop","generation":2},
             "spec":{"selector":"app ==","filters":[{"protocol":"UDP","ports":[70000]}]}}
            """);

        var read = CustomResource.Read(item)!;

        Assert.Null(read.Resource);
        Assert.Equal((new CaptureKey("shop", "web"), 2L), (read.Key, read.Generation));
        Assert.Contains("spec.selector", read.Problem, StringComparison.Ordinal);
        Assert.Contains("spec.filters[0].ports[0]", read.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Object_without_a_name_is_not_a_resource()
    {
        Assert.Null(CustomResource.Read(Json("""{"kind":"PacketCapture","metadata":{"resourceVersion":"5"}}""")));
    }
}
