using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace PacketCapture.Bench.Api;

/// <summary>
/// <c>api reference-server GET_BYTES APPLY_BYTES</c>: bare Kestrel on 127.0.0.1:0 answering every
/// GET with GET_BYTES of JSON and every POST (body read to the end) with 201 and APPLY_BYTES: no
/// routing, no authentication, no actors, no journal. The ceiling of HTTP on this machine, loaded
/// by the same generator as the real server.
/// </summary>
internal static class ReferenceServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var getBody = Body(int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture));
        var applyBody = Body(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.Run(async context =>
        {
            var post = HttpMethods.IsPost(context.Request.Method);
            if (post)
            {
                await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            }

            var body = post ? applyBody : getBody;
            context.Response.StatusCode = post ? StatusCodes.Status201Created : StatusCodes.Status200OK;
            context.Response.ContentType = "application/json; charset=utf-8";
            context.Response.ContentLength = body.Length;
            await context.Response.Body.WriteAsync(body, context.RequestAborted);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Console.WriteLine($"listening on {address}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static byte[] Body(int length)
    {
        var body = new byte[length];
        Array.Fill(body, (byte)' ');
        if (length >= 2)
        {
            body[0] = (byte)'{';
            body[^1] = (byte)'}';
        }

        return body;
    }
}
