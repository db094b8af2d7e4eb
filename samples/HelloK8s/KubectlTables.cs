using System.Globalization;
using KubeCore.Models;
using Spectre.Console;
using Spectre.Console.Rendering;
using Table = Spectre.Console.Table;

namespace HelloK8s;

/// <summary>Renders objects as the tables <c>kubectl get</c> prints: borderless, upper-case headers, the same columns.</summary>
public static class KubectlTables
{
    /// <summary><c>kubectl get nodes</c>: NAME STATUS ROLES AGE VERSION.</summary>
    public static IRenderable Nodes(IEnumerable<Node> nodes, DateTimeOffset now) => Table(["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
        nodes.OrderBy(n => n.Metadata.Name, StringComparer.Ordinal).Select(n => new[]
        {
            n.Metadata.Name ?? "",
            NodeStatus(n),
            "<none>",
            Age(n.Metadata.CreationTimestamp?.Value, now),
            n.Status?.NodeInfo?.KubeletVersion ?? "",
        }));

    /// <summary><c>kubectl get pods -o wide</c>: NAME READY STATUS RESTARTS AGE IP NODE.</summary>
    public static IRenderable Pods(IEnumerable<Pod> pods, DateTimeOffset now) => Table(["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE"],
        pods.OrderBy(p => p.Metadata.Name, StringComparer.Ordinal).Select(p => new[]
        {
            p.Metadata.Name ?? "",
            $"{p.Status?.ContainerStatuses?.Count(c => c.Ready == true) ?? 0}/{p.Spec?.Containers?.Count ?? 0}",
            PodStatus(p),
            (p.Status?.ContainerStatuses?.Sum(c => c.RestartCount ?? 0) ?? 0).ToString(CultureInfo.InvariantCulture),
            Age(p.Metadata.CreationTimestamp?.Value, now),
            p.Status?.PodIP ?? "<none>",
            p.Spec?.NodeName ?? "<none>",
        }));

    /// <summary><c>kubectl get svc</c>: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE.</summary>
    public static IRenderable Services(IEnumerable<Service> services, DateTimeOffset now) => Table(["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"],
        services.OrderBy(s => s.Metadata.Name, StringComparer.Ordinal).Select(s => new[]
        {
            s.Metadata.Name ?? "",
            s.Spec?.Type ?? "ClusterIP",
            string.IsNullOrEmpty(s.Spec?.ClusterIP) ? "<none>" : s.Spec.ClusterIP,
            s.Status?.LoadBalancer?.Ingress is { Count: > 0 } lb ? string.Join(",", lb.Select(i => i.Ip ?? i.Hostname)) : s.Spec?.Type == "LoadBalancer" ? "<pending>" : "<none>",
            string.Join(",", (s.Spec?.Ports ?? []).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Port}{(p.NodePort is > 0 ? ":" + p.NodePort : "")}/{p.Protocol ?? "TCP"}"))),
            Age(s.Metadata.CreationTimestamp?.Value, now),
        }));

    /// <summary><c>kubectl get deploy</c>: NAME READY UP-TO-DATE AVAILABLE AGE.</summary>
    public static IRenderable Deployments(IEnumerable<Deployment> deployments, DateTimeOffset now) => Table(["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"],
        deployments.OrderBy(d => d.Metadata.Name, StringComparer.Ordinal).Select(d => new[]
        {
            d.Metadata.Name ?? "",
            $"{d.Status?.ReadyReplicas ?? 0}/{d.Spec?.Replicas ?? 1}",
            (d.Status?.UpdatedReplicas ?? 0).ToString(CultureInfo.InvariantCulture),
            (d.Status?.AvailableReplicas ?? 0).ToString(CultureInfo.InvariantCulture),
            Age(d.Metadata.CreationTimestamp?.Value, now),
        }));

    /// <summary><c>kubectl get rs -o wide</c> (NAME DESIRED CURRENT READY AGE IMAGES).</summary>
    public static IRenderable ReplicaSets(IEnumerable<ReplicaSet> replicaSets, DateTimeOffset now) => Table(["NAME", "DESIRED", "CURRENT", "READY", "AGE", "IMAGES"],
        replicaSets.OrderBy(r => r.Metadata.CreationTimestamp?.Value).ThenBy(r => r.Metadata.Name, StringComparer.Ordinal).Select(r => new[]
        {
            r.Metadata.Name ?? "",
            (r.Spec?.Replicas ?? 1).ToString(CultureInfo.InvariantCulture),
            (r.Status?.Replicas ?? 0).ToString(CultureInfo.InvariantCulture),
            (r.Status?.ReadyReplicas ?? 0).ToString(CultureInfo.InvariantCulture),
            Age(r.Metadata.CreationTimestamp?.Value, now),
            string.Join(",", r.Spec?.Template?.Spec?.Containers?.Select(c => c.Image) ?? []),
        }));

    /// <summary>The STATUS column of <c>kubectl get pods</c>: Terminating, a waiting or terminated container's reason, or the phase.</summary>
    public static string PodStatus(Pod pod)
    {
        if (pod.Metadata.DeletionTimestamp is not null) return "Terminating";
        foreach (var c in pod.Status?.ContainerStatuses ?? [])
        {
            if (c.State?.Waiting?.Reason is { Length: > 0 } waiting) return waiting;
            if (c.State?.Terminated?.Reason is { Length: > 0 } terminated) return terminated;
        }
        if (pod.Status?.Phase is "Pending" or null && pod.Spec?.NodeName is not null) return "ContainerCreating";
        return pod.Status?.Phase ?? "Pending";
    }

    /// <summary>kubectl's short age: <c>45s</c>, <c>3m20s</c>, <c>12m</c>, <c>5h</c>.</summary>
    public static string Age(DateTimeOffset? created, DateTimeOffset now)
    {
        if (created is null) return "<unknown>";
        var d = now - created.Value;
        if (d < TimeSpan.Zero) return "0s";
        var seconds = (int)d.TotalSeconds;
        if (seconds < 120) return $"{seconds}s";
        var minutes = (int)d.TotalMinutes;
        if (minutes < 10) return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        if (minutes < 180) return $"{minutes}m";
        var hours = (int)d.TotalHours;
        return hours < 48 ? $"{hours}h" : $"{(int)d.TotalDays}d";
    }

    private static string NodeStatus(Node node)
    {
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;
        var status = ready switch { "True" => "Ready", null => "Unknown", _ => "NotReady" };
        return node.Spec?.Unschedulable == true ? status + ",SchedulingDisabled" : status;
    }

    private static Table Table(string[] headers, IEnumerable<string[]> rows)
    {
        var table = new Table().Border(TableBorder.None).HideHeaders();
        foreach (var _ in headers) table.AddColumn(new TableColumn("").PadLeft(0).PadRight(3));
        table.AddRow(headers.Select(h => new Text(h)).ToArray<IRenderable>());
        foreach (var row in rows) table.AddRow(row.Select(cell => new Text(cell)).ToArray<IRenderable>());
        return table;
    }
}
