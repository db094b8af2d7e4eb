using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using KubeCore.Models;

namespace KubeCore.Serialization;

/// <summary>
/// Maps (<c>apiVersion</c>, <c>kind</c>) to the CLR record type that models it, and back. Thread-safe.
/// Kinds that are not registered decode as <see cref="GenericObject"/>.
/// </summary>
public sealed class KubeTypeMap
{
    private readonly ConcurrentDictionary<(string ApiVersion, string Kind), Type> _types = new();
    private readonly ConcurrentDictionary<Type, (string ApiVersion, string Kind)> _kinds = new();

    /// <summary>The shared map holding every built-in kind; user kinds registered here are seen by <see cref="KubeJson"/>.</summary>
    public static KubeTypeMap Default { get; } = CreateWithBuiltIns();

    /// <summary>Creates a map holding every built-in kind.</summary>
    public static KubeTypeMap CreateWithBuiltIns()
    {
        var map = new KubeTypeMap();
        map.Register<Namespace>("v1", "Namespace");
        map.Register<Node>("v1", "Node");
        map.Register<Pod>("v1", "Pod");
        map.Register<Binding>("v1", "Binding");
        map.Register<Service>("v1", "Service");
        map.Register<Endpoints>("v1", "Endpoints");
        map.Register<ConfigMap>("v1", "ConfigMap");
        map.Register<Secret>("v1", "Secret");
        map.Register<Event>("v1", "Event");
        map.Register<ServiceAccount>("v1", "ServiceAccount");
        map.Register<PersistentVolume>("v1", "PersistentVolume");
        map.Register<PersistentVolumeClaim>("v1", "PersistentVolumeClaim");
        map.Register<Deployment>("apps/v1", "Deployment");
        map.Register<ReplicaSet>("apps/v1", "ReplicaSet");
        map.Register<Job>("batch/v1", "Job");
        map.Register<CronJob>("batch/v1", "CronJob");
        map.Register<EndpointSlice>("discovery.k8s.io/v1", "EndpointSlice");
        map.Register<Ingress>("networking.k8s.io/v1", "Ingress");
        map.Register<IngressClass>("networking.k8s.io/v1", "IngressClass");
        map.Register<Lease>("coordination.k8s.io/v1", "Lease");
        map.Register<HorizontalPodAutoscaler>("autoscaling/v2", "HorizontalPodAutoscaler");
        map.Register<Scale>("autoscaling/v1", "Scale");
        map.Register<Role>("rbac.authorization.k8s.io/v1", "Role");
        map.Register<ClusterRole>("rbac.authorization.k8s.io/v1", "ClusterRole");
        map.Register<RoleBinding>("rbac.authorization.k8s.io/v1", "RoleBinding");
        map.Register<ClusterRoleBinding>("rbac.authorization.k8s.io/v1", "ClusterRoleBinding");
        map.Register<CustomResourceDefinition>("apiextensions.k8s.io/v1", "CustomResourceDefinition");
        map.Register<PriorityClass>("scheduling.k8s.io/v1", "PriorityClass");
        map.Register<PartialObjectMetadata>(PartialObjectMetadata.MetaApiVersion, "PartialObjectMetadata");
        return map;
    }

    /// <summary>Registers <typeparamref name="T"/> as the model of <paramref name="apiVersion"/>/<paramref name="kind"/>.</summary>
    /// <exception cref="InvalidOperationException">The kind is already registered to another type.</exception>
    public void Register<T>(string apiVersion, string kind) where T : KubeObject => Register(apiVersion, kind, typeof(T));

    /// <summary>Registers <paramref name="type"/> as the model of <paramref name="apiVersion"/>/<paramref name="kind"/>.</summary>
    /// <exception cref="ArgumentException">The type is not a concrete <see cref="KubeObject"/>.</exception>
    /// <exception cref="InvalidOperationException">The kind is already registered to another type.</exception>
    public void Register(string apiVersion, string kind, Type type)
    {
        ArgumentException.ThrowIfNullOrEmpty(apiVersion);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(KubeObject).IsAssignableFrom(type) || type.IsAbstract)
            throw new ArgumentException($"{type} is not a concrete KubeObject type", nameof(type));
        var existing = _types.GetOrAdd((apiVersion, kind), type);
        if (existing != type)
            throw new InvalidOperationException($"{apiVersion}/{kind} is already registered to {existing}");
        _kinds.TryAdd(type, (apiVersion, kind));
    }

    /// <summary>Looks up the type modelling <paramref name="apiVersion"/>/<paramref name="kind"/>.</summary>
    public bool TryGetType(string apiVersion, string kind, [NotNullWhen(true)] out Type? type) =>
        _types.TryGetValue((apiVersion, kind), out type);

    /// <summary>Looks up the apiVersion and kind a type was registered for (the first registration wins).</summary>
    public bool TryGetKind(Type type, [NotNullWhen(true)] out string? apiVersion, [NotNullWhen(true)] out string? kind)
    {
        if (_kinds.TryGetValue(type, out var entry))
        {
            (apiVersion, kind) = entry;
            return true;
        }
        apiVersion = kind = null;
        return false;
    }

    /// <summary>Every registration, as (apiVersion, kind, type).</summary>
    public IReadOnlyList<(string ApiVersion, string Kind, Type Type)> Registrations =>
        _types.Select(e => (e.Key.ApiVersion, e.Key.Kind, e.Value)).OrderBy(e => e.ApiVersion, StringComparer.Ordinal).ThenBy(e => e.Kind, StringComparer.Ordinal).ToList();
}
