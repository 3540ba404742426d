using System.Text;
using System.Text.Json;

namespace PacketCapture.Server.Tests.Api;

/// <summary>
/// Every kind of bad request through the real server: each gets its 4xx, a Kubernetes Status
/// whose message names the field or segment, and leaves the journal exactly as it was.
/// </summary>
public sealed class BadInputTests(ApiServer server) : IClassFixture<ApiServer>
{
    private const string Collection = "/apis/projectcalico.org/v3/namespaces/bad/packetcaptures";

    /// <summary>One bad request and what must come back.</summary>
    public sealed record Case(
        string Method, string Target, string? ContentType, string? Body, int Code, string Reason, string Named,
        bool Chunked = false, byte[]? RawBody = null, bool ReachesEntity = false);

    private static string Doc(string name = "bad-input", string metadata = "", string spec = "  selector: all()\n", string top = "") =>
        $"apiVersion: projectcalico.org/v3\nkind: PacketCapture\nmetadata:\n  name: {name}\n  namespace: bad\n{metadata}spec:\n{spec}{top}";

    private static string Filter(string rule) => $"  selector: all()\n  filters:\n    - {rule}\n";

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["invalid-yaml"] = new("POST", Collection, "application/yaml", "metadata: [unclosed\n  name: x", 400, "BadRequest", "body"),
        ["invalid-json"] = new("POST", Collection, "application/json", "{\"apiVersion\": ", 400, "BadRequest", "body"),
        ["empty-body"] = new("POST", Collection, "application/yaml", "", 400, "BadRequest", "no document"),
        ["two-documents"] = new("POST", Collection, "application/yaml", Doc() + "---\n" + Doc("other"), 400, "BadRequest", "2 documents"),
        ["a-list"] = new("POST", Collection, "application/yaml", "apiVersion: v1\nkind: List\nitems: []\n", 400, "BadRequest", "list"),
        ["unknown-top-field"] = new("POST", Collection, "application/yaml", Doc(top: "colour: red\n"), 400, "BadRequest", "colour"),
        ["unknown-spec-field"] = new("POST", Collection, "application/yaml", Doc(spec: "  selektor: all()\n"), 400, "BadRequest", "spec.selektor"),
        ["unknown-metadata-field"] = new("POST", Collection, "application/yaml", Doc(metadata: "  owner: me\n"), 400, "BadRequest", "metadata.owner"),
        ["wrong-api-version"] = new("POST", Collection, "application/yaml", Doc().Replace("projectcalico.org/v3", "v1", StringComparison.Ordinal), 422, "Invalid", "apiVersion"),
        ["wrong-kind"] = new("POST", Collection, "application/yaml", Doc().Replace("kind: PacketCapture", "kind: Pod", StringComparison.Ordinal), 422, "Invalid", "kind"),
        ["missing-name"] = new("POST", Collection, "application/yaml", Doc().Replace("  name: bad-input\n", "", StringComparison.Ordinal), 422, "Invalid", "metadata.name"),
        ["name-underscore"] = new("POST", Collection, "application/yaml", Doc("bad_input"), 422, "Invalid", "metadata.name"),
        ["name-uppercase"] = new("POST", Collection, "application/yaml", Doc("BadInput"), 422, "Invalid", "metadata.name"),
        ["name-too-long"] = new("POST", Collection, "application/yaml", Doc(new string('a', 254)), 422, "Invalid", "metadata.name"),
        ["reserved-label"] = new("POST", Collection, "application/yaml", Doc(metadata: "  labels:\n    projectcalico.org/namespace: x\n"), 422, "Invalid", "metadata.labels"),
        ["selector-does-not-parse"] = new("POST", Collection, "application/yaml", Doc(spec: "  selector: k8s-app ==\n"), 422, "Invalid", "spec.selector"),
        ["selector-not-a-string"] = new("POST", Collection, "application/yaml", Doc(spec: "  selector: 42\n"), 422, "Invalid", "spec.selector"),
        ["protocol-lowercase"] = new("POST", Collection, "application/yaml", Doc(spec: Filter("protocol: tcp")), 422, "Invalid", "spec.filters[0].protocol"),
        ["protocol-256"] = new("POST", Collection, "application/yaml", Doc(spec: Filter("protocol: 256")), 422, "Invalid", "spec.filters[0].protocol"),
        ["port-zero"] = new("POST", Collection, "application/yaml", Doc(spec: Filter("ports: [0]")), 422, "Invalid", "spec.filters[0].ports[0]"),
        ["port-70000"] = new("POST", Collection, "application/yaml", Doc(spec: Filter("ports: [70000]")), 422, "Invalid", "spec.filters[0].ports[0]"),
        ["named-port"] = new("POST", Collection, "application/yaml", Doc(spec: Filter("ports: [http]")), 422, "Invalid", "spec.filters[0].ports[0]"),
        ["dash-range"] = new("POST", Collection, "application/yaml", Doc(spec: Filter("ports: ['80-100']")), 422, "Invalid", "spec.filters[0].ports[0]"),
        ["reversed-range"] = new("POST", Collection, "application/yaml", Doc(spec: Filter("ports: ['100:80']")), 422, "Invalid", "spec.filters[0].ports[0]"),
        ["icmp-with-ports"] = new("POST", Collection, "application/yaml", Doc(spec: Filter("{protocol: ICMP, ports: [80]}")), 422, "Invalid", "spec.filters[0].ports"),
        ["start-not-rfc3339"] = new("POST", Collection, "application/yaml", Doc(spec: "  startTime: 'yesterday'\n"), 422, "Invalid", "spec.startTime"),
        ["end-equals-start"] = new("POST", Collection, "application/yaml", Doc(spec: "  startTime: '2021-08-26T12:00:00Z'\n  endTime: '2021-08-26T12:00:00Z'\n"), 422, "Invalid", "spec.endTime"),
        ["end-before-start"] = new("POST", Collection, "application/yaml", Doc(spec: "  startTime: '2021-08-26T12:00:00Z'\n  endTime: '2021-08-26T11:00:00Z'\n"), 422, "Invalid", "spec.endTime"),
        ["too-many-ports"] = new("POST", Collection, "application/yaml", Doc(spec: Filter($"ports: [{string.Join(", ", Enumerable.Range(1, 100))}]")), 422, "Invalid", "spec.filters"),
        ["too-deep"] = new("POST", Collection, "application/json", new string('[', 200) + new string(']', 200), 400, "BadRequest", "body"),
        ["namespace-mismatch"] = new("POST", Collection, "application/yaml", Doc().Replace("namespace: bad", "namespace: other", StringComparison.Ordinal), 400, "BadRequest", "metadata.namespace"),
        ["put-name-mismatch"] = new("PUT", $"{Collection}/existing", "application/yaml", Doc("someone-else"), 400, "BadRequest", "metadata.name"),
        ["put-missing"] = new("PUT", $"{Collection}/missing-one", "application/yaml", Doc("missing-one"), 404, "NotFound", "bad/missing-one", ReachesEntity: true),
        ["post-existing"] = new("POST", Collection, "application/yaml", Doc("existing"), 409, "AlreadyExists", "bad/existing", ReachesEntity: true),
        ["content-type-text"] = new("POST", Collection, "text/plain", Doc(), 415, "UnsupportedMediaType", "text/plain"),
        ["content-type-missing"] = new("POST", Collection, null, Doc(), 415, "UnsupportedMediaType", "Content-Type"),
        ["charset-latin1"] = new("POST", Collection, "application/yaml; charset=iso-8859-1", Doc(), 415, "UnsupportedMediaType", "iso-8859-1"),
        ["not-utf8"] = new("POST", Collection, "application/yaml", null, 400, "BadRequest", "UTF-8", RawBody: [0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]),
        ["huge-body"] = new("POST", Collection, "application/yaml", Doc() + "#" + new string('x', 2 * 1024 * 1024), 413, "RequestEntityTooLarge", "larger than"),
        ["huge-chunked-body"] = new("POST", Collection, "application/yaml", Doc() + "#" + new string('x', 2 * 1024 * 1024), 413, "RequestEntityTooLarge", "larger than", Chunked: true),
        ["namespace-segment"] = new("GET", "/apis/projectcalico.org/v3/namespaces/Team_A/packetcaptures", null, null, 400, "BadRequest", "namespace segment"),
        ["name-segment"] = new("GET", $"{Collection}/Bad_Name", null, null, 400, "BadRequest", "name segment"),
        ["post-namespace-segment"] = new("POST", "/apis/projectcalico.org/v3/namespaces/-x-/packetcaptures", "application/yaml", Doc(), 400, "BadRequest", "namespace segment"),
        ["download-dotdot-etc"] = new("GET", "/download/../../etc/files.zip", null, null, 400, "BadRequest", "\"..\""),
        ["download-dotdot-tail"] = new("GET", "/download/bad/existing/../../x", null, null, 400, "BadRequest", "\"..\""),
        ["download-encoded-dots"] = new("GET", "/download/%2e%2e/%2e%2e/etc/files.zip", null, null, 400, "BadRequest", "%2e"),
        ["download-encoded-slash"] = new("GET", "/download/bad/a%2Fb/files.zip", null, null, 400, "BadRequest", "%2F"),
        ["download-backslash"] = new("GET", "/download/bad\\..\\etc/files.zip", null, null, 400, "BadRequest", "backslash"),
        ["download-extra-segment"] = new("GET", "/download/bad/existing/files.zip/extra", null, null, 400, "BadRequest", "/download/bad/existing/files.zip/extra"),
        ["download-short"] = new("GET", "/download/bad/existing", null, null, 400, "BadRequest", "/download/bad/existing"),
        ["download-not-files-zip"] = new("GET", "/download/bad/existing/files.tar", null, null, 400, "BadRequest", "files.tar"),
        ["download-bad-namespace"] = new("GET", "/download/Bad_NS/existing/files.zip", null, null, 400, "BadRequest", "namespace segment"),
        ["download-bad-name"] = new("GET", "/download/bad/.hidden/files.zip", null, null, 400, "BadRequest", "name segment"),
        ["download-wrong-method"] = new("POST", "/download/bad/existing/files.zip", "application/yaml", "", 400, "BadRequest", "method POST"),
        ["files-extra-segment"] = new("DELETE", "/files/bad/existing/more", null, null, 400, "BadRequest", "/files/bad/existing/more"),
        ["files-dotdot"] = new("DELETE", "/files/bad/../../etc", null, null, 400, "BadRequest", "\"..\""),
        ["files-wrong-method"] = new("GET", "/files/bad/existing", null, null, 400, "BadRequest", "method GET"),
        ["item-wrong-method"] = new("PATCH", $"{Collection}/existing", "application/yaml", Doc("existing"), 405, "MethodNotAllowed", "PATCH"),
        ["collection-wrong-method"] = new("DELETE", Collection, null, null, 405, "MethodNotAllowed", "DELETE"),
        ["all-namespaces-wrong-method"] = new("POST", "/apis/projectcalico.org/v3/packetcaptures", "application/yaml", Doc(), 405, "MethodNotAllowed", "POST"),
        ["unknown-api-route"] = new("GET", "/apis/projectcalico.org/v3/namespaces/bad/widgets", null, null, 404, "NotFound", "/apis/projectcalico.org/v3/namespaces/bad/widgets"),
    };

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Bad_request_gets_a_status_naming_the_problem_and_changes_nothing(string caseName)
    {
        var bad = Cases[caseName];
        await EnsureExistingAsync();
        var eventsBefore = server.CaptureEvents();
        var rowsBefore = server.JournalRows();

        var body = bad.RawBody ?? (bad.Body is null ? null : Encoding.UTF8.GetBytes(bad.Body));
        var response = await RawHttp.SendAsync(server.BaseAddress, bad.Method, bad.Target, ApiServer.AdminToken, bad.ContentType, body, bad.Chunked);

        Assert.Equal(bad.Code, response.Status);
        var status = JsonDocument.Parse(response.Body).RootElement;
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal("Failure", status.GetProperty("status").GetString());
        Assert.Equal(bad.Reason, status.GetProperty("reason").GetString());
        Assert.Equal(bad.Code, status.GetProperty("code").GetInt32());
        var message = status.GetProperty("message").GetString()!;
        Assert.Contains(bad.Named, message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain("   at ", message, StringComparison.Ordinal);

        Assert.Equal(eventsBefore, server.CaptureEvents());
        if (!bad.ReachesEntity)
        {
            // Refused before any command: not even the shard's bookkeeping moved.
            Assert.Equal(rowsBefore, server.JournalRows());
        }
    }

    [Fact]
    public void The_table_covers_at_least_thirty_cases() => Assert.True(Cases.Count >= 30, $"{Cases.Count} cases");

    private async Task EnsureExistingAsync()
    {
        using var client = server.Client();
        using var existing = await client.GetAsync($"{Collection}/existing");
        if (existing.StatusCode == System.Net.HttpStatusCode.OK)
        {
            return;
        }

        using var created = await client.PostAsync(Collection, ApiServer.Yaml(Doc("existing")));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
    }
}
