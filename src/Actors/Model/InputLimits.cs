namespace PacketCapture.Actors.Model;

/// <summary>
/// Bounds on what a reader accepts, checked before or while loading so a hostile or
/// mistaken input costs bounded memory and time. The values are far above any real
/// PacketCapture (the Kubernetes API itself refuses objects over ~1.5 MB).
/// </summary>
public static class InputLimits
{
    /// <summary>Largest input (one file or request body) in bytes.</summary>
    public const int MaxInputBytes = 1024 * 1024;

    /// <summary>Most documents in one input (multi-document YAML or a List).</summary>
    public const int MaxDocuments = 500;

    /// <summary>Most nodes (maps, lists, scalars) in one input.</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Deepest nesting of maps and lists.</summary>
    public const int MaxDepth = 32;

    /// <summary>Most rules in <c>spec.filters</c>.</summary>
    public const int MaxFilters = 64;

    /// <summary>
    /// Most <c>ports</c> entries across all rules of one capture. libpcap's optimiser is
    /// super-linear in the number of port tests: measured here, 64 ranges compile in
    /// ~0.4 s (959 BPF instructions), 128 in ~4 s, 512 ports in ~6 s and 1024 in over a
    /// minute (past the kernel's 4096-instruction limit). Ranges cover the rest.
    /// </summary>
    public const int MaxPorts = 64;

    /// <summary>Most labels or annotations on one object.</summary>
    public const int MaxLabels = 256;

    /// <summary>Longest <c>spec.selector</c> in characters.</summary>
    public const int MaxSelectorLength = 4096;

    /// <summary>Longest annotation value in characters.</summary>
    public const int MaxAnnotationValueLength = 64 * 1024;
}
