using PacketCapture.Actors.Tests.Model;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace PacketCapture.Server.Tests.Api;

/// <summary>Both SPEC.md samples through the real API: create, get, list, replace, delete.</summary>
public sealed class ResourceRoundTripTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Collection = "/apis/projectcalico.org/v3/namespaces/sample-namespace/packetcaptures";

    private const string JsonSample = """
        {
          "apiVersion": "projectcalico.org/v3",
          "kind": "PacketCapture",
          "metadata": {
            "name": "sample-capture",
            "namespace": "sample-namespace"
          },
          "spec": {
            "selector": "all()",
            "startTime": "2021-08-26T12:00:00Z",
            "endTime": "2021-08-26T12:30:00Z"
          }
        }
        """;

    [Fact]
    public async Task Yaml_sample_is_created_read_listed_replaced_and_deleted()
    {
        using var client = server.Client();
        using var created = await client.PostAsync(Collection, ApiServer.Yaml(SampleDocuments.First));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("sample-capture", body.GetProperty("metadata").GetProperty("name").GetString());
        Assert.Equal("k8s-app == \"sample-app\"", body.GetProperty("spec").GetProperty("selector").GetString());
        Assert.Equal(80, body.GetProperty("spec").GetProperty("filters")[0].GetProperty("ports")[0].GetInt32());

        using var yamlRequest = new HttpRequestMessage(HttpMethod.Get, $"{Collection}/sample-capture");
        yamlRequest.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/yaml"));
        using var asYaml = await client.SendAsync(yamlRequest);
        Assert.Equal(HttpStatusCode.OK, asYaml.StatusCode);
        Assert.Equal("application/yaml", asYaml.Content.Headers.ContentType?.MediaType);
        var yaml = await asYaml.Content.ReadAsStringAsync();
        Assert.Contains("name: sample-capture", yaml, StringComparison.Ordinal);
        Assert.Contains("selector: k8s-app == \"sample-app\"", yaml, StringComparison.Ordinal);
        Assert.Contains("status:", yaml, StringComparison.Ordinal);

        await AssertListedAsync(client, Collection, "sample-capture", expected: true);
        await AssertListedAsync(client, "/apis/projectcalico.org/v3/packetcaptures", "sample-capture", expected: true);

        using var replaced = await client.PutAsync($"{Collection}/sample-capture", ApiServer.Yaml(SampleDocuments.First.Replace("- 80", "- 8080", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        var after = JsonDocument.Parse(await replaced.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(8080, after.GetProperty("spec").GetProperty("filters")[0].GetProperty("ports")[0].GetInt32());
        Assert.Equal(2, after.GetProperty("metadata").GetProperty("generation").GetInt64());

        using var deleted = await client.DeleteAsync($"{Collection}/sample-capture");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        using var gone = await client.GetAsync($"{Collection}/sample-capture");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        await AssertListedAsync(client, Collection, "sample-capture", expected: false);
    }

    [Fact]
    public async Task Json_sample_is_created_read_listed_replaced_and_deleted()
    {
        using var client = server.Client();
        var sample = JsonSample.Replace("\"sample-capture\"", "\"sample-capture-json\"", StringComparison.Ordinal);
        using var created = await client.PostAsync(Collection, ApiServer.Json(sample));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        using var read = await client.GetAsync($"{Collection}/sample-capture-json");
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        var body = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("PacketCapture", body.GetProperty("kind").GetString());
        Assert.Equal("2021-08-26T12:00:00Z", body.GetProperty("spec").GetProperty("startTime").GetString());
        Assert.Equal("2021-08-26T12:30:00Z", body.GetProperty("spec").GetProperty("endTime").GetString());

        await AssertListedAsync(client, Collection, "sample-capture-json", expected: true);

        using var replaced = await client.PutAsync($"{Collection}/sample-capture-json",
            ApiServer.Json(sample.Replace("\"all()\"", "\"app == 'web'\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal("app == 'web'",
            JsonDocument.Parse(await replaced.Content.ReadAsStringAsync()).RootElement.GetProperty("spec").GetProperty("selector").GetString());

        using var again = await client.PostAsync(Collection, ApiServer.Json(sample));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("AlreadyExists", JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("reason").GetString());

        using var deleted = await client.DeleteAsync($"{Collection}/sample-capture-json");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        await AssertListedAsync(client, Collection, "sample-capture-json", expected: false);
    }

    [Fact]
    public async Task Created_without_a_namespace_in_the_body_lands_in_the_url_namespace()
    {
        using var client = server.Client();
        var body = SampleDocuments.First.Replace("  namespace: sample-namespace\n", "", StringComparison.Ordinal)
            .Replace("sample-capture", "no-namespace", StringComparison.Ordinal);
        using var created = await client.PostAsync("/apis/projectcalico.org/v3/namespaces/elsewhere/packetcaptures", ApiServer.Yaml(body));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("elsewhere",
            JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("metadata").GetProperty("namespace").GetString());
        using var deleted = await client.DeleteAsync("/apis/projectcalico.org/v3/namespaces/elsewhere/packetcaptures/no-namespace");
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
    }

    private static async Task AssertListedAsync(HttpClient client, string path, string name, bool expected)
    {
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var list = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("PacketCaptureList", list.GetProperty("kind").GetString());
        var names = list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("metadata").GetProperty("name").GetString()).ToList();
        Assert.Equal(expected, names.Contains(name));
    }

    [Fact]
    public async Task Of_concurrent_creates_of_one_name_exactly_one_wins_and_the_others_are_told_it_exists()
    {
        using var client = server.Client();
        var body = JsonSample.Replace("\"sample-capture\"", "\"raced-capture\"", StringComparison.Ordinal);

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.PostAsync(Collection, ApiServer.Json(body))));

        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
            var refused = responses.Where(r => r.StatusCode != HttpStatusCode.Created).ToList();
            Assert.Equal(7, refused.Count);
            foreach (var response in refused)
            {
                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                var status = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.Equal("AlreadyExists", status.GetProperty("reason").GetString());
                Assert.Contains("use PUT to replace it", status.GetProperty("message").GetString(), StringComparison.Ordinal);
            }
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Replacing_a_capture_that_does_not_exist_is_not_found_and_creates_nothing()
    {
        using var client = server.Client();
        var body = JsonSample.Replace("\"sample-capture\"", "\"never-made\"", StringComparison.Ordinal);

        using var replaced = await client.PutAsync($"{Collection}/never-made", ApiServer.Json(body));
        using var after = await client.GetAsync($"{Collection}/never-made");

        Assert.Equal(HttpStatusCode.NotFound, replaced.StatusCode);
        Assert.Contains("use POST to create it", await replaced.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
    }
}
