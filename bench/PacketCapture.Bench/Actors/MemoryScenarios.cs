using Akka.Actor;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Configuration;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Bench.Actors;

/// <summary>Scenario 4: retained memory per idle capture entity and per interface capture actor.</summary>
internal static class MemoryScenarios
{
    public static async Task<IEnumerable<Row>> EntitiesAsync(int count)
    {
        await using var member = await BenchMember.StartAsync("memory-entities");
        var system = member.System;
        var settings = new EntitySettings { SnapshotEvery = 100 };
        var keys = Enumerable.Range(0, count).Select(i => new CaptureKey("bench", $"idle-{i:D4}")).ToArray();

        // Create each capture with one node report (an idle capture as a node leaves it), then stop them all.
        var creating = System.Diagnostics.Stopwatch.StartNew();
        var first = keys.Select((k, i) => system.ActorOf(PacketCaptureEntity.Props(k, settings, null), $"first-{i:D4}")).ToArray();
        var created = await Task.WhenAll(keys.Select((k, i) => ActorBenchmarks.Ask<CaptureReply>(first[i],
            new ApplyCapture(BenchMember.Resource(k.Namespace, k.Name, "app == 'x'"), BenchMember.By))));
        Console.WriteLine($"4. {count} standalone entities (no sharding) created and applied at once in {creating.Elapsed.TotalMilliseconds:N0} ms");
        for (var i = 0; i < count; i++)
        {
            first[i].Tell(BenchMember.Report(keys[i], BenchMember.Succeeded(created[i]).Resource.Metadata.Generation ?? 1, 0), ActorRefs.NoSender);
        }

        await Task.WhenAll(keys.Select((k, i) => ActorBenchmarks.Ask<CaptureReply>(first[i], new GetCapture(k, BenchMember.By))));
        await Task.WhenAll(first.Select(a => a.GracefulStop(TimeSpan.FromSeconds(30))));

        var kept = new IActorRef[count];
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var recovering = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            kept[i] = system.ActorOf(PacketCaptureEntity.Props(keys[i], settings, null), $"idle-{i:D4}");
        }

        var replies = await Task.WhenAll(keys.Select((k, i) => ActorBenchmarks.Ask<CaptureReply>(kept[i], new GetCapture(k, BenchMember.By))));
        Console.WriteLine($"4. {count} standalone entities (3 events each) recovered at once in {recovering.Elapsed.TotalMilliseconds:N0} ms");
        foreach (var reply in replies)
        {
            BenchMember.Succeeded(reply);
        }

        replies = null!;
        var after = GC.GetTotalMemory(forceFullCollection: true);
        GC.KeepAlive(kept);
        var perEntity = (after - baseline) / (double)count;
        Console.WriteLine($"4. {count} idle recovered entities: {after - baseline:N0} B retained, {perEntity:N0} B each");
        return [new Row($"4. memory per idle capture entity ({ActorBenchmarks.N(count)} recovered)", $"{perEntity / 1024:0.0} KB", "≤ 20 KB", perEntity <= 20 * 1024)];
    }

    public static async Task<IEnumerable<Row>> InterfaceActorsAsync(int count)
    {
        await using var member = await BenchMember.StartAsync("memory-actors");
        var system = member.System;
        var log = new SessionLog();
        var endpoints = new ChannelEndpointSource();
        for (var i = 0; i < count; i++)
        {
            endpoints.Upsert(BenchMember.Endpoint($"mem-{i:D4}", $"mem{i:D4}", ("role", "mem"), ("id", $"e{i:D4}")));
        }

        var sink = system.ActorOf(Props.Create<Sink>(), "sink");
        var agent = system.ActorOf(NodeAgent.Props(member.Settings.Node, endpoints, new TimedSessionFactory(log), sink, null), "agent");

        // A capture of the last endpoint (in watch order) starts only once the agent knows every endpoint.
        var warm = log.Started("warm", 1);
        agent.Tell(Desired("warm", $"id == 'e{count - 1:D4}'"), ActorRefs.NoSender);
        await warm.WaitAsync(TimeSpan.FromSeconds(30));

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var started = log.Started("mem", count);
        agent.Tell(Desired("mem", "role == 'mem'"), ActorRefs.NoSender);
        await started.WaitAsync(TimeSpan.FromSeconds(60));
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perActor = (after - baseline) / (double)count;
        Console.WriteLine($"4. {count} interface capture actors via a node agent: {after - baseline:N0} B retained, {perActor:N0} B each");
        return [new Row($"4. memory per InterfaceCaptureActor + scripted session ({ActorBenchmarks.N(count)} via a NodeAgent)", $"{perActor / 1024:0.0} KB", "≤ 50 KB", perActor <= 50 * 1024)];
    }

    /// <summary>The node side of 1b alone: desired captures sent straight to a node agent (no entity, no DData).</summary>
    public static async Task<IEnumerable<Row>> NodeSideAsync(int count)
    {
        await using var member = await BenchMember.StartAsync("node-side");
        var system = member.System;
        var log = new SessionLog();
        var endpoints = new ChannelEndpointSource();
        for (var i = 0; i < count; i++)
        {
            endpoints.Upsert(BenchMember.Endpoint($"solo-{i:D4}", $"solo{i:D4}", ("id", $"e{i:D4}")));
        }

        var sink = system.ActorOf(Props.Create<Sink>(), "sink");
        var agent = system.ActorOf(NodeAgent.Props(member.Settings.Node, endpoints, new TimedSessionFactory(log), sink, null), "agent");
        var warm = log.Started("warm", 1);
        agent.Tell(Desired("warm", $"id == 'e{count - 1:D4}'"), ActorRefs.NoSender);
        await warm.WaitAsync(TimeSpan.FromSeconds(30));

        var desired = Enumerable.Range(0, count).Select(i => Desired($"solo-{i:D4}", $"id == 'e{i:D4}'")).ToArray();
        var waits = desired.Select(d => log.Started(d.Key.Name, 1)).ToArray();
        var sent = new long[count];
        for (var i = 0; i < count; i++)
        {
            sent[i] = System.Diagnostics.Stopwatch.GetTimestamp();
            agent.Tell(desired[i], ActorRefs.NoSender);
        }

        var starts = await Task.WhenAll(waits).WaitAsync(TimeSpan.FromSeconds(300));
        var stats = new Stats(starts.Select((s, i) => Stats.Ms(sent[i], s)));
        Console.WriteLine($"1c. node agent alone, {count} desired captures one by one: p50 {Stats.F(stats.Median)} p99 {Stats.F(stats.P(0.99))} max {Stats.F(stats.Max)} ms");
        return [new Row($"1c. node side only: {ActorBenchmarks.N(count)} desired captures sent straight to a NodeAgent (diagnostic)",
            $"p50 {Stats.F(stats.Median)} / p99 {Stats.F(stats.P(0.99))} / max {Stats.F(stats.Max)} ms")];
    }

    private static DesiredCapture Desired(string name, string selector)
    {
        var resource = BenchMember.Resource("bench", name, selector);
        resource = resource with { Metadata = resource.Metadata with { Generation = 1 } };
        return new DesiredCapture(new CaptureKey("bench", name), resource, 1, false, 0);
    }
}
