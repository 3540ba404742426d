using System.Text.Json.Nodes;

namespace PacketCapture.Server.Tests.Manifests;

/// <summary>One object of a manifest file.</summary>
internal sealed record Manifest(string File, JsonObject Object)
{
    public string? ApiVersion => Object["apiVersion"]?.GetValue<string>();

    public string? Kind => Object["kind"]?.GetValue<string>();

    public string? Name => Object["metadata"]?["name"]?.GetValue<string>();

    public string? Namespace => Object["metadata"]?["namespace"]?.GetValue<string>();

    public override string ToString() => $"{File}: {Kind}/{Name}";
}

/// <summary>The manifests under <c>k8s/</c> of the repository, read as the API server would receive them.</summary>
internal static class ManifestFiles
{
    public const string Kustomization = "kustomization.yaml";

    public static string Directory { get; } = Path.Combine(VethNetwork.RepositoryRoot(), "k8s");

    /// <summary>Relative paths (with <c>/</c>) of every YAML file under <c>k8s/</c>, examples included.</summary>
    public static IReadOnlyList<string> AllYamlFiles() =>
        System.IO.Directory.EnumerateFiles(Directory, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Directory, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Every object of one file (relative to <c>k8s/</c>).</summary>
    public static IReadOnlyList<Manifest> Load(string file) =>
        YamlJson.Documents(File.ReadAllText(Path.Combine(Directory, file)))
            .Select(d => new Manifest(file, d as JsonObject ?? throw new InvalidDataException($"{file}: a document that is not a map")))
            .ToList();

    /// <summary>Every object the kustomization applies, in its order.</summary>
    public static IReadOnlyList<Manifest> Applied() =>
        KustomizationResources().SelectMany(Load).ToList();

    /// <summary>The <c>resources</c> list of <c>k8s/kustomization.yaml</c>.</summary>
    public static IReadOnlyList<string> KustomizationResources() =>
        Load(Kustomization).Single().Object["resources"]!.AsArray().Select(r => r!.GetValue<string>()).ToList();

    /// <summary>The one applied object of this kind and name.</summary>
    public static Manifest Single(string kind, string name) =>
        Applied().Single(m => m.Kind == kind && m.Name == name);

    /// <summary>The CRD's <c>openAPIV3Schema</c> of version v3.</summary>
    public static JsonObject CrdSchema() =>
        CrdVersion()["schema"]!["openAPIV3Schema"]!.AsObject();

    /// <summary>The CRD's version v3.</summary>
    public static JsonObject CrdVersion() =>
        Single("CustomResourceDefinition", "packetcaptures.projectcalico.org")
            .Object["spec"]!["versions"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "v3")!.AsObject();
}
