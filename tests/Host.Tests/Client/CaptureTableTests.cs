using PacketCapture.Actors.Model;
using PacketCapture.Host.Cli.Client;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

public sealed class CaptureTableTests
{
    [Fact]
    public void Table_shows_name_overall_state_nodes_files_and_age()
    {
        var table = CaptureTable.Render([SampleCaptures.Web, SampleCaptures.All], allNamespaces: false, wide: false, SampleCaptures.Now);

        Assert.Equal(
            """
            NAME         STATE               NODES   FILES   AGE
            web          Capturing           2       3       3m20s
            everything   WaitingForTraffic   0       0       <unknown>

            """,
            table);
    }

    [Fact]
    public void All_namespaces_puts_the_namespace_first()
    {
        var lines = CaptureTable.Render([SampleCaptures.Web], allNamespaces: true, wide: false, SampleCaptures.Now).Split('\n');

        Assert.StartsWith("NAMESPACE   NAME   STATE", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("shop        web    Capturing", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Wide_adds_selector_filters_and_times()
    {
        var lines = CaptureTable.Render([SampleCaptures.Web, SampleCaptures.All], allNamespaces: false, wide: true, SampleCaptures.Now).Split('\n');

        Assert.EndsWith("SELECTOR       FILTERS                 START                  END", lines[0], StringComparison.Ordinal);
        Assert.EndsWith("app == \"web\"   TCP[80,8000:8080]|UDP   2021-08-26T12:00:00Z   2021-08-26T12:30:00Z", lines[1], StringComparison.Ordinal);
        Assert.EndsWith("all()          <none>                  <none>                 <none>", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Columns_line_up_whatever_the_name_lengths()
    {
        var longName = SampleCaptures.All with { Metadata = SampleCaptures.All.Metadata with { Name = "a-rather-long-capture-name" } };

        var lines = CaptureTable.Render([SampleCaptures.Web, longName], false, false, SampleCaptures.Now).TrimEnd('\n').Split('\n');

        var stateColumn = lines[0].IndexOf("STATE", StringComparison.Ordinal);
        Assert.All(lines.Skip(1), line => Assert.NotEqual(' ', line[stateColumn]));
        Assert.All(lines.Skip(1), line => Assert.Equal(' ', line[stateColumn - 1]));
    }

    [Theory]
    [InlineData(new[] { CaptureState.Capturing, CaptureState.Error, CaptureState.Finished }, CaptureState.Error)]
    [InlineData(new[] { CaptureState.Finished, CaptureState.Capturing, CaptureState.WaitingForTraffic }, CaptureState.Capturing)]
    [InlineData(new[] { CaptureState.Scheduled, CaptureState.WaitingForTraffic }, CaptureState.WaitingForTraffic)]
    [InlineData(new[] { CaptureState.Finished, CaptureState.Scheduled }, CaptureState.Scheduled)]
    [InlineData(new[] { CaptureState.Finished, CaptureState.Finished }, CaptureState.Finished)]
    public void Overall_state_error_wins_then_most_active_finished_only_when_all_are(CaptureState[] nodes, CaptureState expected)
    {
        var capture = SampleCaptures.WithStates([.. nodes.Select(s => (CaptureState?)s)]);

        Assert.Equal(expected, CaptureSummary.State(capture));
    }

    [Fact]
    public void Nodes_without_a_state_do_not_count()
    {
        Assert.Equal(CaptureState.Finished, CaptureSummary.State(SampleCaptures.WithStates(CaptureState.Finished, null)));
    }

    [Theory]
    [InlineData(0, "0s")]
    [InlineData(119, "119s")]
    [InlineData(200, "3m20s")]
    [InlineData(540, "9m")]
    [InlineData(3 * 3600 - 1, "179m")]
    [InlineData(3 * 3600 + 15 * 60, "3h15m")]
    [InlineData(30 * 3600, "30h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(400 * 86400, "400d")]
    [InlineData(3 * 365 * 86400 + 5 * 86400, "3y5d")]
    [InlineData(-5, "0s")]
    public void Age_is_shown_in_at_most_two_units(long seconds, string expected)
    {
        Assert.Equal(expected, CaptureSummary.Duration(TimeSpan.FromSeconds(seconds)));
    }
}
