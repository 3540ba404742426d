using System.Collections.Immutable;
using System.Globalization;

namespace PacketCapture.Actors.Model;

/// <summary>
/// Reads PacketCapture documents (YAML, multi-document YAML, JSON, <c>kind: List</c>) into
/// <see cref="PacketCaptureResource"/>s, checking shape (fields, types) while binding and
/// then every rule of <see cref="PacketCaptureValidator"/>; all problems of a document are
/// reported together, each with its field path.
/// </summary>
public static class ResourceReader
{
    private static readonly string[] TopFields = ["apiVersion", "kind", "metadata", "spec", "status"];
    private static readonly string[] ListFields = ["apiVersion", "kind", "metadata", "items"];
    private static readonly string[] MetadataFields =
        ["name", "namespace", "labels", "annotations", "uid", "resourceVersion", "generation", "creationTimestamp"];
    private static readonly string[] SpecFields = ["selector", "filters", "startTime", "endTime"];
    private static readonly string[] FilterFields = ["protocol", "ports"];
    private static readonly string[] StatusFields = ["files"];
    private static readonly string[] FilesFields = ["node", "directory", "fileNames", "state"];

    /// <summary>Reads every document of <paramref name="text"/>, expanding lists into their items.</summary>
    /// <exception cref="DocumentFormatException">The input as a whole is malformed, empty or over a limit.</exception>
    public static IReadOnlyList<DocumentResult> Read(string text)
    {
        var documents = DocumentLoader.Load(text);
        if (documents.Count == 0)
        {
            throw new DocumentFormatException("the input holds no document");
        }

        var results = new List<DocumentResult>();
        for (var i = 0; i < documents.Count; i++)
        {
            var origin = documents.Count == 1 ? "document" : $"document {i + 1}";
            if (IsList(documents[i], out var list))
            {
                ReadList(list, origin, results);
            }
            else
            {
                results.Add(Bind(documents[i], origin));
            }

            if (results.Count > InputLimits.MaxDocuments)
            {
                throw new DocumentFormatException($"input holds more than {InputLimits.MaxDocuments} PacketCaptures");
            }
        }

        return results;
    }

    /// <summary>Reads exactly one PacketCapture (an API request body, a watch event).</summary>
    /// <exception cref="DocumentFormatException">The input is malformed or holds other than one document.</exception>
    public static DocumentResult ReadSingle(string text)
    {
        var documents = DocumentLoader.Load(text);
        return documents.Count switch
        {
            0 => throw new DocumentFormatException("the input holds no document"),
            1 when !IsList(documents[0], out _) => Bind(documents[0], "document"),
            _ => throw new DocumentFormatException("expected one PacketCapture, got several documents or a list"),
        };
    }

    /// <summary>Reads a bare list of filter rules (the shape of <c>spec.filters</c>).</summary>
    /// <exception cref="DocumentFormatException">The input is malformed or not one document.</exception>
    public static (ImmutableArray<CaptureFilter> Filters, ImmutableArray<FieldError> Errors) ReadFilters(string text)
    {
        var documents = DocumentLoader.Load(text);
        if (documents.Count != 1)
        {
            throw new DocumentFormatException("expected one list of filter rules");
        }

        var binding = new Binding();
        var filters = binding.Filters(documents[0], "filters");
        foreach (var error in PacketCaptureValidator.ValidateFilters(filters, "filters"))
        {
            binding.Errors.Add(error);
        }

        return (filters, [.. binding.Errors]);
    }

    private static bool IsList(DocumentNode node, out MapNode list)
    {
        list = (node as MapNode)!;
        return node is MapNode map &&
               Field(map, "kind") is ScalarNode { Text: "List" or PacketCaptureResource.ListKind, Kind: ScalarKind.String };
    }

