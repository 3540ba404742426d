namespace PacketCapture.Capture.Tests;

/// <summary>Real-traffic tests share one network fixture and run one after another (2 cores, timing checks).</summary>
[CollectionDefinition(Name)]
public sealed class VethCollection : ICollectionFixture<VethNetwork>
{
    public const string Name = "veth";
}
