using PacketCapture.Host.Cli;
using PacketCapture.Host.Cli.Client;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

public sealed class ResourceTypeTests
{
    [Theory]
    [InlineData("packetcapture")]
    [InlineData("packetcaptures")]
    [InlineData("packetcapture.projectcalico.org")]
    [InlineData("packetcaptures.projectcalico.org")]
    [InlineData("packetcapture.p")]
    [InlineData("packetcaptures.p")]
    [InlineData("PacketCaptures")]
    [InlineData("PACKETCAPTURE.PROJECTCALICO.ORG")]
    [InlineData("PacketCaptures.P")]
    public void Every_spec_name_is_accepted_in_any_case(string type)
    {
        Assert.True(ResourceType.IsName(type));
        Assert.Null(ResourceType.NameForGet([type]));
        Assert.Equal("web", ResourceType.NameForGet([type, "web"]));
        Assert.Equal("web", ResourceType.NameForGet([$"{type}/web"]));
        Assert.Equal("web", ResourceType.NameRequired([$"{type}/web"]));
        Assert.Equal("web", ResourceType.NameRequired([type, "web"]));
    }

    [Theory]
    [InlineData("foo")]
    [InlineData("pods")]
    [InlineData("pc")]
    [InlineData("packetcapture.projectcalico")]
    [InlineData("packetcaptures.projectcalico.org.")]
    [InlineData("networkpolicies.p")]
    public void Other_types_are_rejected_in_one_line(string type)
    {
        var alone = Assert.Throws<UserInputException>(() => ResourceType.NameForGet([type, "web"]));
        var slashed = Assert.Throws<UserInputException>(() => ResourceType.NameRequired([$"{type}/web"]));
        var separate = Assert.Throws<UserInputException>(() => ResourceType.NameRequired([type, "web"]));

        var expected = $"unknown resource type \"{type}\" (use packetcaptures)";
        Assert.Equal(expected, alone.Message);
        Assert.Equal(expected, slashed.Message);
        Assert.Equal(expected, separate.Message);
    }

    [Theory]
    [InlineData("web")]
    [InlineData("pods")]
    public void A_lone_word_that_is_not_a_type_name_is_a_capture_name(string word) =>
        Assert.Equal(word, ResourceType.NameForGet([word]));

    [Fact]
    public void No_arguments_to_get_lists()
    {
        Assert.Null(ResourceType.NameForGet([]));
    }

    [Fact]
    public void A_lone_word_is_a_name_for_describe_and_delete()
    {
        Assert.Equal("web", ResourceType.NameRequired(["web"]));
    }

    [Theory]
    [InlineData(new string[0], "a capture NAME is required")]
    [InlineData(new[] { "packetcaptures" }, "a capture NAME is required after \"packetcaptures\"")]
    [InlineData(new[] { "packetcaptures/" }, "\"packetcaptures/\": the NAME after \"/\" is missing")]
    [InlineData(new[] { "packetcaptures/a", "b" }, "\"packetcaptures/a\": give TYPE/NAME or TYPE NAME, not both")]
    [InlineData(new[] { "packetcaptures", "a", "b" }, "expected [TYPE] NAME, got more arguments")]
    public void Malformed_arguments_say_what_is_missing(string[] arguments, string expected)
    {
        var e = Assert.Throws<UserInputException>(() => ResourceType.NameRequired(arguments));

        Assert.Equal(expected, e.Message);
    }
}
