using PacketCapture.Actors.Tests.Model;
namespace PacketCapture.Server.Tests.EndToEnd;

/// <summary>Both SPEC.md §1 samples through the real client binary against a real <c>serve</c> process.</summary>
public sealed class ResourceLifeTests(MemberFixture fixture) : IClassFixture<MemberFixture>, IDisposable
{
    private const string Created = "packetcapture.projectcalico.org/sample-capture created";
    private const string Configured = "packetcapture.projectcalico.org/sample-capture configured";

    private const string FirstJson = """
        {
          "apiVersion": "projectcalico.org/v3",
          "kind": "PacketCapture",
          "metadata": {"name": "sample-capture", "namespace": "sample-namespace"},
          "spec": {"selector": "k8s-app == \"sample-app\"", "filters": [{"protocol": "TCP", "ports": [80]}]}
        }
        """;

    private const string SecondJson = """
        {
          "apiVersion": "projectcalico.org/v3",
          "kind": "PacketCapture",
          "metadata": {"name": "sample-capture", "namespace": "sample-namespace"},
          "spec": {"selector": "all()", "startTime": "2021-08-26T12:00:00Z", "endTime": "2021-08-26T12:30:00Z"}
        }
        """;

    private readonly ServedMember _member = fixture.Member;
    private readonly DirectoryInfo _files = Directory.CreateTempSubdirectory("pct-e2e-docs-");

