using PacketCapture.Host.Server;
using PacketCapture.Server.Tests.Server;

namespace PacketCapture.Server.Tests.Cluster;

/// <summary>What serve's cluster options put into the member's HOCON.</summary>
public sealed class ClusterConfigurationTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Seeds_remote_address_and_the_node_role_are_set_and_the_split_brain_resolver_keeps_the_majority()
    {
        var options = new ServerOptions
        {
            DataDirectory = _temp.File("data"),
            NodeName = "node-7",
            Seeds = ["akka.tcp://packetcapture@10.0.0.1:4053", " akka.tcp://packetcapture@10.0.0.2:4053 "],
            RemoteHost = "10.0.0.7",
            RemotePort = 4053,
        };

        var config = ServerConfiguration.Complete(options, ServerConfiguration.Layers(options, [])).Config;

        Assert.Equal(["akka.tcp://packetcapture@10.0.0.1:4053", "akka.tcp://packetcapture@10.0.0.2:4053"], config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("10.0.0.7", config.GetString("akka.remote.dot-netty.tcp.hostname"));
        Assert.Equal(4053, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Contains("node:node-7", config.GetStringList("akka.cluster.roles"));
        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        Assert.Equal("keep-majority", config.GetString("akka.cluster.split-brain-resolver.active-strategy"));
    }

    [Fact]
    public void Without_seeds_the_member_keeps_the_lone_default_and_the_sqlite_journal()
    {
        var options = new ServerOptions { DataDirectory = _temp.File("data"), NodeName = "solo" };

        var config = ServerConfiguration.Complete(options, ServerConfiguration.Layers(options, [])).Config;

        Assert.Empty(config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("SQLite.MS", config.GetString("akka.persistence.journal.sql.provider-name"));
        Assert.Equal(["capture", "node:solo"], config.GetStringList("akka.cluster.roles"));
    }

    [Fact]
    public async Task Postgres_sets_the_journal_snapshots_and_read_journal_to_the_one_connection()
    {
        await using var postgres = await PostgresServer.StartNewAsync();
        var options = new ServerOptions { DataDirectory = _temp.File("data"), PostgresConnectionString = postgres.ConnectionString };

        var config = ServerConfiguration.Complete(options, ServerConfiguration.Layers(options, [])).Config;

        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            Assert.Equal("PostgreSQL.15", config.GetString($"{plugin}.provider-name"));
            Assert.Equal(postgres.ConnectionString, config.GetString($"{plugin}.connection-string"));
        }

        Assert.Equal("Csv", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        Assert.False(File.Exists(options.JournalPath), "no SQLite file with PostgreSQL");
    }

    [Fact]
    public void Cluster_option_variables_are_not_configuration_paths()
    {
        var text = EnvironmentOverrides.ToHocon([new("PC_POSTGRES", "Host=x"), new("PC_SEEDS", "a,b"), new("PC_JOURNAL", "postgres")]);

        Assert.Equal("", text);
    }

    [Theory]
    [InlineData("--journal", "mysql", "--journal mysql: expected sqlite or postgres")]
    [InlineData("--remote-port", "70000", "--remote-port 70000: expected 0-65535")]
    [InlineData("--remote-host", "a b", "--remote-host 'a b': expected a host name or IP address")]
    public void A_wrong_cluster_option_is_one_line_naming_it(string option, string value, string message)
    {
        var options = option switch
        {
            "--journal" => new ServerOptions { Journal = value },
            "--remote-port" => new ServerOptions { RemotePort = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) },
            _ => new ServerOptions { RemoteHost = value },
        };

        var error = Assert.Throws<ServerStartException>(() => ServerConfiguration.Layers(options, []));

        Assert.Equal(message, error.Message);
    }
}
