using System.Text.Json;
using KubeCore.Api;

namespace KubeCore.ApiServer.Discovery;

/// <summary>
/// The discovery documents built from the cluster's <see cref="ResourceRegistry"/>: aggregated discovery
/// (<c>apidiscovery.k8s.io/v2</c>) for <c>/api</c> and <c>/apis</c>, and the legacy <c>APIVersions</c>,
/// <c>APIGroupList</c>, <c>APIGroup</c> and <c>APIResourceList</c>. Rebuilt when the registry changes (CRDs).
/// </summary>
internal sealed class DiscoveryDocuments
{
    /// <summary>The content type that tells client-go the body is aggregated discovery.</summary>
    public const string AggregatedContentType = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    private readonly ResourceRegistry _registry;
    private volatile Snapshot? _snapshot;

    public DiscoveryDocuments(ResourceRegistry registry)
    {
        _registry = registry;
        registry.Changed += _ => _snapshot = null;
    }

    /// <summary>One subresource's kind and verbs as discovery reports them.</summary>
    private static (string Group, string Version, string Kind, string[] Verbs)? Subresource(ResourceDefinition r, string name) => name switch
    {
        "status" => (r.Group, r.Version, r.Kind, ["get", "patch", "update"]),
        "scale" => ("autoscaling", "v1", "Scale", ["get", "patch", "update"]),
        "binding" => ("", "v1", "Binding", ["create"]),
        "eviction" => ("policy", "v1", "Eviction", ["create"]),
        "log" => ("", "v1", "Pod", ["get"]),
        "exec" => ("", "v1", "PodExecOptions", ["create", "get"]),
        "attach" => ("", "v1", "PodAttachOptions", ["create", "get"]),
        "portforward" => ("", "v1", "PodPortForwardOptions", ["create", "get"]),
        "proxy" => ("", "v1", r.Kind == "Pod" ? "PodProxyOptions" : r.Kind == "Node" ? "NodeProxyOptions" : "ServiceProxyOptions", ["create", "delete", "get", "patch", "update"]),
        "finalize" => (r.Group, r.Version, r.Kind, ["update"]),
        "ephemeralcontainers" or "resize" => (r.Group, r.Version, r.Kind, ["get", "patch", "update"]),
        "approval" => (r.Group, r.Version, r.Kind, ["get", "patch", "update"]),
        _ => null,
    };

    /// <summary><c>/api</c> as aggregated discovery.</summary>
    public byte[] AggregatedCore => Current.AggregatedCore;

    /// <summary><c>/apis</c> as aggregated discovery.</summary>
    public byte[] AggregatedGroups => Current.AggregatedGroups;

    /// <summary><c>/api</c> as legacy <c>APIVersions</c>.</summary>
    public byte[] LegacyCore(string serverAddress) => Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("kind", "APIVersions");
        w.WriteStartArray("versions");
        foreach (var v in Current.Versions("")) w.WriteStringValue(v);
        w.WriteEndArray();
        w.WriteStartArray("serverAddressByClientCIDRs");
        w.WriteStartObject();
        w.WriteString("clientCIDR", "0.0.0.0/0");
        w.WriteString("serverAddress", serverAddress);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary><c>/apis</c> as legacy <c>APIGroupList</c>.</summary>
    public byte[] LegacyGroups => Current.LegacyGroups;

    /// <summary><c>/apis/{group}</c> as <c>APIGroup</c>, or null for an unknown group.</summary>
    public byte[]? Group(string group)
    {
        var versions = Current.Versions(group);
        if (group.Length == 0 || versions.Count == 0) return null;
        return Write(w => WriteGroup(w, group, versions, withTypeMeta: true));
    }

