using KubeCore.Models;

namespace KubeCore.Printing;

internal static partial class BuiltInPrinters
{
    private const string NodeRolePrefix = "node-role.kubernetes.io/";
    private const string NodeRoleLabel = "kubernetes.io/role";

    public static IColumnPrinter Node { get; } = new ColumnPrinter<Node>(
    [
        TableColumns.Name,
        TableColumns.Text("Status", "The status of the node"),
        TableColumns.Text("Roles", "The roles of the node"),
        TableColumns.Age,
        TableColumns.Text("Version", "Kubelet Version reported by the node."),
        TableColumns.Text("Internal-IP", "List of addresses reachable to the node.", 1),
        TableColumns.Text("External-IP", "List of addresses reachable to the node.", 1),
        TableColumns.Text("OS-Image", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", 1),
        TableColumns.Text("Kernel-Version", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", 1),
        TableColumns.Text("Container-Runtime", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", 1),
    ], (node, now) =>
    {
        var status = new List<string>();
        if (node.Status?.Conditions?.LastOrDefault(c => c.Type == "Ready") is { } ready)
            status.Add(ready.Status == "True" ? "Ready" : "NotReady");
        if (status.Count == 0) status.Add("Unknown");
        if (node.Spec?.Unschedulable == true) status.Add("SchedulingDisabled");

        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.Metadata.Labels ?? new Dictionary<string, string>())
        {
            if (key.StartsWith(NodeRolePrefix, StringComparison.Ordinal) && key.Length > NodeRolePrefix.Length)
                roles.Add(key[NodeRolePrefix.Length..]);
            else if (key == NodeRoleLabel && value.Length > 0)
                roles.Add(value);
        }

        var info = node.Status?.NodeInfo;
        return
        [
            node.Metadata.Name ?? "",
            string.Join(",", status),
            roles.Count == 0 ? PrintFormat.None : string.Join(",", roles),
            HumanDuration.Since(node.Metadata.CreationTimestamp, now),
            info?.KubeletVersion ?? "",
            NodeAddress(node, "InternalIP"),
            NodeAddress(node, "ExternalIP"),
            OrUnknown(info?.OsImage),
            OrUnknown(info?.KernelVersion),
            OrUnknown(info?.ContainerRuntimeVersion),
        ];
    });

    public static IColumnPrinter Namespace { get; } = new ColumnPrinter<Namespace>(
    [
        TableColumns.Name,
        TableColumns.Text("Status", "The status of the namespace"),
        TableColumns.Age,
    ], (ns, now) => [ns.Metadata.Name ?? "", ns.Status?.Phase ?? "", HumanDuration.Since(ns.Metadata.CreationTimestamp, now)]);

    public static IColumnPrinter Event { get; } = new ColumnPrinter<Event>(
    [
        TableColumns.Text("Last Seen", "The time at which the most recent occurrence of this event was recorded."),
        TableColumns.Text("Type", "Type of this event (Normal, Warning), new types could be added in the future"),
        TableColumns.Text("Reason", "This should be a short, machine understandable string that gives the reason for the transition into the object's current status."),
        TableColumns.Text("Object", "The object that this event is about."),
        TableColumns.Text("Subobject", "The sub-object (e.g. a container of a pod) the event is about.", 1),
        TableColumns.Text("Source", "The component reporting this event.", 1),
        TableColumns.Text("Message", "A human-readable description of the status of this operation."),
        TableColumns.Text("First Seen", "The time at which the event was first recorded.", 1),
        TableColumns.Text("Count", "The number of times this event has occurred.", 1),
        TableColumns.Name with { Priority = 1 },
    ], (e, now) =>
    {
        var firstSeen = e.FirstTimestamp is { } first ? HumanDuration.Since(first, now) : HumanDuration.Since(e.EventTime, now);
        var lastSeen = e.LastTimestamp is { } last ? HumanDuration.Since(last, now) : firstSeen;
        long count = e.Count ?? 0;
        if (e.Series is { } series)
        {
            lastSeen = HumanDuration.Since(series.LastObservedTime, now);
            count = series.Count ?? 0;
        }
        else if (count == 0)
        {
            count = 1; // singleton events of the events.k8s.io API carry no count
        }

        var involved = e.InvolvedObject ?? new ObjectReference(); // JSON null decodes as null despite the default
        var kind = PrintFormat.Lower(involved.Kind);
        var target = string.IsNullOrEmpty(involved.Name) ? kind : kind + "/" + involved.Name;
        var component = FirstNonEmpty(e.Source?.Component, e.ReportingComponent);
        var instance = FirstNonEmpty(e.Source?.Host, e.ReportingInstance);
        return
        [
            lastSeen,
            e.Type ?? "",
            e.Reason ?? "",
            target,
            involved.FieldPath ?? "",
            instance.Length == 0 ? component : component + ", " + instance,
            (e.Message ?? "").Trim(),
            firstSeen,
            count,
            e.Metadata.Name ?? "",
        ];
    });

    public static IColumnPrinter Lease { get; } = new ColumnPrinter<Lease>(
    [
        TableColumns.Name,
        TableColumns.Text("Holder", "The identity of the holder of the current lease."),
        TableColumns.Age,
    ], (lease, now) => [lease.Metadata.Name ?? "", lease.Spec?.HolderIdentity ?? "", HumanDuration.Since(lease.Metadata.CreationTimestamp, now)]);

    public static IColumnPrinter PriorityClass { get; } = new ColumnPrinter<PriorityClass>(
    [
        TableColumns.Name,
        TableColumns.Integer("Value", "The value of this priority class."),
        TableColumns.Boolean("Global-Default", "Whether this priority class is the default for pods without one."),
        TableColumns.Age,
        TableColumns.Text("PreemptionPolicy", "The policy for preempting pods with lower priority."),
    ], (pc, now) =>
    [
        pc.Metadata.Name ?? "",
        (long)pc.Value,
        pc.GlobalDefault ?? false,
        HumanDuration.Since(pc.Metadata.CreationTimestamp, now),
        pc.PreemptionPolicy ?? "",
    ]);

    public static IColumnPrinter RoleBinding { get; } = new ColumnPrinter<RoleBinding>(BindingColumns("roleBinding"),
        (rb, now) => BindingCells(rb.Metadata, rb.RoleRef, rb.Subjects, now));

    public static IColumnPrinter ClusterRoleBinding { get; } = new ColumnPrinter<ClusterRoleBinding>(BindingColumns("clusterRoleBinding"),
        (rb, now) => BindingCells(rb.Metadata, rb.RoleRef, rb.Subjects, now));

    public static IColumnPrinter Scale { get; } = new ColumnPrinter<Scale>(
    [
        TableColumns.Name with { Format = "" },
        TableColumns.Integer("Desired", "Desired number of instances for the scaled object."),
        TableColumns.Integer("Available", "Actual number of observed instances of the scaled object."),
        TableColumns.Age,
    ], (s, now) =>
    [
        s.Metadata.Name ?? "", (long)(s.Spec?.Replicas ?? 0), (long)(s.Status?.Replicas ?? 0),
        HumanDuration.Since(s.Metadata.CreationTimestamp, now),
    ]);

    private static TableColumnDefinition[] BindingColumns(string kind) =>
    [
        TableColumns.Name,
        TableColumns.Text("Role", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace."),
        TableColumns.Age,
        TableColumns.Text("Users", "Users in the " + kind, 1),
        TableColumns.Text("Groups", "Groups in the " + kind, 1),
        TableColumns.Text("ServiceAccounts", "ServiceAccounts in the " + kind, 1),
    ];

    private static object?[] BindingCells(ObjectMeta metadata, RoleRef roleRef, IReadOnlyList<Subject>? subjects, DateTimeOffset now)
    {
        var users = new List<string>();
        var groups = new List<string>();
        var serviceAccounts = new List<string>();
        foreach (var subject in subjects ?? [])
        {
            switch (subject.Kind)
            {
                case "ServiceAccount": serviceAccounts.Add((subject.Namespace ?? "") + "/" + subject.Name); break;
                case "User": users.Add(subject.Name); break;
                case "Group": groups.Add(subject.Name); break;
            }
        }
        return
        [
            metadata.Name ?? "",
            (roleRef?.Kind ?? "") + "/" + (roleRef?.Name ?? ""),
            HumanDuration.Since(metadata.CreationTimestamp, now),
            string.Join(", ", users),
            string.Join(", ", groups),
            string.Join(", ", serviceAccounts),
        ];
    }

    private static string NodeAddress(Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address ?? PrintFormat.None;

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? PrintFormat.Unknown : value;

    private static string FirstNonEmpty(string? first, string? second) =>
        !string.IsNullOrEmpty(first) ? first : second ?? "";
}