    private static void ReadList(MapNode list, string origin, List<DocumentResult> results)
    {
        var binding = new Binding();
        binding.CheckFields(list, "", ListFields, "a list");
        var kind = ((ScalarNode)Field(list, "kind")!).Text;
        var expectedVersion = kind == "List" ? "v1" : PacketCaptureResource.ApiVersion;
        var version = binding.String(Field(list, "apiVersion"), "apiVersion");
        if (version is null)
        {
            binding.Add("apiVersion", "is required");
        }
        else if (version != expectedVersion)
        {
            binding.Add("apiVersion", $"a {kind} must have apiVersion \"{expectedVersion}\", got \"{version}\"");
        }

        var items = Field(list, "items");
        if (items is not ListNode itemList)
        {
            binding.Add("items", items is null or ScalarNode { Kind: ScalarKind.Null }
                ? "is required in a list"
                : $"must be a list of PacketCaptures, got {items.Describe()}");
        }
        else
        {
            for (var i = 0; i < itemList.Items.Count; i++)
            {
                var item = Bind(itemList.Items[i], $"{origin}, items[{i}]");
                results.Add(item);
            }
        }

        if (binding.Errors.Count > 0)
        {
            results.Add(new DocumentResult(origin, null, null, null, [.. binding.Errors]));
        }
    }

    /// <summary>Binds and validates one document tree.</summary>
    public static DocumentResult Bind(DocumentNode node, string origin)
    {
        if (node is not MapNode map)
        {
            return new DocumentResult(origin, null, null, null,
                [new FieldError("", $"a PacketCapture document must be a map of fields (apiVersion, kind, metadata, spec), got {node.Describe()}")]);
        }

        var binding = new Binding();
        binding.CheckFields(map, "", TopFields, "a PacketCapture");

        var apiVersion = binding.String(Field(map, "apiVersion"), "apiVersion");
        if (apiVersion is null)
        {
            binding.Add("apiVersion", $"is required (\"{PacketCaptureResource.ApiVersion}\")");
        }
        else if (apiVersion != PacketCaptureResource.ApiVersion)
        {
            binding.Add("apiVersion", $"must be \"{PacketCaptureResource.ApiVersion}\", got \"{apiVersion}\"");
        }

        var kind = binding.String(Field(map, "kind"), "kind");
        if (kind is null)
        {
            binding.Add("kind", $"is required (\"{PacketCaptureResource.Kind}\")");
        }
        else if (kind != PacketCaptureResource.Kind)
        {
            binding.Add("kind", $"must be \"{PacketCaptureResource.Kind}\", got \"{kind}\"");
        }

        var metadata = binding.Metadata(Field(map, "metadata"));
        var spec = binding.Spec(Field(map, "spec"));
        var status = binding.Status(Field(map, "status"));

        var resource = new PacketCaptureResource(metadata, spec, status);
        foreach (var error in PacketCaptureValidator.Validate(resource))
        {
            binding.Errors.Add(error);
        }

        var name = metadata.Name.Length == 0 ? null : metadata.Name;
        return binding.Errors.Count == 0
            ? new DocumentResult(origin, metadata.Namespace, name, resource, [])
            : new DocumentResult(origin, metadata.Namespace, name, null, [.. InDocumentOrder(binding.Errors)]);
    }

    /// <summary>Shape and rule errors are found in two passes; users read them in field order.</summary>
    private static IEnumerable<FieldError> InDocumentOrder(List<FieldError> errors) =>
        errors.OrderBy(e => Array.IndexOf(TopFields, e.Path.Split('.', '[')[0]) is var rank and >= 0 ? rank : TopFields.Length);

    private static DocumentNode? Field(MapNode map, string name)
    {
        foreach (var (key, value) in map.Entries)
        {
            if (key == name)
            {
                return value is ScalarNode { Kind: ScalarKind.Null } ? null : value;
            }
        }

        return null;
    }

    private static string Join(string path, string field) => path.Length == 0 ? field : $"{path}.{field}";

    /// <summary>Binding state for one document: the errors found so far.</summary>
    private sealed class Binding
    {
        public List<FieldError> Errors { get; } = [];

        public void Add(string path, string message) => Errors.Add(new FieldError(path, message));

        public void CheckFields(MapNode map, string path, string[] allowed, string what)
        {
            foreach (var (key, _) in map.Entries)
            {
                if (Array.IndexOf(allowed, key) >= 0)
                {
                    continue;
                }

                Add(Join(path, key), Suggest(key, allowed) is { } suggestion
                    ? $"unknown field; did you mean \"{suggestion}\"? ({what} has only {string.Join(", ", allowed)}; names are case-sensitive)"
                    : $"unknown field; {what} has only {string.Join(", ", allowed)}");
            }
        }

