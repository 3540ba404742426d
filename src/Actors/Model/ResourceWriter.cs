using System.Globalization;
using System.Text;
using System.Text.Json;

namespace PacketCapture.Actors.Model;

/// <summary>
/// Writes resources in the Kubernetes shape: YAML as <c>kubectl get -o yaml</c> lays it out
/// (two-space indent, list items under their key), JSON with the same field order.
/// A written resource reads back equal, and a document written in this layout is
/// reproduced byte for byte.
/// </summary>
public static class ResourceWriter
{
    /// <summary>One resource as a YAML document (no leading <c>---</c>).</summary>
    public static string ToYaml(PacketCaptureResource resource)
    {
        var yaml = new YamlText();
        WriteResource(yaml, resource, 0);
        return yaml.ToString();
    }

    /// <summary>Several resources as a multi-document YAML stream.</summary>
    public static string ToYaml(IEnumerable<PacketCaptureResource> resources) =>
        string.Join("---\n", resources.Select(ToYaml));

    /// <summary>Resources as a <c>PacketCaptureList</c> in YAML.</summary>
    public static string ToYamlList(IEnumerable<PacketCaptureResource> resources, string? resourceVersion = null)
    {
        var yaml = new YamlText();
        yaml.Scalar(0, "apiVersion", PacketCaptureResource.ApiVersion);
        yaml.Scalar(0, "kind", PacketCaptureResource.ListKind);
        yaml.Key(0, "items");
        var any = false;
        foreach (var resource in resources)
        {
            any = true;
            yaml.ListItemStart(2);
            WriteResource(yaml, resource, 4);
        }

        if (!any)
        {
            yaml.AppendToLastLine(" []");
        }

        yaml.Key(0, "metadata");
        if (resourceVersion is null)
        {
            yaml.AppendToLastLine(" {}");
        }
        else
        {
            yaml.Scalar(2, "resourceVersion", resourceVersion);
        }

        return yaml.ToString();
    }

    /// <summary>One resource as indented JSON.</summary>
    public static string ToJson(PacketCaptureResource resource, bool indented = true) =>
        Json(indented, writer => WriteResource(writer, resource));

