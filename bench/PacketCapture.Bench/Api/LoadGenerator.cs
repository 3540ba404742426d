using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using PacketCapture.Bench.Actors;

namespace PacketCapture.Bench.Api;

/// <summary>What one bounded load run measured.</summary>
/// <param name="ServerCpu">CPU time (user + system) the server process used during the run.</param>
internal sealed record LoadResult(int Completed, int Errors, double Seconds, Stats Latency, string? FirstError, TimeSpan ServerCpu)
{
    public double PerSecond => Completed / Seconds;
}

/// <summary>
/// The load generator: <c>workers</c> concurrent loops over one HTTP/1.1 connection pool of the
/// same size, each sending the next request until <c>count</c> are sent or <c>limit</c> has
/// passed, whichever comes first; every response is read to its end and its status checked.
/// </summary>
internal sealed class LoadGenerator : IDisposable
{
    private readonly HttpClient _client;
    private readonly int _workers;
    private readonly int _serverProcess;

    public LoadGenerator(Uri baseAddress, string? token, int workers, int serverProcess)
    {
        _workers = workers;
        _serverProcess = serverProcess;
        _client = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = workers,
            UseCookies = false,
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
        if (token is not null)
        {
            _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        _client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
    }

    public HttpClient Client => _client;

    /// <param name="request">Makes request number i (0-based, distinct per run).</param>
    /// <param name="expected">The status every response must have; anything else is an error.</param>
    public async Task<LoadResult> RunAsync(Func<int, HttpRequestMessage> request, HttpStatusCode expected, int count, TimeSpan limit)
    {
        var next = -1;
        var errors = 0;
        string? firstError = null;
        var cpu = ProcessCpu.Read(_serverProcess);
        var clock = Stopwatch.StartNew();
        var perWorker = new List<double>[_workers];
        var tasks = new Task[_workers];
        for (var w = 0; w < _workers; w++)
        {
            var samples = perWorker[w] = new List<double>(count / _workers + 1);
            tasks[w] = Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count && clock.Elapsed < limit)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    try
                    {
                        using var message = request(i);
                        using var response = await _client.SendAsync(message, HttpCompletionOption.ResponseContentRead).ConfigureAwait(false);
                        if (response.StatusCode != expected)
                        {
                            Interlocked.Increment(ref errors);
                            Interlocked.CompareExchange(ref firstError,
                                $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}", null);
                        }
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        Interlocked.Increment(ref errors);
                        Interlocked.CompareExchange(ref firstError, e.Message, null);
                    }

                    samples.Add(Stats.Ms(t0, Stopwatch.GetTimestamp()));
                }
            });
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        clock.Stop();
        cpu = ProcessCpu.Read(_serverProcess) - cpu;
        var latency = new Stats(perWorker.SelectMany(s => s));
        return new LoadResult(latency.Count - errors, errors, clock.Elapsed.TotalSeconds, latency, firstError, cpu);
    }

    public void Dispose() => _client.Dispose();
}
