using System.Net;
using PacketCapture.Host.Cli;
using PacketCapture.Host.Cli.Client;
using Xunit;

namespace PacketCapture.Host.Tests.Client;

public sealed class StatusErrorTests
{
    [Fact]
    public void Kubernetes_status_gives_its_message()
    {
        const string body = """{"kind":"Status","apiVersion":"v1","status":"Failure","message":"packetcaptures.projectcalico.org \"web\" not found","reason":"NotFound","code":404}""";

        Assert.Equal("packetcaptures.projectcalico.org \"web\" not found", StatusError.Message(HttpStatusCode.NotFound, body));
    }

    [Fact]
    public void Other_bodies_give_the_code_and_the_body_on_one_line()
    {
        Assert.Equal("the server answered 502 Bad Gateway: upstream down since 10:00", StatusError.Message(HttpStatusCode.BadGateway, "upstream\r\ndown   since\t10:00\n"));
        Assert.Equal("the server answered 403 Forbidden", StatusError.Message(HttpStatusCode.Forbidden, ""));
        Assert.Equal("the server answered 400 Bad Request: {\"kind\":\"Status\"}", StatusError.Message(HttpStatusCode.BadRequest, "{\"kind\":\"Status\"}"));
    }

    [Fact]
    public void A_long_body_is_cut()
    {
        var message = StatusError.Message(HttpStatusCode.InternalServerError, new string('x', 10_000));

        Assert.True(message.Length < 600, $"{message.Length} characters");
        Assert.EndsWith("…", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, ExitCodes.InvalidInput)]
    [InlineData(HttpStatusCode.Unauthorized, ExitCodes.InvalidInput)]
    [InlineData(HttpStatusCode.NotFound, ExitCodes.InvalidInput)]
    [InlineData(HttpStatusCode.InternalServerError, ExitCodes.Unavailable)]
    [InlineData(HttpStatusCode.ServiceUnavailable, ExitCodes.Unavailable)]
    public void Refusals_are_the_users_to_fix_and_failures_are_unavailable(HttpStatusCode code, int exitCode)
    {
        Assert.Equal(exitCode, StatusError.ExitCode(code));
    }
}
