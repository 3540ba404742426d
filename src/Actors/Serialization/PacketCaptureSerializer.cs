using System.Runtime.Serialization;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;
using PacketCapture.Actors.Captures;

namespace PacketCapture.Actors.Serialization;

/// <summary>
/// Serializes every <see cref="IPacketCaptureMessage"/> (events, snapshots, commands, replies,
/// replicated desired state) as camelCase JSON under a short versioned manifest
/// (<c>cap-created.v1</c>). The bytes name no CLR type, so renaming or moving a class never
/// breaks recovery of an existing journal; only the manifest table and the stored shapes are
/// the contract.
/// </summary>
public sealed class PacketCaptureSerializer : SerializerWithStringManifest
{
    /// <summary>The serializer id stored next to every event and snapshot; never change it.</summary>
    public const int SerializerId = 4100;

    /// <summary>The name the HOCON binds the serializer under.</summary>
    public const string Name = "packetcapture";

    /// <summary>Creates the serializer; Akka.NET calls this when the system starts.</summary>
    /// <param name="system">The actor system.</param>
    public PacketCaptureSerializer(ExtendedActorSystem system)
        : base(system)
    {
    }

    /// <summary>
    /// Registers the serializer, binds <see cref="IPacketCaptureMessage"/> to it and fixes its id.
    /// Combine it with the application's configuration (<c>config.WithFallback(Configuration)</c>).
    /// </summary>
    public static Config Configuration { get; } = ConfigurationFactory.ParseString($$"""
        akka.actor {
          serializers {
            {{Name}} = "{{TypeName(typeof(PacketCaptureSerializer))}}"
          }
          serialization-bindings {
            "{{TypeName(typeof(IPacketCaptureMessage))}}" = {{Name}}
          }
          serialization-identifiers {
            "{{TypeName(typeof(PacketCaptureSerializer))}}" = {{SerializerId}}
          }
        }
        """);

    /// <inheritdoc />
    public override int Identifier => SerializerId;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The type has no stored format.</exception>
    public override string Manifest(object o)
    {
        ArgumentNullException.ThrowIfNull(o);
        return FormatOf(o).Manifest;
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">The type has no stored format.</exception>
    public override byte[] ToBinary(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return FormatOf(obj).Write(obj);
    }

    /// <inheritdoc />
    /// <exception cref="SerializationException">The manifest is unknown, or the bytes are not a
    /// valid message of that manifest.</exception>
    public override object FromBinary(byte[] bytes, string manifest)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (manifest is null || !PacketCaptureManifests.ByManifest.TryGetValue(manifest, out var format))
        {
            throw new SerializationException(
                $"{nameof(PacketCaptureSerializer)} has no format for manifest [{manifest}]");
        }

        try
        {
            return format.Read(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Whatever the bytes hold, recovery and remoting must see one kind of failure that names
            // the manifest (JsonException, the resource reader's errors, a record constructor's
            // argument checks...); the cause stays attached.
            throw new SerializationException($"cannot read a [{manifest}] message: {e.Message}", e);
        }
    }

    private static MessageFormat FormatOf(object message) =>
        PacketCaptureManifests.ByType.TryGetValue(message.GetType(), out var format)
            ? format
            : throw new ArgumentException(
                $"{nameof(PacketCaptureSerializer)} has no format for [{message.GetType()}]", nameof(message));

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
