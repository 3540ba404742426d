using PacketCapture.Host.Cli;
using PacketCapture.Host.Cli.Client;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

public sealed class ClientConfigTests
{
    [Fact]
    public void Reads_every_key_and_resolves_file_paths_against_the_config_directory()
    {
        var config = ClientConfig.Parse("/home/u/.config/packetcapture/config.yaml",
            "server: https://pc.example:8444\ntoken: abc\ntokenFile: token\ncaCertificate: /etc/ca.pem\ninsecureSkipTlsVerify: false\n");

        Assert.Equal("https://pc.example:8444", config.Server);
        Assert.Equal("abc", config.Token);
        Assert.Equal("/home/u/.config/packetcapture/token", config.TokenFile);
        Assert.Equal("/etc/ca.pem", config.CaCertificate);
        Assert.False(config.InsecureSkipTlsVerify);
    }

    [Fact]
    public void Empty_file_sets_nothing()
    {
        var config = ClientConfig.Parse("/c.yaml", "# nothing yet\n");

        Assert.Equal(new ClientConfig("/c.yaml"), config);
    }

    [Theory]
    [InlineData("sever: http://x\n", "/c.yaml: sever: unknown setting")]
    [InlineData("server: [a]\n", "/c.yaml: server: must be a string, got a list")]
    [InlineData("token: 12\n", "/c.yaml: token: must be a string, got a number")]
    [InlineData("insecureSkipTlsVerify: yes-please\n", "/c.yaml: insecureSkipTlsVerify: must be true or false, got a string")]
    [InlineData("token: ''\n", "/c.yaml: token: must not be empty")]
    [InlineData("- server\n", "/c.yaml: must be one map of settings")]
    [InlineData("server: [unclosed\n", "/c.yaml: ")]
    public void Bad_config_is_one_line_naming_the_file_and_key(string text, string expected)
    {
        var e = Assert.Throws<UserInputException>(() => ClientConfig.Parse("/c.yaml", text));

        Assert.StartsWith(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }
}
