using System.Diagnostics;
using Akka.Actor;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Bench.Actors;

/// <summary>Scenarios 2 and 3: entity recovery and persist throughput on the SQLite journal, beside the bare journal.</summary>
internal static class JournalScenarios
{
    private static readonly EntitySettings WithSnapshots = new() { SnapshotEvery = 100 };
    private static readonly EntitySettings NoSnapshots = new() { SnapshotEvery = 1_000_000_000 };

    public static async Task<IEnumerable<Row>> RecoveryAsync(int events, int repeats)
    {
        await using var member = await BenchMember.StartAsync("recovery");
        var system = member.System;
        var key = new CaptureKey("bench", "recovery");
        var persistenceId = PacketCaptureEntity.PersistenceIdOf(key);
        var actors = 0;

        // Write the stream once, saving a snapshot every 100 events as the product does.
        var writer = system.ActorOf(PacketCaptureEntity.Props(key, WithSnapshots, null), $"writer-{++actors}");
        var created = BenchMember.Succeeded(await ActorBenchmarks.Ask<CaptureReply>(writer,
            new ApplyCapture(BenchMember.Resource("bench", "recovery", "app == 'x'"), BenchMember.By)));
        var generation = created.Resource.Metadata.Generation ?? 1;
        var first = await Count(system, persistenceId, ++actors);
        var writing = Stopwatch.StartNew();
        for (var i = 0; i < events - first; i++)
        {
            writer.Tell(BenchMember.Report(key, generation, i), ActorRefs.NoSender);
        }

        var before = BenchMember.Succeeded(await ActorBenchmarks.Ask<CaptureReply>(writer, new GetCapture(key, BenchMember.By)));
        writing.Stop();
        await writer.GracefulStop(TimeSpan.FromSeconds(30));
        var stored = await Count(system, persistenceId, ++actors);
        Console.WriteLine($"2. wrote {stored} events ({first} from the apply) in {writing.Elapsed.TotalSeconds:0.0} s, one entity");

        var snap = new List<double>();
        var bare = new List<double>();
        var none = new List<double>();
        var same = true;
        for (var r = 0; r < repeats; r++)
        {
            var (ms, view) = await Recover(system, key, WithSnapshots, ++actors);
            snap.Add(ms);
            same &= view == before;
        }

        for (var r = 0; r < repeats; r++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var counted = await Count(system, persistenceId, ++actors);
            bare.Add(Stats.Ms(t0, Stopwatch.GetTimestamp()));
            same &= counted == stored;
        }

        var deleter = system.ActorOf(SnapshotDeleter.Props(persistenceId), $"deleter-{++actors}");
        await ActorBenchmarks.Ask<long>(deleter, CountQuery.Instance);
        await deleter.GracefulStop(TimeSpan.FromSeconds(30));
        for (var r = 0; r < repeats; r++)
        {
            var (ms, view) = await Recover(system, key, NoSnapshots, ++actors);
            none.Add(ms);
            same &= view == before;
        }

        var s = new Stats(snap);
        var n = new Stats(none);
        var b = new Stats(bare);
        Console.WriteLine($"2. recovered view equals the view before the stop, with and without snapshots: {(same ? "yes" : "NO")}");
        var label = $"{ActorBenchmarks.N(stored)} events";
        return
        [
            new Row($"2. entity recovery, {label}, no snapshot", Spread(n, repeats), "≤ 300 ms", n.Median <= 300),
            new Row($"2. entity recovery, {label}, snapshot every 100", Spread(s, repeats), "≤ 20 ms", s.Median <= 20),
            new Row($"2. bare journal replay (count only), {label}", Spread(b, repeats)),
            new Row($"2. recovered view = view before stop (with and without snapshot)", same ? "identical" : "DIFFERENT", "identical", same),
        ];
    }

