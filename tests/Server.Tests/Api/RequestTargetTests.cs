using PacketCapture.Host.Api;

namespace PacketCapture.Server.Tests.Api;

public sealed class RequestTargetTests
{
    [Theory]
    [InlineData("/download/../../etc/files.zip", "\"..\" segment")]
    [InlineData("/download/ns/name/../../x", "\"..\" segment")]
    [InlineData("/download/./ns/name/files.zip", "\".\" segment")]
    [InlineData("/download/%2e%2e/%2e%2e/etc/files.zip", "%2e")]
    [InlineData("/download/ns/a%2Fb/files.zip", "%2F")]
    [InlineData("/files/ns/a%00b", "%00")]
    [InlineData("/download/ns\\..\\x/files.zip", "backslash")]
    [InlineData("http://host/download/../x", "\"..\" segment")]
    public void Refuses_dot_segments_encodings_and_backslashes(string raw, string named) =>
        Assert.Contains(named, RequestTarget.Problem(raw), StringComparison.Ordinal);

    [Theory]
    [InlineData("/download/team-a/web.capture-1/files.zip")]
    [InlineData("/apis/projectcalico.org/v3/namespaces/team-a/packetcaptures?watch=false&x=%2e%2e")]
    [InlineData("/files/a/b")]
    public void Lets_plain_paths_through(string raw) => Assert.Null(RequestTarget.Problem(raw));
}