        /// <summary>A field the user probably meant: same letters in another case, or a singular/plural slip.</summary>
        private static string? Suggest(string key, string[] allowed) =>
            allowed.FirstOrDefault(a => string.Equals(a, key, StringComparison.OrdinalIgnoreCase)) ??
            allowed.FirstOrDefault(a => key.Length >= 3 && Math.Abs(a.Length - key.Length) == 1 &&
                                        (a.StartsWith(key, StringComparison.OrdinalIgnoreCase) || key.StartsWith(a, StringComparison.OrdinalIgnoreCase)));

        public string? String(DocumentNode? node, string path)
        {
            switch (node)
            {
                case null:
                    return null;
                case ScalarNode { Kind: ScalarKind.String } s:
                    return s.Text;
                case ScalarNode s:
                    Add(path, $"must be a string, got {s.Describe()} (quote it: '{s.Text}')");
                    return null;
                default:
                    Add(path, $"must be a string, got {node.Describe()}");
                    return null;
            }
        }

        private long? Integer(DocumentNode? node, string path)
        {
            if (node is null)
            {
                return null;
            }

            if (node is ScalarNode { Kind: ScalarKind.Integer } s &&
                long.TryParse(s.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            Add(path, $"must be a whole number, got {Describe(node)}");
            return null;
        }

        private DateTimeOffset? Time(DocumentNode? node, string path)
        {
            var text = String(node, path);
            if (text is null)
            {
                return null;
            }

            if (Rfc3339.TryParse(text, out var time))
            {
                return time;
            }

            Add(path, $"\"{text}\" is not an RFC 3339 time (like '2021-08-26T12:00:00Z')");
            return null;
        }

        private ImmutableSortedDictionary<string, string> StringMap(DocumentNode? node, string path)
        {
            var result = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
            if (node is null)
            {
                return result.ToImmutable();
            }

            if (node is not MapNode map)
            {
                Add(path, $"must be a map of strings, got {node.Describe()}");
                return result.ToImmutable();
            }

            if (map.Entries.Count > InputLimits.MaxLabels)
            {
                Add(path, $"has {map.Entries.Count} entries; at most {InputLimits.MaxLabels} are allowed");
                return result.ToImmutable();
            }

            foreach (var (key, value) in map.Entries)
            {
                var text = value is ScalarNode { Kind: ScalarKind.Null } ? "" : String(value, $"{path}[\"{key}\"]");
                if (text is not null)
                {
                    result[key] = text;
                }
            }

            return result.ToImmutable();
        }

        public ObjectMeta Metadata(DocumentNode? node)
        {
            if (node is not MapNode map)
            {
                Add("metadata", node is null
                    ? "is required (it holds the name)"
                    : $"must be a map (name, namespace, labels), got {node.Describe()}");
                return new ObjectMeta { Name = "" };
            }

            CheckFields(map, "metadata", MetadataFields, "metadata");
            return new ObjectMeta
            {
                Name = String(Field(map, "name"), "metadata.name") ?? "",
                Namespace = String(Field(map, "namespace"), "metadata.namespace") ?? ObjectMeta.DefaultNamespace,
                Labels = StringMap(Field(map, "labels"), "metadata.labels"),
                Annotations = StringMap(Field(map, "annotations"), "metadata.annotations"),
                Uid = String(Field(map, "uid"), "metadata.uid"),
                ResourceVersion = String(Field(map, "resourceVersion"), "metadata.resourceVersion"),
                Generation = Integer(Field(map, "generation"), "metadata.generation"),
                CreationTimestamp = Time(Field(map, "creationTimestamp"), "metadata.creationTimestamp"),
            };
        }

        public PacketCaptureSpec Spec(DocumentNode? node)
        {
            if (node is null)
            {
                return new PacketCaptureSpec();
            }

            if (node is not MapNode map)
            {
                Add("spec", $"must be a map (selector, filters, startTime, endTime), got {node.Describe()}");
                return new PacketCaptureSpec();
            }

            CheckFields(map, "spec", SpecFields, "spec");
            var filtersNode = Field(map, "filters");
            return new PacketCaptureSpec
            {
                Selector = String(Field(map, "selector"), "spec.selector"),
                Filters = filtersNode is null ? null : Filters(filtersNode, "spec.filters"),
                StartTime = Time(Field(map, "startTime"), "spec.startTime"),
                EndTime = Time(Field(map, "endTime"), "spec.endTime"),
            };
        }

        public ImmutableArray<CaptureFilter> Filters(DocumentNode node, string path)
        {
            if (node is not ListNode list)
            {
                Add(path, $"must be a list of rules (each with protocol and/or ports), got {node.Describe()}");
                return [];
            }

            if (list.Items.Count > InputLimits.MaxFilters)
            {
                Add(path, $"has {list.Items.Count} rules; at most {InputLimits.MaxFilters} are allowed");
                return [];
            }

            var filters = ImmutableArray.CreateBuilder<CaptureFilter>(list.Items.Count);
            for (var i = 0; i < list.Items.Count; i++)
            {
                var rulePath = $"{path}[{i}]";
                var item = list.Items[i];
                if (item is ScalarNode { Kind: ScalarKind.Null })
                {
                    filters.Add(new CaptureFilter());
                    continue;
                }

                if (item is not MapNode rule)
                {
                    Add(rulePath, $"must be a rule (a map with protocol and/or ports), got {item.Describe()}");
                    continue;
                }

                CheckFields(rule, rulePath, FilterFields, "a filter rule");
                filters.Add(new CaptureFilter
                {
                    Protocol = Protocol(Field(rule, "protocol"), $"{rulePath}.protocol"),
                    Ports = Ports(Field(rule, "ports"), $"{rulePath}.ports"),
                });
            }

            return filters.ToImmutable();
        }

        private CaptureProtocol? Protocol(DocumentNode? node, string path)
        {
            const string accepted = "TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite or a number 1-255";
            switch (node)
            {
                case null:
                    return null;
                case ScalarNode { Kind: ScalarKind.Integer or ScalarKind.String } s when IsDigits(s.Text):
                    if (int.TryParse(s.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 255)
                    {
                        return CaptureProtocol.FromNumber(number);
                    }

                    Add(path, $"protocol number {s.Text} is out of range; it must be 1-255");
                    return null;
                case ScalarNode { Kind: ScalarKind.String } s:
                    if (CaptureProtocol.TryFromName(s.Text, out var named))
                    {
                        return named;
                    }

                    var suggestion = CaptureProtocol.SuggestName(s.Text);
                    Add(path, suggestion is not null
                        ? $"\"{s.Text}\" is not a protocol; names are case-sensitive: did you mean \"{suggestion}\"?"
                        : $"\"{s.Text}\" is not a protocol; use {accepted}");
                    return null;
                default:
                    Add(path, $"must be {accepted}, got {Describe(node)}");
                    return null;
            }
        }

        private ImmutableArray<PortSpec> Ports(DocumentNode? node, string path)
        {
            if (node is null)
            {
                return [];
            }

            if (node is not ListNode list)
            {
                Add(path, $"must be a list of ports (numbers or \"start:end\" ranges), got {node.Describe()}");
                return [];
            }

            if (list.Items.Count > InputLimits.MaxPorts)
            {
                Add(path, $"has {list.Items.Count} entries; at most {InputLimits.MaxPorts} are allowed (use \"start:end\" ranges)");
                return [];
            }

            var ports = ImmutableArray.CreateBuilder<PortSpec>(list.Items.Count);
            for (var i = 0; i < list.Items.Count; i++)
            {
                if (Port(list.Items[i], $"{path}[{i}]") is { } port)
                {
                    ports.Add(port);
                }
            }

            return ports.ToImmutable();
        }

        private PortSpec? Port(DocumentNode node, string path)
        {
            if (node is ScalarNode { Kind: ScalarKind.Integer or ScalarKind.String } s && IsDigits(s.Text))
            {
                if (TryPortNumber(s.Text, out var port))
                {
                    return PortSpec.Single(port);
                }

                Add(path, $"port {s.Text} is out of range; ports are 1-65535");
                return null;
            }

            if (node is not ScalarNode { Kind: ScalarKind.String } text)
            {
                Add(path, $"must be a port number or a \"start:end\" range, got {Describe(node)}");
                return null;
            }

            var value = text.Text;
            var colon = value.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && IsDigits(value[..colon]) && IsDigits(value[(colon + 1)..]))
            {
                if (!TryPortNumber(value[..colon], out var first) || !TryPortNumber(value[(colon + 1)..], out var last))
                {
                    Add(path, $"port range \"{value}\" is out of range; ports are 1-65535");
                    return null;
                }

                if (first > last)
                {
                    Add(path, $"port range \"{value}\" starts after it ends; write it as \"{last}:{first}\"");
                    return null;
                }

                return PortSpec.Range(first, last);
            }

            var dash = value.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && IsDigits(value[..dash]) && IsDigits(value[(dash + 1)..]))
            {
                Add(path, $"\"{value}\" is not a port range; write a range as \"{value[..dash]}:{value[(dash + 1)..]}\"");
                return null;
            }

            Add(path, value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c == '-') && value.Any(char.IsAsciiLetter)
                ? $"PacketCapture accepts only numerical ports; \"{value}\" is a named port"
                : $"\"{value}\" is not a port; use a number 1-65535 or a \"start:end\" range");
            return null;
        }

