using PacketCapture.Actors.Selectors;
using Xunit;

namespace PacketCapture.Actors.Tests.Selectors;

public sealed class SelectorAllocationTests
{
    internal const string Typical = "! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}";

    internal const string TwentyClauses =
        "app == 'web' && tier in {'frontend', 'edge', 'api'} && env != 'dev' && has(team) && !has(legacy)" +
        " && region starts with 'eu-' && zone ends with '-a' && version not in {'v1', 'v2'} && owner contains 'ops'" +
        " && (canary == 'true' || track in {'stable', 'beta'}) && k8s-app != 'debug' && has(projectcalico.org/namespace)" +
        " && projectcalico.org/namespace == 'shop' && !(phase in {'terminating', 'failed'}) && cost-center starts with 'cc'" +
        " && sla in {'gold', 'silver', 'bronze', 'platinum', 'iron', 'tin', 'lead', 'zinc', 'copper', 'nickel'}" +
        " && owner ends with 'team' && !has(quarantine) && global()";

    private const int Evaluations = 100_000;

    private static readonly Dictionary<string, string>[] Endpoints =
    [
        LabelSet.Of(""),
        LabelSet.Of("my-label=production, role=frontend"),
        LabelSet.Of("my-label=staging, role=frontend"),
        LabelSet.Of("my-label=production, role=backend"),
        LabelSet.Of(
            "app=web, tier=api, env=prod, team=payments, region=eu-west-1, zone=eu-west-1-a, version=v3, owner=ops-team," +
            " track=stable, k8s-app=web, projectcalico.org/namespace=shop, phase=running, cost-center=cc-42, sla=gold"),
        LabelSet.Of("app=web, tier=api, env=prod, team=payments, region=us-east-1"),
    ];

    [Theory]
    [InlineData(Typical)]
    [InlineData(TwentyClauses)]
    public void Matches_does_not_allocate(string text)
    {
        var selector = Selector.Parse(text);
        var matched = 0;
        for (var i = 0; i < 1_000; i++)
        {
            matched += selector.Matches(Endpoints[i % Endpoints.Length]) ? 1 : 0;
        }

        // The runtime itself may allocate a few bytes on this thread once (tiered JIT promoting the
        // evaluator mid-loop, more likely while other tests load the machine). An allocation per
        // evaluation shows in every round; a one-off does not, so a round with 0 bytes must come.
        var rounds = new List<long>();
        for (var round = 0; round < 5 && (rounds.Count == 0 || rounds[^1] != 0); round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < Evaluations; i++)
            {
                matched += selector.Matches(Endpoints[i % Endpoints.Length]) ? 1 : 0;
            }

            rounds.Add(GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.True(rounds[^1] == 0, $"bytes allocated per round of {Evaluations} evaluations: {string.Join(", ", rounds)}");
        Assert.InRange(matched, 1, 1_000 + (5 * Evaluations) - 1);
    }

    [Fact]
    public void Twenty_clause_selector_matches_an_endpoint_with_every_label_right()
    {
        var selector = Selector.Parse(TwentyClauses);

        // Twenty match clauses: nineteen && operands, one of them an || of two.
        Assert.Equal(19, Assert.IsType<AndNode>(selector.Root).Operands.Length);
        Assert.True(selector.Matches(Endpoints[4]));
        Assert.False(selector.Matches(Endpoints[5]));
    }
}
