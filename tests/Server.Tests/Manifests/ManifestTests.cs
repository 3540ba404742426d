using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Akka.Configuration;
using PacketCapture.Actors.Configuration;
using PacketCapture.Host.Api;
using PacketCapture.Host.Cli.Client;
using PacketCapture.Host.Server;

namespace PacketCapture.Server.Tests.Manifests;

/// <summary>The deployment in <c>k8s/</c>: complete, least-privileged, and consistent with what the code reads.</summary>
public sealed partial class ManifestTests
{
    private const string Namespace = "packetcapture";
    private const string DaemonSetName = "packetcapture";

    private static readonly string[] ClusterScopedKinds = ["Namespace", "CustomResourceDefinition", "ClusterRole", "ClusterRoleBinding"];

    [Fact]
    public void The_kustomization_lists_exactly_the_manifests_of_k8s_and_nothing_twice()
    {
        var listed = ManifestFiles.KustomizationResources();
        var present = ManifestFiles.AllYamlFiles().Where(f => !f.Contains('/', StringComparison.Ordinal) && f != ManifestFiles.Kustomization);

        Assert.Equal(listed.Count, listed.Distinct().Count());
        Assert.Equal(present.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.Equal("kustomize.config.k8s.io/v1beta1", ManifestFiles.Load(ManifestFiles.Kustomization).Single().ApiVersion);
    }

    [Fact]
    public void Every_object_has_apiVersion_kind_and_name_and_namespaced_ones_are_in_the_namespace()
    {
        var objects = ManifestFiles.AllYamlFiles().Where(f => f != ManifestFiles.Kustomization).SelectMany(ManifestFiles.Load).ToList();
        Assert.NotEmpty(objects);
        Assert.All(objects, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.ApiVersion), $"{o}: no apiVersion");
            Assert.False(string.IsNullOrEmpty(o.Kind), $"{o}: no kind");
            Assert.False(string.IsNullOrEmpty(o.Name), $"{o}: no metadata.name");
        });

        var applied = ManifestFiles.Applied();
        Assert.Equal(
            ["ClusterRole", "ClusterRoleBinding", "ConfigMap", "CustomResourceDefinition", "DaemonSet", "Namespace", "Secret", "Service", "ServiceAccount", "StatefulSet"],
            applied.Select(o => o.Kind!).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(applied.Count, applied.Select(o => (o.Kind, o.Name)).Distinct().Count());
        Assert.All(applied, o => Assert.Equal(ClusterScopedKinds.Contains(o.Kind) ? null : Namespace, o.Namespace));
        Assert.Equal(Namespace, ManifestFiles.Single("Namespace", Namespace).Name);
    }

    [Fact]
    public void The_DaemonSet_is_not_privileged_and_adds_only_NET_RAW_and_NET_ADMIN_on_the_host_network()
    {
        var pod = PodSpec();

        Assert.True(pod["hostNetwork"]!.GetValue<bool>());
        Assert.Equal("ClusterFirstWithHostNet", pod["dnsPolicy"]!.GetValue<string>());
        Assert.Null(pod["hostPID"]);
        Assert.Null(pod["hostIPC"]);
        Assert.Null(pod["initContainers"]);
        Assert.Null(pod["securityContext"]?["privileged"]);
        var container = Assert.Single(pod["containers"]!.AsArray())!;
        var security = container["securityContext"]!;
        Assert.False(security["privileged"]!.GetValue<bool>());
        Assert.False(security["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.True(security["readOnlyRootFilesystem"]!.GetValue<bool>());
        Assert.Equal(["ALL"], Strings(security["capabilities"]!["drop"]));
        Assert.Equal(["NET_ADMIN", "NET_RAW"], Strings(security["capabilities"]!["add"]).Order(StringComparer.Ordinal));
        Assert.Equal("packetcapture", pod["serviceAccountName"]!.GetValue<string>());
    }

    [Fact]
    public void Probes_the_listen_address_and_the_Service_all_use_the_API_port()
    {
        var container = Container();
        var apiPort = int.Parse(ServerOptions.DefaultListen.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(apiPort, NamedPort(container, container["readinessProbe"]!["httpGet"]!["port"]!));
        Assert.Equal("/readyz", container["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/healthz", container["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal(apiPort, NamedPort(container, container["livenessProbe"]!["httpGet"]!["port"]!));
        Assert.Equal($"$(POD_IP):{apiPort}", Argument(container, "--listen"));

        // The API is served over TLS, so the probes speak HTTPS.
        Assert.NotNull(Argument(container, "--tls-cert"));
        Assert.Equal("HTTPS", container["readinessProbe"]!["httpGet"]!["scheme"]!.GetValue<string>());

        var service = ManifestFiles.Single("Service", "packetcapture-api").Object["spec"]!;
        var servicePort = Assert.Single(service["ports"]!.AsArray())!;
        Assert.Equal(apiPort, servicePort["port"]!.GetValue<int>());
        Assert.Equal(apiPort, NamedPort(container, servicePort["targetPort"]!));
        Assert.True(JsonNode.DeepEquals(service["selector"], DaemonSet()["spec"]!["template"]!["metadata"]!["labels"]));
    }

    [Fact]
    public void The_member_gets_its_node_name_pod_IP_and_the_capture_directory_on_the_host()
    {
        var container = Container();
        var env = container["env"]!.AsArray();

        Assert.Equal("spec.nodeName", FieldRef(env, "NODE_NAME"));
        Assert.Equal("status.podIP", FieldRef(env, "POD_IP"));
        Assert.Equal("$(POD_IP)", env.Single(e => e!["name"]!.GetValue<string>() == "PC_AKKA__REMOTE__DOT_NETTY__TCP__HOSTNAME")!["value"]!.GetValue<string>());

        // serve writes captures under <data-dir>/pcap: that must be the hostPath's mount, and
        // it is the reference's directory, which is what status `directory` then shows.
        var captureDirectory = new ServerOptions { DataDirectory = Argument(container, "--data-dir")! }.CaptureDirectory;
        Assert.Equal("/var/log/calico/pcap", captureDirectory);
        var mount = container["volumeMounts"]!.AsArray().Single(m => m!["mountPath"]!.GetValue<string>() == captureDirectory)!;
        var volume = Volume(mount["name"]!.GetValue<string>());
        Assert.Equal("/var/log/calico/pcap", volume["hostPath"]!["path"]!.GetValue<string>());
        Assert.Null(mount["readOnly"]);

        // Every other writable path is an emptyDir: the root filesystem is read-only.
        foreach (var other in container["volumeMounts"]!.AsArray().Where(m => m!["readOnly"] is null && m["mountPath"]!.GetValue<string>() != captureDirectory))
        {
            Assert.NotNull(Volume(other!["name"]!.GetValue<string>())["emptyDir"]);
        }
    }

    [Fact]
    public void The_ConfigMap_HOCON_puts_every_member_on_PostgreSQL_and_every_PC_variable_names_one_of_its_keys()
    {
        var container = Container();
        var configFile = Argument(container, "--config")!;
        var mount = container["volumeMounts"]!.AsArray().Single(m => configFile.StartsWith(m!["mountPath"]!.GetValue<string>() + "/", StringComparison.Ordinal))!;
        var configMapName = Volume(mount["name"]!.GetValue<string>())["configMap"]!["name"]!.GetValue<string>();
        var hocon = ManifestFiles.Single("ConfigMap", configMapName).Object["data"]![Path.GetFileName(configFile)]!.GetValue<string>();

        // As serve composes it: the file over the embedded defaults.
        var config = ConfigurationFactory.ParseString(hocon).WithFallback(PacketCaptureConfig.Standalone);
        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql", "akka.persistence.query.journal.sql" })
        {
            Assert.Equal("PostgreSQL.15", config.GetString(plugin + ".provider-name"));
        }

        Assert.Equal("Csv", config.GetString("akka.persistence.journal.sql.tag-write-mode"));
        Assert.Equal("Csv", config.GetString("akka.persistence.query.journal.sql.tag-read-mode"));
        Assert.Equal(4053, config.GetInt("akka.remote.dot-netty.tcp.port"));
        Assert.Equal(4053, NamedPort(container, JsonValue.Create("remoting")));
        Assert.Empty(config.GetStringList("akka.cluster.seed-nodes"));
        Assert.Equal("/var/log/calico/pcap", PacketCaptureSettings.FromConfig(config).Node.CaptureDirectory);

        var overrides = container["env"]!.AsArray().Select(e => e!["name"]!.GetValue<string>()).Where(n => n.StartsWith(EnvironmentOverrides.Prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(4, overrides.Count);
        Assert.All(overrides, name => Assert.True(config.HasPath(EnvironmentOverrides.PathOf(name)!), $"{name} sets no key of the configuration"));
    }

    [Fact]
    public void Every_Secret_and_ConfigMap_the_pods_read_is_applied_with_the_key_they_read_except_the_TLS_certificate()
    {
        var references = ManifestFiles.Applied()
            .Where(o => o.Kind is "DaemonSet" or "StatefulSet")
            .SelectMany(o => Descendants(o.Object))
            .Where(n => n is JsonObject { } r && (r.ContainsKey("secretKeyRef") || r.ContainsKey("configMapKeyRef")))
            .Select(n => n!["secretKeyRef"] is { } s ? ("Secret", s) : ("ConfigMap", n!["configMapKeyRef"]!))
            .ToList();
        Assert.NotEmpty(references);
        foreach (var (kind, reference) in references)
        {
            var data = ManifestFiles.Single(kind, reference["name"]!.GetValue<string>()).Object;
            var key = reference["key"]!.GetValue<string>();
            Assert.True(data["stringData"]?[key] is not null || data["data"]?[key] is not null, $"{kind} {reference["name"]} has no key {key}");
        }

        // The certificate is the operator's (k8s/README.md): it is the one volume not applied here.
        Assert.Equal("packetcapture-tls", Volume("tls")["secret"]!["secretName"]!.GetValue<string>());
        Assert.DoesNotContain(ManifestFiles.Applied(), o => o.Kind == "Secret" && o.Name == "packetcapture-tls");
    }

    [Fact]
    public void The_member_ClusterRole_grants_what_the_Kubernetes_integration_uses_and_no_write_to_captures()
    {
        var role = ManifestFiles.Single("ClusterRole", "packetcapture-member");
        var grants = Grants(role);

        string[] needed =
        [
            "projectcalico.org/packetcaptures:get", "projectcalico.org/packetcaptures:list", "projectcalico.org/packetcaptures:watch",
            "projectcalico.org/packetcaptures/status:patch", "projectcalico.org/packetcaptures/status:update",
            "/pods:get", "/pods:list", "/pods:watch",
            "authentication.k8s.io/tokenreviews:create", "authorization.k8s.io/subjectaccessreviews:create",
        ];
        Assert.All(needed, n => Assert.Contains(n, grants));
        Assert.DoesNotContain(grants, g => g.Contains('*', StringComparison.Ordinal));
        Assert.DoesNotContain(grants, g => Regex.IsMatch(g, "^projectcalico.org/packetcaptures(/files)?:(create|update|patch|delete)$"));

        var binding = ManifestFiles.Single("ClusterRoleBinding", "packetcapture-member").Object;
        Assert.Equal("packetcapture-member", binding["roleRef"]!["name"]!.GetValue<string>());
        var subject = Assert.Single(binding["subjects"]!.AsArray())!;
        Assert.Equal(("ServiceAccount", PodSpec()["serviceAccountName"]!.GetValue<string>(), Namespace),
            (subject["kind"]!.GetValue<string>(), subject["name"]!.GetValue<string>(), subject["namespace"]!.GetValue<string>()));
        Assert.NotNull(ManifestFiles.Applied().SingleOrDefault(o => o.Kind == "ServiceAccount" && o.Name == subject["name"]!.GetValue<string>()));
    }

    [Fact]
    public void The_user_roles_grant_every_verb_the_API_checks_and_only_one_grants_the_files()
    {
        var user = Grants(ManifestFiles.Single("ClusterRole", "packetcapture-user"));
        var filesUser = Grants(ManifestFiles.Single("ClusterRole", "packetcapture-files-user"));

        foreach (var verb in ApiVerbs.All)
        {
            Assert.Contains($"projectcalico.org/{ApiResources.PacketCaptures}:{verb}", user);
            Assert.Contains($"projectcalico.org/{ApiResources.PacketCaptures}:{verb}", filesUser);
        }

        Assert.DoesNotContain(user, g => g.Contains(ApiResources.Files, StringComparison.Ordinal));
        Assert.Equal(
            [$"projectcalico.org/{ApiResources.Files}:{ApiVerbs.Delete}", $"projectcalico.org/{ApiResources.Files}:{ApiVerbs.Get}"],
            filesUser.Where(g => g.Contains(ApiResources.Files, StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal(user, filesUser.Where(g => !g.Contains(ApiResources.Files, StringComparison.Ordinal)));
    }

    [Fact]
    public void The_CRD_names_the_resource_as_SPEC_and_kubectl_do_with_a_status_subresource_and_columns()
    {
        var crd = ManifestFiles.Single("CustomResourceDefinition", "packetcaptures.projectcalico.org").Object["spec"]!;
        var names = crd["names"]!;
        var (group, plural, singular) = (crd["group"]!.GetValue<string>(), names["plural"]!.GetValue<string>(), names["singular"]!.GetValue<string>());

        Assert.Equal(("projectcalico.org", "Namespaced", "PacketCapture", "PacketCaptureList"),
            (group, crd["scope"]!.GetValue<string>(), names["kind"]!.GetValue<string>(), names["listKind"]!.GetValue<string>()));
        var version = Assert.Single(crd["versions"]!.AsArray())!;
        Assert.True(version["served"]!.GetValue<bool>() && version["storage"]!.GetValue<bool>());
        Assert.NotNull(version["subresources"]!["status"]);
        Assert.Contains("calico", Strings(names["categories"]));

        // kubectl accepts the plural, the singular and either with the group; the ".p"
        // abbreviations contain a dot, which a short name may not.
        var kubectl = new[] { plural, singular, $"{plural}.{group}", $"{singular}.{group}" };
        Assert.Equal(kubectl.Order(StringComparer.Ordinal), ResourceType.Names.Where(n => !n.EndsWith(".p", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.All(Strings(names["shortNames"]), s => Assert.Matches("^[a-z]([-a-z0-9]*[a-z0-9])?$", s));

        // Every column reads a field the schema has.
        var schema = ManifestFiles.CrdSchema();
        var columns = version["additionalPrinterColumns"]!.AsArray();
        Assert.Equal(["Selector", "States", "Start", "End", "Age"], columns.Select(c => c!["name"]!.GetValue<string>()));
        foreach (var column in columns.Select(c => c!["jsonPath"]!.GetValue<string>()).Where(p => !p.StartsWith(".metadata.", StringComparison.Ordinal)))
        {
            JsonNode node = schema;
            foreach (var segment in column.TrimStart('.').Split('.'))
            {
                node = segment.EndsWith("[*]", StringComparison.Ordinal)
                    ? node["properties"]![segment[..^3]]!["items"]!
                    : node["properties"]![segment]!;
            }

            Assert.NotNull(node["type"]);
        }
    }

    [Fact]
    public void The_PostgreSQL_example_keeps_its_data_in_a_claim_behind_a_headless_Service()
    {
        var statefulSet = ManifestFiles.Single("StatefulSet", "packetcapture-postgres").Object["spec"]!;
        var service = ManifestFiles.Single("Service", statefulSet["serviceName"]!.GetValue<string>()).Object["spec"]!;
        var container = Assert.Single(statefulSet["template"]!["spec"]!["containers"]!.AsArray())!;
        var claim = Assert.Single(statefulSet["volumeClaimTemplates"]!.AsArray())!;

        Assert.Equal("None", service["clusterIP"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(service["selector"], statefulSet["template"]!["metadata"]!["labels"]));
        Assert.StartsWith("postgres:15", container["image"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains(container["volumeMounts"]!.AsArray(), m => m!["name"]!.GetValue<string>() == claim["metadata"]!["name"]!.GetValue<string>());

        // The members' connection string names this Service and the database the container creates.
        var connection = ManifestFiles.Single("Secret", "packetcapture-postgres").Object["stringData"]!["connection-string"]!.GetValue<string>();
        Assert.Contains($"Host={statefulSet["serviceName"]}.{Namespace}.svc;", connection, StringComparison.Ordinal);
        var database = container["env"]!.AsArray().Single(e => e!["name"]!.GetValue<string>() == "POSTGRES_DB")!["value"]!.GetValue<string>();
        Assert.Contains($"Database={database};", connection, StringComparison.Ordinal);
    }

    private static JsonObject DaemonSet() => ManifestFiles.Single("DaemonSet", DaemonSetName).Object;

    private static JsonNode PodSpec() => DaemonSet()["spec"]!["template"]!["spec"]!;

    private static JsonNode Container() => PodSpec()["containers"]!.AsArray().Single()!;

    private static JsonNode Volume(string name) =>
        PodSpec()["volumes"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == name)!;

    private static string? Argument(JsonNode container, string option) =>
        Strings(container["args"]).Where(a => a.StartsWith(option + "=", StringComparison.Ordinal)).Select(a => a[(option.Length + 1)..]).SingleOrDefault();

    private static string FieldRef(JsonArray env, string name) =>
        env.Single(e => e!["name"]!.GetValue<string>() == name)!["valueFrom"]!["fieldRef"]!["fieldPath"]!.GetValue<string>();

    // A probe's or Service's port: a number, or the name of one of the container's ports.
    private static int NamedPort(JsonNode container, JsonNode port) =>
        port.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? port.GetValue<int>()
            : container["ports"]!.AsArray().Single(p => p!["name"]!.GetValue<string>() == port.GetValue<string>())!["containerPort"]!.GetValue<int>();

    // "group/resource:verb" for every rule of a role.
    private static List<string> Grants(Manifest role) =>
        role.Object["rules"]!.AsArray()
            .SelectMany(rule => Strings(rule!["apiGroups"]).SelectMany(group => Strings(rule["resources"]).SelectMany(resource =>
                Strings(rule["verbs"]).Select(verb => $"{group}/{resource}:{verb}"))))
            .ToList();

    private static IReadOnlyList<string> Strings(JsonNode? list) =>
        list?.AsArray().Select(s => s!.GetValue<string>()).ToList() ?? [];

    private static IEnumerable<JsonNode?> Descendants(JsonNode? node)
    {
        yield return node;
        var children = node switch
        {
            JsonObject map => map.Select(p => p.Value),
            JsonArray list => list,
            _ => [],
        };
        foreach (var child in children.SelectMany(Descendants))
        {
            yield return child;
        }
    }
}