    public static async Task<IEnumerable<Row>> ThroughputAsync(double targetSeconds)
    {
        const int Entities = 100;
        await using var member = await BenchMember.StartAsync("throughput");
        var system = member.System;
        var keys = Enumerable.Range(0, Entities).Select(i => new CaptureKey("bench", $"tp-{i:D3}")).ToArray();
        var entities = keys.Select((k, i) => system.ActorOf(PacketCaptureEntity.Props(k, WithSnapshots, null), $"tp-{i:D3}")).ToArray();
        var views = await Task.WhenAll(keys.Select((k, i) => ActorBenchmarks.Ask<CaptureReply>(entities[i],
            new ApplyCapture(BenchMember.Resource(k.Namespace, k.Name, "app == 'x'"), BenchMember.By))));
        var generations = views.Select(v => BenchMember.Succeeded(v).Resource.Metadata.Generation ?? 1).ToArray();
        var next = 0;

        async Task<double> Entity(int perEntity)
        {
            var t0 = Stopwatch.GetTimestamp();
            for (var e = 0; e < perEntity; e++)
            {
                for (var i = 0; i < Entities; i++)
                {
                    entities[i].Tell(BenchMember.Report(keys[i], generations[i], next + e), ActorRefs.NoSender);
                }
            }

            next += perEntity;
            await Task.WhenAll(entities.Select((a, i) => ActorBenchmarks.Ask<CaptureReply>(a, new GetCapture(keys[i], BenchMember.By))))
                .WaitAsync(TimeSpan.FromSeconds(targetSeconds * 8));
            return Stats.Ms(t0, Stopwatch.GetTimestamp()) / 1000;
        }

        // Calibrate N so that the measured run lasts about targetSeconds (the first events also warm up).
        const int Calibration = 20;
        var calibrationSeconds = await Entity(Calibration);
        var perEntity = (int)Math.Clamp(Entities * Calibration / calibrationSeconds * targetSeconds / Entities, 20, 20_000);
        var entitySeconds = await Entity(perEntity);
        var entityRate = Entities * perEntity / entitySeconds;
        Console.WriteLine($"3. calibration {Entities}×{Calibration} in {calibrationSeconds:0.0} s; entities {Entities}×{perEntity} in {entitySeconds:0.0} s = {entityRate:N0} events/s");

        var writers = Enumerable.Range(0, Entities).Select(i => system.ActorOf(BareWriter.Props($"bare/{i:D3}"), $"bare-{i:D3}")).ToArray();
        await Task.WhenAll(writers.Select(w => ActorBenchmarks.Ask<long>(w, CountQuery.Instance)));
        var b0 = Stopwatch.GetTimestamp();
        for (var e = 0; e < perEntity; e++)
        {
            foreach (var w in writers)
            {
                w.Tell(WriteOne.Instance, ActorRefs.NoSender);
            }
        }

        var counts = await Task.WhenAll(writers.Select(w => ActorBenchmarks.Ask<long>(w, CountQuery.Instance)))
            .WaitAsync(TimeSpan.FromSeconds(targetSeconds * 8));
        var bareSeconds = Stats.Ms(b0, Stopwatch.GetTimestamp()) / 1000;
        var bareRate = counts.Sum() / bareSeconds;
        Console.WriteLine($"3. bare journal {Entities}×{perEntity} in {bareSeconds:0.0} s = {bareRate:N0} events/s");
        return
        [
            new Row($"3. persist, {Entities} capture entities × {ActorBenchmarks.N(perEntity)} node reports",
                $"{ActorBenchmarks.N(entityRate)} events/s ({entitySeconds:0.0} s)"),
            new Row($"3. persist, bare journal, {Entities} actors × {ActorBenchmarks.N(perEntity)} 16-byte events",
                $"{ActorBenchmarks.N(bareRate)} events/s ({bareSeconds:0.0} s)"),
        ];
    }

    private static string Spread(Stats stats, int repeats) =>
        $"median {Stats.F(stats.Median)} ms (min {Stats.F(stats.Min)}, max {Stats.F(stats.Max)}; {repeats}×)";

    private static async Task<long> Count(ActorSystem system, string persistenceId, int n)
    {
        var counter = system.ActorOf(ReplayCounter.Props(persistenceId), $"counter-{n}");
        var count = await ActorBenchmarks.Ask<long>(counter, CountQuery.Instance);
        await counter.GracefulStop(TimeSpan.FromSeconds(30));
        return count;
    }

    private static async Task<(double Ms, CaptureView View)> Recover(ActorSystem system, CaptureKey key, EntitySettings settings, int n)
    {
        var t0 = Stopwatch.GetTimestamp();
        var entity = system.ActorOf(PacketCaptureEntity.Props(key, settings, null), $"entity-{n}");
        var view = BenchMember.Succeeded(await ActorBenchmarks.Ask<CaptureReply>(entity, new GetCapture(key, BenchMember.By)));
        var ms = Stats.Ms(t0, Stopwatch.GetTimestamp());
        await entity.GracefulStop(TimeSpan.FromSeconds(30));
        return (ms, view);
    }
}