    /// <summary><c>/api/v1</c> or <c>/apis/{group}/{version}</c> as <c>APIResourceList</c>, or null when unknown.</summary>
    public byte[]? ResourceList(string group, string version)
    {
        var resources = Current.Resources(group, version);
        if (resources.Count == 0) return null;
        return Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("kind", "APIResourceList");
            w.WriteString("apiVersion", "v1");
            w.WriteString("groupVersion", group.Length == 0 ? version : $"{group}/{version}");
            w.WriteStartArray("resources");
            foreach (var r in resources)
            {
                WriteLegacyResource(w, r.Plural, r.Singular, r.Namespaced, r.Kind, r.Verbs, r.ShortNames, r.Categories, null, null);
                foreach (var sub in r.Subresources)
                    if (Subresource(r, sub) is { } s)
                    {
                        // kube-apiserver names both group and version of a subresource whose kind lives in another
                        // group version (deployments/scale: autoscaling v1; pods/eviction: policy v1); kubectl drain
                        // only evicts when both are there, and deletes pods instead otherwise.
                        var foreign = s.Group != r.Group || s.Version != r.Version;
                        WriteLegacyResource(w, $"{r.Plural}/{sub}", "", r.Namespaced, s.Kind, s.Verbs, [], [],
                            foreign ? s.Group : null, foreign ? s.Version : null);
                    }
            }
            w.WriteEndArray();
            w.WriteEndObject();
        });
    }

    private static void WriteLegacyResource(Utf8JsonWriter w, string name, string singular, bool namespaced, string kind,
        IReadOnlyList<string> verbs, IReadOnlyList<string> shortNames, IReadOnlyList<string> categories, string? group, string? version)
    {
        w.WriteStartObject();
        w.WriteString("name", name);
        w.WriteString("singularName", singular);
        w.WriteBoolean("namespaced", namespaced);
        if (group is not null) w.WriteString("group", group);
        if (version is not null) w.WriteString("version", version);
        w.WriteString("kind", kind);
        WriteStrings(w, "verbs", verbs);
        if (shortNames.Count > 0) WriteStrings(w, "shortNames", shortNames);
        if (categories.Count > 0) WriteStrings(w, "categories", categories);
        w.WriteEndObject();
    }

    private static void WriteGroup(Utf8JsonWriter w, string group, IReadOnlyList<string> versions, bool withTypeMeta)
    {
        w.WriteStartObject();
        if (withTypeMeta)
        {
            w.WriteString("kind", "APIGroup");
            w.WriteString("apiVersion", "v1");
        }
        w.WriteString("name", group);
        w.WriteStartArray("versions");
        foreach (var v in versions)
        {
            w.WriteStartObject();
            w.WriteString("groupVersion", $"{group}/{v}");
            w.WriteString("version", v);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteStartObject("preferredVersion");
        w.WriteString("groupVersion", $"{group}/{versions[0]}");
        w.WriteString("version", versions[0]);
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static byte[] Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer)) write(w);
        return buffer.WrittenSpan.ToArray();
    }

    private Snapshot Current => _snapshot ??= new Snapshot([.. _registry.All, .. Handlers.KubeHttpApi.UnstoredResources]);

    /// <summary>The registry at one moment, grouped, with the aggregated documents rendered once.</summary>
    private sealed class Snapshot
    {
        private readonly IReadOnlyList<(string Group, IReadOnlyList<(string Version, IReadOnlyList<ResourceDefinition> Resources)> Versions)> _groups;

        public Snapshot(IReadOnlyList<ResourceDefinition> all)
        {
            // Core first, then groups in registration order, as kube-apiserver lists its built-in groups.
            _groups = all
                .GroupBy(r => r.Group)
                .OrderBy(g => g.Key.Length == 0 ? 0 : 1)
                .Select(g => (g.Key, (IReadOnlyList<(string, IReadOnlyList<ResourceDefinition>)>)g
                    .GroupBy(r => r.Version)
                    .OrderBy(v => VersionPriority(v.Key))
                    .Select(v => (v.Key, (IReadOnlyList<ResourceDefinition>)v.ToArray()))
                    .ToArray()))
                .ToArray();
            AggregatedCore = Write(w => WriteAggregated(w, _groups.Where(g => g.Group.Length == 0)));
            AggregatedGroups = Write(w => WriteAggregated(w, _groups.Where(g => g.Group.Length > 0)));
            LegacyGroups = Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("kind", "APIGroupList");
                w.WriteString("apiVersion", "v1");
                w.WriteStartArray("groups");
                foreach (var g in _groups.Where(g => g.Group.Length > 0)) WriteGroup(w, g.Group, g.Versions.Select(v => v.Version).ToArray(), withTypeMeta: false);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        public byte[] AggregatedCore { get; }
        public byte[] AggregatedGroups { get; }
        public byte[] LegacyGroups { get; }

        public IReadOnlyList<string> Versions(string group) =>
            _groups.Where(g => g.Group == group).SelectMany(g => g.Versions.Select(v => v.Version)).ToArray();

        public IReadOnlyList<ResourceDefinition> Resources(string group, string version) =>
            _groups.Where(g => g.Group == group).SelectMany(g => g.Versions).Where(v => v.Version == version).SelectMany(v => v.Resources).ToArray();

        /// <summary>Kubernetes' version ordering: GA before beta before alpha, higher numbers first.</summary>
        private static (int, int, int) VersionPriority(string v)
        {
            var m = System.Text.RegularExpressions.Regex.Match(v, @"^v(\d+)(?:(alpha|beta)(\d+))?$");
            if (!m.Success) return (3, 0, 0);
            var major = int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var stage = m.Groups[2].Value switch { "" => 0, "beta" => 1, _ => 2 };
            var minor = m.Groups[3].Success ? int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            return (stage, -major, -minor);
        }

        private static void WriteAggregated(Utf8JsonWriter w, IEnumerable<(string Group, IReadOnlyList<(string Version, IReadOnlyList<ResourceDefinition> Resources)> Versions)> groups)
        {
            w.WriteStartObject();
            w.WriteString("kind", "APIGroupDiscoveryList");
            w.WriteString("apiVersion", "apidiscovery.k8s.io/v2");
            w.WriteStartObject("metadata");
            w.WriteEndObject();
            w.WriteStartArray("items");
            foreach (var (group, versions) in groups)
            {
                w.WriteStartObject();
                w.WriteStartObject("metadata");
                w.WriteString("name", group);
                w.WriteEndObject();
                w.WriteStartArray("versions");
                foreach (var (version, resources) in versions)
                {
                    w.WriteStartObject();
                    w.WriteString("version", version);
                    w.WriteStartArray("resources");
                    foreach (var r in resources)
                    {
                        w.WriteStartObject();
                        w.WriteString("resource", r.Plural);
                        WriteKind(w, "responseKind", r.Group, r.Version, r.Kind);
                        w.WriteString("scope", r.Namespaced ? "Namespaced" : "Cluster");
                        w.WriteString("singularResource", r.Singular);
                        WriteStrings(w, "verbs", r.Verbs);
                        if (r.ShortNames.Count > 0) WriteStrings(w, "shortNames", r.ShortNames);
                        if (r.Categories.Count > 0) WriteStrings(w, "categories", r.Categories);
                        var subs = r.Subresources.Select(s => (Name: s, Info: Subresource(r, s))).Where(s => s.Info is not null).ToArray();
                        if (subs.Length > 0)
                        {
                            w.WriteStartArray("subresources");
                            foreach (var (name, info) in subs)
                            {
                                w.WriteStartObject();
                                w.WriteString("subresource", name);
                                WriteKind(w, "responseKind", info!.Value.Group, info.Value.Version, info.Value.Kind);
                                WriteStrings(w, "verbs", info.Value.Verbs);
                                w.WriteEndObject();
                            }
                            w.WriteEndArray();
                        }
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteString("freshness", "Current");
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void WriteKind(Utf8JsonWriter w, string name, string group, string version, string kind)
        {
            w.WriteStartObject(name);
            w.WriteString("group", group);
            w.WriteString("version", version);
            w.WriteString("kind", kind);
            w.WriteEndObject();
        }
    }
}
