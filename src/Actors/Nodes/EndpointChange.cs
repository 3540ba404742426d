namespace PacketCapture.Actors.Nodes;

/// <summary>A change to this node's set of workload endpoints.</summary>
public abstract record EndpointChange;

/// <summary>An endpoint appeared, or its labels or interface changed.</summary>
/// <param name="Endpoint">The endpoint as it is now.</param>
public sealed record EndpointUpserted(WorkloadEndpoint Endpoint) : EndpointChange;

/// <summary>An endpoint went away.</summary>
/// <param name="EndpointId">Its <see cref="WorkloadEndpoint.Id"/>.</param>
public sealed record EndpointRemoved(string EndpointId) : EndpointChange;
