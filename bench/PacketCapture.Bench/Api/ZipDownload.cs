using System.Diagnostics;
using System.Net;

namespace PacketCapture.Bench.Api;

/// <summary>What one streamed download of a capture's zip took: bytes, time, and the server's RSS sampled meanwhile.</summary>
internal sealed record ZipDownload(long Received, TimeSpan Elapsed, long PeakRss, int Samples)
{
    /// <summary>GETs <paramref name="path"/> and counts the body through a 128 KiB buffer while sampling
    /// <paramref name="serverProcess"/>'s VmRSS; a non-200 answer throws, naming <paramref name="what"/>.</summary>
    public static async Task<ZipDownload> ReceiveAsync(HttpClient client, string path, int serverProcess, string what)
    {
        var buffer = new byte[128 * 1024];
        long received = 0;
        var clock = Stopwatch.StartNew();
        var sampler = new RssSampler(serverProcess);
        await using (sampler.ConfigureAwait(false))
        {
            using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{what}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await using var body = await response.Content.ReadAsStreamAsync();
            int n;
            while ((n = await body.ReadAsync(buffer)) > 0)
            {
                received += n;
            }

            clock.Stop();
        }

        return new ZipDownload(received, clock.Elapsed, sampler.Peak, sampler.Samples);
    }
}
