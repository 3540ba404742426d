using BenchmarkDotNet.Running;
using PacketCapture.Bench.Actors;
using PacketCapture.Bench.Api;
using PacketCapture.Bench.Members;

// `actors` runs the actor-core harness, `api` the HTTP API harness, `download` the two-member
// download harness and `cluster` the cluster harness (latency distributions and
// one-off measurements, which BenchmarkDotNet's repeated-invocation model does not fit);
// everything else is BenchmarkDotNet.
if (args.Length > 0 && args[0] == "actors")
{
    return await ActorBenchmarks.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "api")
{
    return await ApiBenchmarks.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "download")
{
    return await ClusterDownloadBenchmarks.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "cluster" && OperatingSystem.IsLinux())
{
    return await ClusterBenchmarks.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
