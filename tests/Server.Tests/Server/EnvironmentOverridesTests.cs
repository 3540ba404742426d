using Akka.Configuration;
using PacketCapture.Host.Server;

namespace PacketCapture.Server.Tests.Server;

public sealed class EnvironmentOverridesTests
{
    [Theory]
    [InlineData("PC_PACKETCAPTURE__NODE__ROTATION_SECONDS", "packetcapture.node.rotation-seconds")]
    [InlineData("PC_PACKETCAPTURE__NODE__MAX_FILES", "packetcapture.node.max-files")]
    [InlineData("PC_AKKA__LOGLEVEL", "akka.loglevel")]
    [InlineData("PC_AKKA__REMOTE__DOT_NETTY__TCP__PORT", "akka.remote.dot-netty.tcp.port")]
    [InlineData("PC_X", "x")]
    [InlineData("PC_A1__B2_C3", "a1.b2-c3")]
    public void Maps_variable_name_to_hocon_path(string variable, string path) =>
        Assert.Equal(path, EnvironmentOverrides.PathOf(variable));

    [Theory]
    [InlineData("PATH")]
    [InlineData("NODE_NAME")]
    [InlineData("PCX_AKKA__LOGLEVEL")]
    [InlineData("pc_akka")]
    public void Ignores_variables_without_the_prefix(string variable) =>
        Assert.Null(EnvironmentOverrides.PathOf(variable));

    [Theory]
    [InlineData("PC_")]
    [InlineData("PC_AKKA__")]
    [InlineData("PC___AKKA")]
    [InlineData("PC_AKKA___LOGLEVEL")]
    [InlineData("PC_AKKA_")]
    [InlineData("PC_AKKA__LOG.LEVEL")]
    [InlineData("PC_AKKA__LOG-LEVEL")]
    [InlineData("PC_AKKA__\"X\"")]
    public void Refuses_a_prefixed_variable_that_names_no_path_naming_it(string variable)
    {
        var error = Assert.Throws<ServerStartException>(() => EnvironmentOverrides.PathOf(variable));
        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Writes_values_as_strings_that_hocon_reads_as_numbers_and_durations()
    {
        var hocon = EnvironmentOverrides.ToHocon(
        [
            new("PC_PACKETCAPTURE__NODE__MAX_FILES", "5"),
            new("PC_PACKETCAPTURE__NODE__ROTATION_INTERVAL", "60s"),
            new("HOME", "/root"),
        ]);
        var config = ConfigurationFactory.ParseString(hocon);

        Assert.Equal(5, config.GetInt("packetcapture.node.max-files"));
        Assert.Equal(TimeSpan.FromSeconds(60), config.GetTimeSpan("packetcapture.node.rotation-interval"));
        Assert.False(config.HasPath("home"));
    }

    [Theory]
    [InlineData("x\" \n packetcapture.node.max-files = 99")]
    [InlineData("a\\\" }, packetcapture { node.max-files = 99 } x = \"")]
    [InlineData("${HOME}")]
    [InlineData("[1, 2]")]
    public void A_value_is_inert_text_never_more_configuration(string value)
    {
        string hocon;
        try
        {
            hocon = EnvironmentOverrides.ToHocon([new("PC_PACKETCAPTURE__NODE__NAME", value)]);
        }
        catch (ServerStartException e)
        {
            // Control characters are refused, naming the variable.
            Assert.Contains("PC_PACKETCAPTURE__NODE__NAME", e.Message, StringComparison.Ordinal);
            return;
        }

        var config = ConfigurationFactory.ParseString(hocon);
        Assert.Equal(value, config.GetString("packetcapture.node.name"));
        Assert.False(config.HasPath("packetcapture.node.max-files"));
    }

    [Fact]
    public void Environment_overrides_the_config_file_which_overrides_the_embedded_default()
    {
        var file = Path.Combine(Path.GetTempPath(), $"pc-config-{Guid.NewGuid():N}.conf");
        File.WriteAllText(file, "packetcapture.node.max-files = 7\npacketcapture.node.counters-interval = 9s\n");
        try
        {
            var layers = ServerConfiguration.Layers(
                new ServerOptions { ConfigFile = file },
                [new("PC_PACKETCAPTURE__NODE__MAX_FILES", "3")]);

            Assert.Equal(3, layers.GetInt("packetcapture.node.max-files"));
            Assert.Equal(TimeSpan.FromSeconds(9), layers.GetTimeSpan("packetcapture.node.counters-interval"));
            Assert.Equal("SQLite.MS", layers.GetString("akka.persistence.journal.sql.provider-name"));
        }
        finally
        {
            File.Delete(file);
        }
    }
}
