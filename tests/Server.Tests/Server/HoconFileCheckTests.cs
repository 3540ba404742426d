using Akka.Configuration;
using PacketCapture.Host.Server;

namespace PacketCapture.Server.Tests.Server;

public sealed class HoconFileCheckTests
{
    [Theory]
    [InlineData("a {\n b = 1\n", "line 1: '{' is never closed")]
    [InlineData("a = [1, 2", "line 1: '[' is never closed")]
    [InlineData("a = 1 }", "line 1: unexpected '}'")]
    [InlineData("a = [1 }", "line 1: unexpected '}'")]
    [InlineData("a = 1\nb = \"x", "line 2: unterminated string")]
    [InlineData("a = \"\"\"x", "line 1: unterminated \"\"\" string")]
    public void Finds_unbalanced_brackets_and_open_strings(string text, string problem) =>
        Assert.Equal(problem, HoconFileCheck.Structure(text));

    [Theory]
    [InlineData("a { b = \"}{\" } # } unbalanced in a comment\n// ]\n")]
    [InlineData("a = \"\"\"{\n[\"\"\"\nb = [1, {c = 2}]\n")]
    [InlineData("a = \"say \\\"{\\\"\"")]
    [InlineData("akka.loglevel = INFO")]
    public void Accepts_sound_text(string text) =>
        Assert.Null(HoconFileCheck.Structure(text));

    [Theory]
    [InlineData("a = ]", "a")]
    [InlineData("x { y { z = ] } }", "x.y.z")]
    [InlineData("prose without any equals", "prose without any equals")]
    [InlineData("a = 1\nb = {}\nc = [1]\nd = 5s", null)]
    public void Finds_a_key_without_value(string text, string? key) =>
        Assert.Equal(key, HoconFileCheck.KeyWithoutValue(ConfigurationFactory.ParseString(text)));
}
