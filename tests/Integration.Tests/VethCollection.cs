namespace PacketCapture.Integration.Tests;

[CollectionDefinition(Name)]
public sealed class VethCollection : ICollectionFixture<VethNetwork>
{
    public const string Name = "veth";
}
