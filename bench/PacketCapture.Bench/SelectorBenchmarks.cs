using BenchmarkDotNet.Attributes;
using PacketCapture.Actors.Selectors;

namespace PacketCapture.Bench;

/// <summary>
/// Parse and evaluate cost of Calico selectors: the typical selector from the product spec and a
/// twenty-clause one. Labels are chosen so evaluation walks every clause (no early exit).
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
public class SelectorBenchmarks
{
    private const string Typical = "! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}";

    private const string TwentyClauses =
        "app == 'web' && tier in {'frontend', 'edge', 'api'} && env != 'dev' && has(team) && !has(legacy)" +
        " && region starts with 'eu-' && zone ends with '-a' && version not in {'v1', 'v2'} && owner contains 'ops'" +
        " && (canary == 'true' || track in {'stable', 'beta'}) && k8s-app != 'debug' && has(projectcalico.org/namespace)" +
        " && projectcalico.org/namespace == 'shop' && !(phase in {'terminating', 'failed'}) && cost-center starts with 'cc'" +
        " && sla in {'gold', 'silver', 'bronze', 'platinum', 'iron', 'tin', 'lead', 'zinc', 'copper', 'nickel'}" +
        " && owner ends with 'team' && !has(quarantine) && global()";

    private readonly Dictionary<string, string> _typicalLabels = new()
    {
        ["my-label"] = "production",
        ["role"] = "business",
        ["app"] = "web",
    };

    private readonly Dictionary<string, string> _twentyClauseLabels = new()
    {
        ["app"] = "web",
        ["tier"] = "api",
        ["env"] = "prod",
        ["team"] = "payments",
        ["region"] = "eu-west-1",
        ["zone"] = "eu-west-1-a",
        ["version"] = "v3",
        ["owner"] = "ops-team",
        ["track"] = "stable",
        ["k8s-app"] = "web",
        ["projectcalico.org/namespace"] = "shop",
        ["phase"] = "running",
        ["cost-center"] = "cc-42",
        ["sla"] = "gold",
    };

    private Selector _typical = Selector.All;
    private Selector _twentyClauses = Selector.All;

    [GlobalSetup]
    public void Setup()
    {
        _typical = Selector.Parse(Typical);
        _twentyClauses = Selector.Parse(TwentyClauses);
        if (!_typical.Matches(_typicalLabels) || !_twentyClauses.Matches(_twentyClauseLabels))
        {
            throw new InvalidOperationException("Benchmark labels must match, so every clause is evaluated.");
        }
    }

    [Benchmark]
    public Selector ParseTypical() => Selector.Parse(Typical);

    [Benchmark]
    public Selector ParseTwentyClauses() => Selector.Parse(TwentyClauses);

    [Benchmark]
    public bool MatchTypical() => _typical.Matches(_typicalLabels);

    [Benchmark]
    public bool MatchTwentyClauses() => _twentyClauses.Matches(_twentyClauseLabels);
}
