using System.Collections.Concurrent;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Printing;

/// <summary>
/// Turns objects and lists into <c>meta.k8s.io/v1</c> Tables with the columns kube-apiserver 1.32 prints for each
/// kind (what <c>kubectl get</c> shows). Printers are looked up by API group and kind; register your own for custom
/// kinds, or a CRD's <c>additionalPrinterColumns</c> with <see cref="RegisterCustomResource"/>. Kinds without a printer
/// get kube-apiserver's default table: Name and Created At.
/// </summary>
/// <remarks>
/// Rows always carry every cell, wide (<c>priority 1</c>) columns included, as the server does; clients hide the wide
/// ones (see <see cref="TablePrinter"/>). Ages are computed from the <c>now</c> you pass: give it the cluster's clock
/// (<c>timeProvider.GetUtcNow()</c>). Thread-safe.
/// </remarks>
public sealed class TableConverter
{
    private readonly ConcurrentDictionary<(string Group, string Kind), IColumnPrinter> _printers = new();
    private readonly KubeTypeMap _typeMap;

    /// <summary>Creates a converter holding the printers of every built-in kind.</summary>
    /// <param name="typeMap">Resolves the apiVersion and kind of objects that do not carry them; defaults to <see cref="KubeTypeMap.Default"/>.</param>
    public TableConverter(KubeTypeMap? typeMap = null)
    {
        _typeMap = typeMap ?? KubeTypeMap.Default;
        Register("", "Pod", PodColumnPrinter.Instance);
        Register("", "Service", BuiltInPrinters.Service);
        Register("", "Endpoints", BuiltInPrinters.Endpoints);
        Register("", "Node", BuiltInPrinters.Node);
        Register("", "Namespace", BuiltInPrinters.Namespace);
        Register("", "Event", BuiltInPrinters.Event);
        Register("", "ConfigMap", BuiltInPrinters.ConfigMap);
        Register("", "Secret", BuiltInPrinters.Secret);
        Register("", "ServiceAccount", BuiltInPrinters.ServiceAccount);
        Register("", "PersistentVolume", BuiltInPrinters.PersistentVolume);
        Register("", "PersistentVolumeClaim", BuiltInPrinters.PersistentVolumeClaim);
        Register("apps", "Deployment", BuiltInPrinters.Deployment);
        Register("apps", "ReplicaSet", BuiltInPrinters.ReplicaSet);
        Register("apps", "StatefulSet", BuiltInPrinters.StatefulSet);
        Register("apps", "DaemonSet", BuiltInPrinters.DaemonSet);
        Register("storage.k8s.io", "StorageClass", BuiltInPrinters.StorageClass);
        Register("batch", "Job", BuiltInPrinters.Job);
        Register("batch", "CronJob", BuiltInPrinters.CronJob);
        Register("autoscaling", "HorizontalPodAutoscaler", BuiltInPrinters.HorizontalPodAutoscaler);
        Register("autoscaling", "Scale", BuiltInPrinters.Scale);
        Register("discovery.k8s.io", "EndpointSlice", BuiltInPrinters.EndpointSlice);
        Register("networking.k8s.io", "Ingress", BuiltInPrinters.Ingress);
        Register("networking.k8s.io", "IngressClass", BuiltInPrinters.IngressClass);
        Register("coordination.k8s.io", "Lease", BuiltInPrinters.Lease);
        Register("scheduling.k8s.io", "PriorityClass", BuiltInPrinters.PriorityClass);
        Register("rbac.authorization.k8s.io", "RoleBinding", BuiltInPrinters.RoleBinding);
        Register("rbac.authorization.k8s.io", "ClusterRoleBinding", BuiltInPrinters.ClusterRoleBinding);
    }

    /// <summary>A shared converter with the built-in printers (register custom printers on your own instance).</summary>
    public static TableConverter Default { get; } = new();