    public void Dispose() => _files.Delete(recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(_files.FullName, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static void Ok(CliRun run, params string[] lines)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(lines, run.OutputLines);
    }

    [Fact]
    public async Task The_sample_file_is_created_then_configured_and_read_back_in_every_output()
    {
        var samples = Path.Combine(VethNetwork.RepositoryRoot(), "k8s", "examples", "sample-captures.yaml");

        Ok(await _member.Cli("apply", "-f", samples), Created, Configured);

        // The second document replaced the spec of the first.
        var stored = await _member.GetAsync("sample-namespace", "sample-capture");
        Assert.Equal(("sample-capture", "sample-namespace", "all()"), (stored.Metadata.Name, stored.Metadata.Namespace, stored.Spec.Selector));
        Assert.Equal(DateTimeOffset.Parse("2021-08-26T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture), stored.Spec.StartTime);
        Assert.Equal(DateTimeOffset.Parse("2021-08-26T12:30:00Z", System.Globalization.CultureInfo.InvariantCulture), stored.Spec.EndTime);
        Assert.Empty(stored.Spec.EffectiveFilters);

        var table = await _member.Cli("get", "-n", "sample-namespace");
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Equal(2, table.OutputLines.Length);
        Assert.Matches(@"^NAME\s+STATE\s+NODES\s+FILES\s+AGE$", table.OutputLines[0]);
        Assert.Matches(@"^sample-capture\s+(WaitingForTraffic|Finished)\s+\d+\s+0\s+\d+s$", table.OutputLines[1]);

        var yaml = await _member.Cli("get", "packetcaptures.p/sample-capture", "-n", "sample-namespace", "-o", "yaml");
        Assert.True(yaml.ExitCode == 0, yaml.ToString());
        var fromYaml = PacketCapture.Actors.Model.ResourceReader.ReadSingle(yaml.Output).Resource;
        Assert.NotNull(fromYaml);
        Assert.Equal(stored.Spec, fromYaml.Spec);
        Assert.Contains("kind: PacketCapture", yaml.Output, StringComparison.Ordinal);

        var wide = await _member.Cli("get", "PacketCaptures", "-n", "sample-namespace", "-o", "wide");
        Assert.True(wide.ExitCode == 0, wide.ToString());
        Assert.Matches(@"^NAME\s+STATE\s+NODES\s+FILES\s+AGE\s+SELECTOR\s+FILTERS\s+START\s+END$", wide.OutputLines[0]);
        Assert.Matches(@"^sample-capture\s+\S+\s+\d+\s+0\s+\S+\s+all\(\)\s+<none>\s+2021-08-26T12:00:00Z\s+2021-08-26T12:30:00Z$", wide.OutputLines[1]);

        var described = await _member.Cli("describe", "sample-capture", "-n", "sample-namespace");
        Assert.True(described.ExitCode == 0, described.ToString());
        Assert.Contains("Name:         sample-capture", described.OutputLines);
        Assert.Contains("Namespace:    sample-namespace", described.OutputLines);
        Assert.Contains("  Selector:   all()", described.OutputLines);
        Assert.Contains("  Start Time: 2021-08-26T12:00:00Z", described.OutputLines);
        Assert.Contains("  End Time:   2021-08-26T12:30:00Z", described.OutputLines);

        Ok(await _member.Cli("delete", "sample-capture", "-n", "sample-namespace"), "packetcapture.projectcalico.org/sample-capture deleted");
        var gone = await _member.Cli("get", "sample-capture", "-n", "sample-namespace");
        Assert.Equal(1, gone.ExitCode);
        Assert.Equal("", gone.Output);
        Assert.Equal(["packetcapture: packetcapture sample-namespace/sample-capture not found"], gone.ErrorLines);
    }

    [Fact]
    public async Task Each_sample_as_its_own_yaml_or_json_file_replaces_the_spec()
    {
        var first = await _member.Cli("apply", "-f", Write("first.yaml", SampleDocuments.First));
        try
        {
            Ok(first, Created);
            var one = await _member.GetAsync("sample-namespace", "sample-capture");
            Assert.Equal("k8s-app == \"sample-app\"", one.Spec.Selector);
            var rule = Assert.Single(one.Spec.EffectiveFilters);
            Assert.Equal("TCP", rule.Protocol?.ToString());
            Assert.Equal("80", Assert.Single(rule.Ports).ToString());

            Ok(await _member.Cli("apply", "-f", Write("second.json", SecondJson)), Configured);
            var two = await _member.GetAsync("sample-namespace", "sample-capture");
            Assert.Equal(("all()", 0), (two.Spec.Selector, two.Spec.EffectiveFilters.Length));
            Assert.NotNull(two.Spec.EndTime);

            Ok(await _member.Cli("apply", "-f", Write("first.json", FirstJson)), Configured);
            Assert.Equal(one.Spec, (await _member.GetAsync("sample-namespace", "sample-capture")).Spec);

            Ok(await _member.CliWithInput(SampleDocuments.Second, "apply", "-f", "-"), Configured);
            Assert.Equal(two.Spec, (await _member.GetAsync("sample-namespace", "sample-capture")).Spec);
        }
        finally
        {
            await _member.Cli("delete", "sample-capture", "-n", "sample-namespace");
        }
    }

    [Fact]
    public async Task Get_all_namespaces_lists_every_namespace_and_an_empty_namespace_says_so()
    {
        Ok(await _member.CliWithInput(SampleDocuments.Second.Replace("sample-namespace", "e2e-a", StringComparison.Ordinal), "apply", "-f", "-"), Created);
        Ok(await _member.CliWithInput(SampleDocuments.First.Replace("  namespace: sample-namespace\n", "", StringComparison.Ordinal), "apply", "-f", "-", "-n", "e2e-b"), Created);
        try
        {
            var all = await _member.Cli("get", "-A");
            Assert.True(all.ExitCode == 0, all.ToString());
            Assert.Matches(@"^NAMESPACE\s+NAME\s+STATE\s+NODES\s+FILES\s+AGE$", all.OutputLines[0]);
            Assert.Contains(all.OutputLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^e2e-a\s+sample-capture\s"));
            Assert.Contains(all.OutputLines, l => System.Text.RegularExpressions.Regex.IsMatch(l, @"^e2e-b\s+sample-capture\s"));

            var byName = await _member.Cli("get", "sample-capture", "-A", "-o", "json");
            Assert.True(byName.ExitCode == 0, byName.ToString());
            Assert.Contains("\"PacketCaptureList\"", byName.Output, StringComparison.Ordinal);

            var empty = await _member.Cli("get", "-n", "e2e-empty");
            Assert.Equal((0, ""), (empty.ExitCode, empty.Output));
            Assert.Equal(["No resources found in e2e-empty namespace."], empty.ErrorLines);
        }
        finally
        {
            await _member.Cli("delete", "sample-capture", "-n", "e2e-a");
            await _member.Cli("delete", "sample-capture", "-n", "e2e-b");
        }
    }
}
