using System.Collections.Immutable;
using PacketCapture.Actors.Nodes;

namespace PacketCapture.Host.Endpoints;

/// <summary>What an endpoints file holds: its endpoints when it is valid, otherwise only the errors.</summary>
/// <param name="Endpoints">Every endpoint, by <see cref="WorkloadEndpoint.Id"/>; empty when there are errors.</param>
/// <param name="Errors">One line each, naming the file, the entry and the field.</param>
public sealed record EndpointFileResult(ImmutableSortedDictionary<string, WorkloadEndpoint> Endpoints, ImmutableArray<string> Errors)
{
    /// <summary>No errors: the endpoints may replace the last good set.</summary>
    public bool IsValid => Errors.IsEmpty;
}
