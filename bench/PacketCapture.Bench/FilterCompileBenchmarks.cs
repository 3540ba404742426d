using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using PacketCapture.Actors.Filters;
using PacketCapture.Actors.Model;

namespace PacketCapture.Bench;

/// <summary>spec.filters → BPF expression: the sample rule, and a large spec of 16 rules × 8 ports.</summary>
[MemoryDiagnoser]
public class FilterCompileBenchmarks
{
    private ImmutableArray<CaptureFilter> _sample;
    private ImmutableArray<CaptureFilter> _large;

    [GlobalSetup]
    public void Setup()
    {
        CaptureProtocol.TryFromName("TCP", out var tcp);
        CaptureProtocol.TryFromName("UDP", out var udp);
        _sample = [new CaptureFilter { Protocol = tcp, Ports = [PortSpec.Single(80)] }];
        _large = [.. Enumerable.Range(0, 16).Select(i => new CaptureFilter
        {
            Protocol = i % 2 == 0 ? tcp : udp,
            Ports = [.. Enumerable.Range(0, 8).Select(p => p % 3 == 0 ? PortSpec.Range(1000 + (i * 100) + p, 1050 + (i * 100) + p) : PortSpec.Single(80 + (i * 10) + p))],
        })];
    }

    [Benchmark(Baseline = true)]
    public string CompileSample() => BpfFilterCompiler.Compile(_sample);

    [Benchmark]
    public string CompileLarge() => BpfFilterCompiler.Compile(_large);
}