        public PacketCaptureStatus? Status(DocumentNode? node)
        {
            if (node is null)
            {
                return null;
            }

            if (node is not MapNode map)
            {
                Add("status", $"must be a map (files), got {node.Describe()}");
                return null;
            }

            CheckFields(map, "status", StatusFields, "status");
            var filesNode = Field(map, "files");
            if (filesNode is null)
            {
                return new PacketCaptureStatus();
            }

            if (filesNode is not ListNode list)
            {
                Add("status.files", $"must be a list, got {filesNode.Describe()}");
                return new PacketCaptureStatus();
            }

            var files = ImmutableArray.CreateBuilder<PacketCaptureFiles>();
            for (var i = 0; i < list.Items.Count; i++)
            {
                var path = $"status.files[{i}]";
                if (list.Items[i] is not MapNode entry)
                {
                    Add(path, $"must be a map (node, directory, fileNames, state), got {list.Items[i].Describe()}");
                    continue;
                }

                CheckFields(entry, path, FilesFields, "a status files entry");
                var nodeName = String(Field(entry, "node"), $"{path}.node");
                if (nodeName is null)
                {
                    Add($"{path}.node", "is required");
                }

                files.Add(new PacketCaptureFiles
                {
                    Node = nodeName ?? "",
                    Directory = String(Field(entry, "directory"), $"{path}.directory"),
                    FileNames = StringList(Field(entry, "fileNames"), $"{path}.fileNames"),
                    State = State(Field(entry, "state"), $"{path}.state"),
                });
            }

            return new PacketCaptureStatus { Files = files.ToImmutable() };
        }

