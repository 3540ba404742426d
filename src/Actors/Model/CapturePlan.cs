using PacketCapture.Actors.Filters;
using PacketCapture.Actors.Selectors;

namespace PacketCapture.Actors.Model;

/// <summary>
/// What a valid capture means on a node: the selector as written (parsed), the selector
/// nodes actually evaluate (scoped to the capture's namespace, SPEC.md §3) and the
/// libpcap filter its sessions use.
/// </summary>
public sealed record CapturePlan(Selector Selector, Selector EffectiveSelector, string BpfFilter)
{
    /// <summary>The plan of a validated resource.</summary>
    /// <exception cref="SelectorParseException">The resource was not validated.</exception>
    public static CapturePlan For(PacketCaptureResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var selector = Selector.Parse(resource.Spec.Selector ?? "");
        return new CapturePlan(
            selector,
            selector.ScopedToNamespace(resource.Metadata.Namespace),
            BpfFilterCompiler.Compile(resource.Spec.EffectiveFilters));
    }
}