    /// <summary>Registers (or replaces) the printer of <paramref name="group"/>/<paramref name="kind"/>; "" is the core group.</summary>
    public TableConverter Register(string group, string kind, IColumnPrinter printer)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(printer);
        _printers[(group, kind)] = printer;
        return this;
    }

    /// <summary>Registers the printer columns of one version of a CRD for its kind.</summary>
    /// <exception cref="ArgumentException">The CRD is incomplete or has no such version.</exception>
    /// <exception cref="FormatException">A printer column's JSONPath is invalid.</exception>
    public TableConverter RegisterCustomResource(CustomResourceDefinition crd, string version)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var spec = crd.Spec ?? throw new ArgumentException("the CustomResourceDefinition has no spec", nameof(crd));
        var kind = spec.Names?.Kind;
        if (string.IsNullOrEmpty(kind)) throw new ArgumentException("the CustomResourceDefinition has no spec.names.kind", nameof(crd));
        return Register(spec.Group, kind, CustomResourceColumnPrinter.ForVersion(crd, version));
    }

    /// <summary>Removes the printer of <paramref name="group"/>/<paramref name="kind"/> (it then prints with the default columns).</summary>
    public bool Unregister(string group, string kind) => _printers.TryRemove((group, kind), out _);

    /// <summary>The printer used for <paramref name="group"/>/<paramref name="kind"/>: the registered one or <see cref="DefaultColumnPrinter"/>.</summary>
    public IColumnPrinter GetPrinter(string group, string kind) =>
        _printers.TryGetValue((group, kind), out var printer) ? printer : DefaultColumnPrinter.Instance;

    /// <summary>A one-row table for <paramref name="obj"/>; its resourceVersion is the object's.</summary>
    /// <exception cref="ArgumentException">The object's kind cannot be determined.</exception>
    public Table ConvertToTable(KubeObject obj, DateTimeOffset now, TableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (group, kind) = GroupKindOf(obj.ApiVersion, obj.Kind, obj.GetType());
        return Build(GetPrinter(group, kind), [obj], new ListMeta { ResourceVersion = obj.Metadata.ResourceVersion }, now, options);
    }

    /// <summary>A table of every item of <paramref name="list"/>, carrying its resourceVersion, continue token and remaining count.</summary>
    /// <exception cref="ArgumentException">The items' kind cannot be determined.</exception>
    public Table ConvertToTable<T>(KubeList<T> list, DateTimeOffset now, TableOptions? options = null) where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(list);
        var itemKind = list.Kind is { } k && k.EndsWith("List", StringComparison.Ordinal) ? k[..^4] : null;
        var (group, kind) = list.Items.Count > 0 && list.Items[0].Kind is not null
            ? GroupKindOf(list.Items[0].ApiVersion, list.Items[0].Kind, list.Items[0].GetType())
            : GroupKindOf(list.ApiVersion, itemKind, typeof(T));
        return ConvertToTable(list.Items, group, kind, list.Metadata, now, options);
    }

    /// <summary>A table of <paramref name="items"/>, all of <paramref name="group"/>/<paramref name="kind"/>.</summary>
    public Table ConvertToTable(IEnumerable<KubeObject> items, string group, string kind, ListMeta? listMeta, DateTimeOffset now, TableOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(group);
        ArgumentException.ThrowIfNullOrEmpty(kind);
        var meta = listMeta is null ? new ListMeta() : new ListMeta
        {
            ResourceVersion = listMeta.ResourceVersion,
            Continue = listMeta.Continue,
            RemainingItemCount = listMeta.RemainingItemCount,
        };
        return Build(GetPrinter(group, kind), items, meta, now, options);
    }

    private static Table Build(IColumnPrinter printer, IEnumerable<KubeObject> items, ListMeta meta, DateTimeOffset now, TableOptions? options)
    {
        options ??= TableOptions.Default;
        var rows = new List<TableRow>();
        foreach (var item in items)
        {
            var row = printer.PrintRow(item, now);
            if (row.Cells.Count != printer.Columns.Count)
                throw new InvalidOperationException($"the printer of {item.Kind} returned {row.Cells.Count} cells for {printer.Columns.Count} columns");
            rows.Add(row with
            {
                Object = options.IncludeObject switch
                {
                    IncludeObjectPolicy.None => null,
                    IncludeObjectPolicy.Object => item,
                    _ => PartialObjectMetadata.From(item),
                },
            });
        }
        return new Table
        {
            Metadata = meta,
            ColumnDefinitions = options.NoHeaders ? [] : printer.Columns,
            Rows = rows,
        };
    }

    private (string Group, string Kind) GroupKindOf(string? apiVersion, string? kind, Type type)
    {
        if ((string.IsNullOrEmpty(apiVersion) || string.IsNullOrEmpty(kind)) && _typeMap.TryGetKind(type, out var mappedVersion, out var mappedKind))
        {
            apiVersion = string.IsNullOrEmpty(apiVersion) ? mappedVersion : apiVersion;
            kind = string.IsNullOrEmpty(kind) ? mappedKind : kind;
        }
        if (string.IsNullOrEmpty(kind))
            throw new ArgumentException($"cannot print a {type.Name} without a kind: set apiVersion and kind, or register the type in the KubeTypeMap");
        var slash = apiVersion?.IndexOf('/', StringComparison.Ordinal) ?? -1;
        return (slash < 0 ? "" : apiVersion![..slash], kind);
    }
}
