using System.Collections.Frozen;
using System.Runtime.Serialization;
using System.Text.Json;
using System.Text.Json.Serialization;
using PacketCapture.Actors.Model;

namespace PacketCapture.Actors.Serialization;

/// <summary>Times as RFC 3339 strings with their offset (<c>2026-11-25T10:00:00.5+02:00</c>), the way
/// the resource writes them; the offset is kept, not normalised to UTC, so the audit trail shows the
/// time as the user or node gave it.</summary>
internal sealed class Rfc3339Converter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected an RFC 3339 time string, got {reader.TokenType}");
        }

        var text = reader.GetString()!;
        return Rfc3339.TryParse(text, out var time)
            ? time
            : throw new JsonException($"\"{text}\" is not an RFC 3339 time with an offset");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Rfc3339.Format(value));
}

/// <summary>Enum values by their exact member names. Stricter than the framework's string converter:
/// numbers and case variants are refused, so a journal holds only names and a corrupt value fails
/// the read instead of becoming an undefined enum value.</summary>
internal sealed class EnumNameConverter<TEnum> : JsonConverter<TEnum>
    where TEnum : struct, Enum
{
    // A handful of members: comparing the raw UTF-8 against each name beats allocating a string.
    private static readonly (JsonEncodedText Name, TEnum Value)[] Members =
        [.. Enum.GetValues<TEnum>().Select(v => (JsonEncodedText.Encode(v.ToString()), v))];

    private static readonly FrozenDictionary<TEnum, JsonEncodedText> Names =
        Members.ToFrozenDictionary(m => m.Value, m => m.Name);

    private static string Expected => string.Join(", ", Members.Select(m => m.Name.Value));

    public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected one of {Expected}, got {reader.TokenType}");
        }

        foreach (var (name, value) in Members)
        {
            if (reader.ValueTextEquals(name.EncodedUtf8Bytes))
            {
                return value;
            }
        }

        throw new JsonException($"\"{reader.GetString()}\" is not one of {Expected}");
    }

    public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options)
    {
        if (!Names.TryGetValue(value, out var name))
        {
            throw new JsonException($"{value} is not a named value");
        }

        writer.WriteStringValue(name);
    }
}

/// <summary>A PacketCaptureResource as its Kubernetes JSON (what <c>kubectl get -o json</c> shows),
/// written and read by the resource model itself so the journal holds exactly what users apply.
/// Reading validates again: a stored resource that no longer validates fails the read loudly
/// rather than recovering into a state the rules never allowed.</summary>
internal sealed class ResourceConverter : JsonConverter<PacketCaptureResource>
{
    public override PacketCaptureResource Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"expected a PacketCapture object, got {reader.TokenType}");
        }

        using var document = JsonDocument.ParseValue(ref reader);
        var result = ResourceReader.ReadSingle(document.RootElement.GetRawText());
        return result.IsValid
            ? result.Resource!
            : throw new SerializationException(
                $"stored PacketCapture {result.Identity} does not read back: {string.Join("; ", result.Errors)}");
    }

    public override void Write(Utf8JsonWriter writer, PacketCaptureResource value, JsonSerializerOptions options) =>
        writer.WriteRawValue(ResourceWriter.ToJson(value, indented: false), skipInputValidation: true);
}