        private ImmutableArray<string> StringList(DocumentNode? node, string path)
        {
            if (node is null)
            {
                return [];
            }

            if (node is not ListNode list)
            {
                Add(path, $"must be a list of strings, got {node.Describe()}");
                return [];
            }

            var items = ImmutableArray.CreateBuilder<string>(list.Items.Count);
            for (var i = 0; i < list.Items.Count; i++)
            {
                if (String(list.Items[i], $"{path}[{i}]") is { } s)
                {
                    items.Add(s);
                }
            }

            return items.ToImmutable();
        }

        private CaptureState? State(DocumentNode? node, string path)
        {
            var text = String(node, path);
            if (text is null)
            {
                return null;
            }

            if (Enum.TryParse<CaptureState>(text, ignoreCase: false, out var state) && Enum.IsDefined(state) && !IsDigits(text))
            {
                return state;
            }

            Add(path, $"\"{text}\" is not a state; use one of {string.Join(", ", Enum.GetNames<CaptureState>())}");
            return null;
        }

        private static string Describe(DocumentNode node) =>
            node is ScalarNode s and not { Kind: ScalarKind.Null } ? $"{s.Describe()} ({s.Text})" : node.Describe();

        private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

        private static bool TryPortNumber(string digits, out int port) =>
            int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out port) &&
            port is >= PortSpec.MinPort and <= PortSpec.MaxPort;
    }
}
