using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace PacketCapture.Actors.Serialization;

/// <summary>How one message type is stored under one manifest: its JSON shape and the mapping
/// to and from it.</summary>
internal abstract class MessageFormat(Type type, string manifest)
{
    /// <summary>The message type.</summary>
    public Type Type { get; } = type;

    /// <summary>The manifest stored next to the bytes.</summary>
    public string Manifest { get; } = manifest;

    /// <summary>A format for <typeparamref name="TMessage"/> stored as <typeparamref name="TWire"/>.</summary>
    public static MessageFormat Of<TMessage, TWire>(
        string manifest, JsonTypeInfo<TWire> shape, Func<TMessage, TWire> toWire, Func<TWire, TMessage> fromWire)
        where TMessage : class
        where TWire : class =>
        new Typed<TMessage, TWire>(manifest, shape, toWire, fromWire);

    /// <summary>The message as UTF-8 JSON.</summary>
    public abstract byte[] Write(object message);

    /// <summary>The message stored in <paramref name="bytes"/>.</summary>
    /// <exception cref="JsonException">The bytes are not this format.</exception>
    public abstract object Read(ReadOnlySpan<byte> bytes);

    private sealed class Typed<TMessage, TWire>(
        string manifest, JsonTypeInfo<TWire> shape, Func<TMessage, TWire> toWire, Func<TWire, TMessage> fromWire)
        : MessageFormat(typeof(TMessage), manifest)
        where TMessage : class
        where TWire : class
    {
        public override byte[] Write(object message) =>
            JsonSerializer.SerializeToUtf8Bytes(toWire((TMessage)message), shape);

        public override object Read(ReadOnlySpan<byte> bytes) =>
            fromWire(JsonSerializer.Deserialize(bytes, shape) ?? throw new JsonException("the stored value is null"));
    }
}
