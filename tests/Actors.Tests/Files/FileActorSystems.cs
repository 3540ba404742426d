using Akka.Configuration;
using PacketCapture.Actors.Configuration;

namespace PacketCapture.Actors.Tests.Files;

/// <summary>Configuration for systems that talk over real remoting on loopback (no cluster needed to
/// ask another member's file actor by address), with the members' serializers and stream-ref settings.</summary>
internal static class FileActorSystems
{
    public static Config Remote => ConfigurationFactory.ParseString("""
        akka.actor.provider = remote
        akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
        akka.remote.dot-netty.tcp.port = 0
        akka.loglevel = WARNING
        """).WithFallback(PacketCaptureConfig.Defaults);

    /// <summary>Writes <paramref name="length"/> bytes of a known pattern (byte i is i * 7 mod 251).</summary>
    public static byte[] Pattern(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 7 % 251);
        }

        return bytes;
    }
}
