using PacketCapture.Host.Cli;
using PacketCapture.Host.Cli.Client;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

public sealed class ConnectionResolverTests
{
    private static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;

    private static readonly ClientConfig Config = new("/etc/pc/config.yaml", Server: "https://config.example:9000", Token: "config-token");

    public static TheoryData<string, ConnectionFlags, string[], bool, string> ServerCases => new()
    {
        { "flag wins over all", new ConnectionFlags(Server: "http://flag:1"), ["PACKETCAPTURE_SERVER=http://env:2"], true, "http://flag:1/" },
        { "environment over config", new ConnectionFlags(), ["PACKETCAPTURE_SERVER=http://env:2"], true, "http://env:2/" },
        { "config over default", new ConnectionFlags(), [], true, "https://config.example:9000/" },
        { "default last", new ConnectionFlags(), [], false, "http://127.0.0.1:8444/" },
        { "empty variable is unset", new ConnectionFlags(), ["PACKETCAPTURE_SERVER="], false, "http://127.0.0.1:8444/" },
        { "path prefix kept with a slash", new ConnectionFlags(Server: "https://proxy/pc"), [], false, "https://proxy/pc/" },
    };

    [Theory]
    [MemberData(nameof(ServerCases))]
    public void Server_precedence_is_flag_then_environment_then_config_then_default(string because, ConnectionFlags flags, string[] variables, bool withConfig, string expected)
    {
        var environment = Environment(variables.Select(v => (v.Split('=')[0], v.Split('=', 2)[1])).ToArray());

        var settings = ConnectionResolver.Resolve(flags, environment, withConfig ? Config : null);

        Assert.True(expected == settings.Server.ToString(), $"{because}: got {settings.Server}");
    }

    [Fact]
    public void Token_flag_wins_over_environment_and_config()
    {
        var settings = ConnectionResolver.Resolve(new ConnectionFlags(Token: "flag-token"), Environment(("PACKETCAPTURE_TOKEN", "env-token")), Config);

        Assert.Equal(new TokenSource("flag-token", null, "--token"), settings.Token);
    }

    [Fact]
    public void Token_environment_wins_over_config()
    {
        var settings = ConnectionResolver.Resolve(new ConnectionFlags(), Environment(("PACKETCAPTURE_TOKEN", "env-token")), Config);

        Assert.Equal("env-token", settings.Token.Value);
        Assert.Equal("PACKETCAPTURE_TOKEN", settings.Token.Origin);
    }

    [Fact]
    public void Config_token_wins_over_config_token_file()
    {
        var config = Config with { TokenFile = "/etc/pc/token" };

        var settings = ConnectionResolver.Resolve(new ConnectionFlags(), Environment(), config);

        Assert.Equal("config-token", settings.Token.Value);
    }

    [Fact]
    public void Config_token_file_is_used_when_no_token_is_given()
    {
        var config = new ClientConfig("/etc/pc/config.yaml", TokenFile: "/etc/pc/token");

        var settings = ConnectionResolver.Resolve(new ConnectionFlags(), Environment(), config);

        Assert.Equal(new TokenSource(null, "/etc/pc/token", "/etc/pc/config.yaml: tokenFile"), settings.Token);
    }

    [Theory]
    [InlineData("/srv/pc", "/from-env", "/srv/pc/admin-token")]
    [InlineData(null, "/from-env", "/from-env/admin-token")]
    [InlineData(null, null, "data/admin-token")]
    public void Admin_token_of_the_data_directory_is_the_optional_last_resort(string? dataFlag, string? dataVariable, string expected)
    {
        var environment = dataVariable is null ? Environment() : Environment(("PACKETCAPTURE_DATA", dataVariable));

        var token = ConnectionResolver.Resolve(new ConnectionFlags(DataDirectory: dataFlag), environment, null).Token;

        Assert.Null(token.Value);
        Assert.Equal(expected, token.File);
        Assert.True(token.Optional);
    }

    [Fact]
    public void Tls_settings_come_from_flags_or_config()
    {
        var config = new ClientConfig("c.yaml", CaCertificate: "/etc/pc/ca.pem", InsecureSkipTlsVerify: true);

        var fromConfig = ConnectionResolver.Resolve(new ConnectionFlags(), Environment(), config);
        var fromFlag = ConnectionResolver.Resolve(new ConnectionFlags(CaCertificate: "/tmp/ca.pem"), Environment(), config);

        Assert.Equal(("/etc/pc/ca.pem", true), (fromConfig.CaCertificate, fromConfig.InsecureSkipTlsVerify));
        Assert.Equal("/tmp/ca.pem", fromFlag.CaCertificate);
    }

    [Theory]
    [InlineData("ftp://host", "--server: \"ftp://host\" is not an http:// or https:// URL")]
    [InlineData("127.0.0.1:8444", "--server: \"127.0.0.1:8444\" is not an http:// or https:// URL")]
    [InlineData("http://host/?x=1", "--server: \"http://host/?x=1\" must be a base URL")]
    [InlineData("http://user:pw@host", "--server: \"http://user:pw@host\" must be a base URL")]
    public void Bad_server_url_is_one_line_naming_its_origin(string url, string expected)
    {
        var e = Assert.Throws<UserInputException>(() => ConnectionResolver.Resolve(new ConnectionFlags(Server: url), Environment(), null));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Bad_server_url_from_config_names_the_file_and_key()
    {
        var e = Assert.Throws<UserInputException>(() =>
            ConnectionResolver.Resolve(new ConnectionFlags(), Environment(), new ClientConfig("/home/u/c.yaml", Server: "nope")));

        Assert.StartsWith("/home/u/c.yaml: server: \"nope\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_file_is_flag_then_environment_then_optional_home_default()
    {
        var fromFlag = ConnectionResolver.ConfigFile(new ConnectionFlags(ClientConfig: "/a.yaml"), Environment(("PACKETCAPTURE_CONFIG", "/b.yaml")), "/home/u");
        var fromEnvironment = ConnectionResolver.ConfigFile(new ConnectionFlags(), Environment(("PACKETCAPTURE_CONFIG", "/b.yaml")), "/home/u");
        var fromHome = ConnectionResolver.ConfigFile(new ConnectionFlags(), Environment(), "/home/u");
        var noHome = ConnectionResolver.ConfigFile(new ConnectionFlags(), Environment(), null);

        Assert.Equal(("/a.yaml", true), fromFlag);
        Assert.Equal(("/b.yaml", true), fromEnvironment);
        Assert.Equal(("/home/u/.config/packetcapture/config.yaml", false), fromHome);
        Assert.Equal((null, false), noHome);
    }
}
