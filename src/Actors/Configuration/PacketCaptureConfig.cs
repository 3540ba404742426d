using System.Reflection;
using Akka.Configuration;

namespace PacketCapture.Actors.Configuration;

/// <summary>The HOCON every member starts from: <c>hocon/packetcapture.conf</c>, embedded in this assembly.</summary>
public static class PacketCaptureConfig
{
    private static readonly Lazy<Config> Embedded = new(() => Load("packetcapture.conf"));
    private static readonly Lazy<Config> EmbeddedStandalone = new(() => Load("standalone.conf"));

    /// <summary>The defaults (<c>hocon/packetcapture.conf</c>) with the serializer bindings.</summary>
    public static Config Defaults => Embedded.Value;

    /// <summary>The embedded one-member default (<c>hocon/standalone.conf</c>) over <see cref="Defaults"/>.</summary>
    public static Config Standalone => EmbeddedStandalone.Value.WithFallback(Defaults);

    private static Config Load(string name)
    {
        var assembly = typeof(PacketCaptureConfig).Assembly;
        using var stream = assembly.GetManifestResourceStream($"PacketCapture.hocon.{name}")
            ?? throw new InvalidOperationException($"embedded hocon/{name} is missing from {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return ConfigurationFactory.ParseString(reader.ReadToEnd());
    }
}
