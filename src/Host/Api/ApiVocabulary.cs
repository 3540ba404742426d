using System.Collections.Immutable;

namespace PacketCapture.Host.Api;

/// <summary>The resources the API authorizes, as the token file and Kubernetes RBAC name them.</summary>
public static class ApiResources
{
    /// <summary>The PacketCapture objects themselves.</summary>
    public const string PacketCaptures = "packetcaptures";

    /// <summary>The captured files (download and clean).</summary>
    public const string Files = "packetcaptures/files";

    /// <summary>Every resource a rule may name; <c>*</c> means all of them.</summary>
    public static ImmutableArray<string> All { get; } = [PacketCaptures, Files];
}

/// <summary>The verbs the API authorizes.</summary>
public static class ApiVerbs
{
    /// <summary>Read one object (or download files).</summary>
    public const string Get = "get";

    /// <summary>Read every object of a namespace (or of all namespaces the user may list in).</summary>
    public const string List = "list";

    /// <summary>Create an object.</summary>
    public const string Create = "create";

    /// <summary>Replace an existing object.</summary>
    public const string Update = "update";

    /// <summary>Delete an object (or clean files).</summary>
    public const string Delete = "delete";

    /// <summary>Every verb a rule may name; <c>*</c> means all of them.</summary>
    public static ImmutableArray<string> All { get; } = [Get, List, Create, Update, Delete];
}
