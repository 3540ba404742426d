using Akka.Actor;
using PacketCapture.Actors.Captures;
using PacketCapture.Actors.Serialization;

namespace PacketCapture.Actors.Tests.Serialization;

/// <summary>One actor system (configured with the serializer) shared by tests that only need a
/// serializer instance: starting a system per test case would dominate the run time.</summary>
public sealed class SerializerFixture : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("serializer-fixture", PacketCaptureSerializer.Configuration);

    /// <summary>The serializer as the system built it.</summary>
    public PacketCaptureSerializer Serializer =>
        (PacketCaptureSerializer)_system.Serialization.FindSerializerForType(typeof(IPacketCaptureMessage));

    /// <inheritdoc />
    public void Dispose() => _system.Dispose();
}