    /// <summary>Resources as a <c>PacketCaptureList</c> in JSON.</summary>
    public static string ToJsonList(IEnumerable<PacketCaptureResource> resources, string? resourceVersion = null, bool indented = true) =>
        Json(indented, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", PacketCaptureResource.ApiVersion);
            writer.WriteString("kind", PacketCaptureResource.ListKind);
            writer.WriteStartObject("metadata");
            if (resourceVersion is not null)
            {
                writer.WriteString("resourceVersion", resourceVersion);
            }

            writer.WriteEndObject();
            writer.WriteStartArray("items");
            foreach (var resource in resources)
            {
                WriteResource(writer, resource);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

    private static string Json(bool indented, Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
               {
                   Indented = indented,
                   Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
               }))
        {
            write(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + (indented ? "\n" : "");
    }

    private static void WriteResource(YamlText yaml, PacketCaptureResource resource, int indent)
    {
        yaml.Scalar(indent, "apiVersion", PacketCaptureResource.ApiVersion);
        yaml.Scalar(indent, "kind", PacketCaptureResource.Kind);

        var meta = resource.Metadata;
        yaml.Key(indent, "metadata");
        var inner = indent + 2;
        yaml.Scalar(inner, "name", meta.Name);
        yaml.Scalar(inner, "namespace", meta.Namespace);
        yaml.OptionalScalar(inner, "uid", meta.Uid);
        yaml.OptionalScalar(inner, "resourceVersion", meta.ResourceVersion);
        if (meta.Generation is { } generation)
        {
            yaml.Raw(inner, "generation", generation.ToString(CultureInfo.InvariantCulture));
        }

        if (meta.CreationTimestamp is { } created)
        {
            yaml.Scalar(inner, "creationTimestamp", Rfc3339.Format(created));
        }

        yaml.StringMap(inner, "labels", meta.Labels);
        yaml.StringMap(inner, "annotations", meta.Annotations);

        var spec = resource.Spec;
        yaml.Key(indent, "spec");
        var specStart = yaml.Length;
        yaml.OptionalScalar(inner, "selector", spec.Selector);
        if (spec.Filters is { } filters)
        {
            yaml.Key(inner, "filters");
            if (filters.IsEmpty)
            {
                yaml.AppendToLastLine(" []");
            }

            foreach (var filter in filters)
            {
                yaml.ListItemStart(inner + 2);
                var ruleIndent = inner + 4;
                var ruleStart = yaml.Length;
                if (filter.Protocol is { } protocol)
                {
                    if (protocol.Name is null)
                    {
                        yaml.Raw(ruleIndent, "protocol", protocol.ToString());
                    }
                    else
                    {
                        yaml.Scalar(ruleIndent, "protocol", protocol.Name);
                    }
                }

                if (!filter.Ports.IsEmpty)
                {
                    yaml.Key(ruleIndent, "ports");
                    foreach (var port in filter.Ports)
                    {
                        yaml.ListValue(ruleIndent + 2, port.IsRange ? YamlText.Quote(port.ToString()) : port.ToString());
                    }
                }

                if (yaml.Length == ruleStart)
                {
                    yaml.AppendToLastLine(" {}");
                }
            }
        }

        if (spec.StartTime is { } start)
        {
            yaml.Raw(inner, "startTime", YamlText.Quote(Rfc3339.Format(start)));
        }

        if (spec.EndTime is { } end)
        {
            yaml.Raw(inner, "endTime", YamlText.Quote(Rfc3339.Format(end)));
        }

        if (yaml.Length == specStart)
        {
            yaml.AppendToLastLine(" {}");
        }

        if (resource.Status is { } status)
        {
            yaml.Key(indent, "status");
            yaml.Key(inner, "files");
            if (status.Files.IsEmpty)
            {
                yaml.AppendToLastLine(" []");
            }

            foreach (var files in status.Files)
            {
                yaml.ListItemStart(inner + 2);
                var entryIndent = inner + 4;
                yaml.Scalar(entryIndent, "node", files.Node);
                yaml.OptionalScalar(entryIndent, "directory", files.Directory);
                yaml.Key(entryIndent, "fileNames");
                if (files.FileNames.IsEmpty)
                {
                    yaml.AppendToLastLine(" []");
                }

                foreach (var name in files.FileNames)
                {
                    yaml.ListValue(entryIndent + 2, YamlText.Plain(name));
                }

                if (files.State is { } state)
                {
                    yaml.Scalar(entryIndent, "state", state.ToString());
                }
            }
        }
    }

    private static void WriteResource(Utf8JsonWriter writer, PacketCaptureResource resource)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion", PacketCaptureResource.ApiVersion);
        writer.WriteString("kind", PacketCaptureResource.Kind);

        var meta = resource.Metadata;
        writer.WriteStartObject("metadata");
        writer.WriteString("name", meta.Name);
        writer.WriteString("namespace", meta.Namespace);
        WriteOptional(writer, "uid", meta.Uid);
        WriteOptional(writer, "resourceVersion", meta.ResourceVersion);
        if (meta.Generation is { } generation)
        {
            writer.WriteNumber("generation", generation);
        }

        if (meta.CreationTimestamp is { } created)
        {
            writer.WriteString("creationTimestamp", Rfc3339.Format(created));
        }

        WriteMap(writer, "labels", meta.Labels);
        WriteMap(writer, "annotations", meta.Annotations);
        writer.WriteEndObject();

        var spec = resource.Spec;
        writer.WriteStartObject("spec");
        WriteOptional(writer, "selector", spec.Selector);
        if (spec.Filters is { } filters)
        {
            writer.WriteStartArray("filters");
            foreach (var filter in filters)
            {
                writer.WriteStartObject();
                if (filter.Protocol is { } protocol)
                {
                    if (protocol.Name is null)
                    {
                        writer.WriteNumber("protocol", protocol.Number);
                    }
                    else
                    {
                        writer.WriteString("protocol", protocol.Name);
                    }
                }

                if (!filter.Ports.IsEmpty)
                {
                    writer.WriteStartArray("ports");
                    foreach (var port in filter.Ports)
                    {
                        if (port.IsRange)
                        {
                            writer.WriteStringValue(port.ToString());
                        }
                        else
                        {
                            writer.WriteNumberValue(port.First);
                        }
                    }

                    writer.WriteEndArray();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        if (spec.StartTime is { } start)
        {
            writer.WriteString("startTime", Rfc3339.Format(start));
        }

        if (spec.EndTime is { } end)
        {
            writer.WriteString("endTime", Rfc3339.Format(end));
        }

        writer.WriteEndObject();

        if (resource.Status is { } status)
        {
            writer.WriteStartObject("status");
            writer.WriteStartArray("files");
            foreach (var files in status.Files)
            {
                writer.WriteStartObject();
                writer.WriteString("node", files.Node);
                WriteOptional(writer, "directory", files.Directory);
                writer.WriteStartArray("fileNames");
                foreach (var name in files.FileNames)
                {
                    writer.WriteStringValue(name);
                }

                writer.WriteEndArray();
                if (files.State is { } state)
                {
                    writer.WriteString("state", state.ToString());
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void WriteMap(Utf8JsonWriter writer, string name, IReadOnlyDictionary<string, string> map)
    {
        if (map.Count == 0)
        {
            return;
        }

        writer.WriteStartObject(name);
        foreach (var (key, value) in map)
        {
            writer.WriteString(key, value);
        }

        writer.WriteEndObject();
    }
}
