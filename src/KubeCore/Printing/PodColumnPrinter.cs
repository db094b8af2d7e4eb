using System.Globalization;
using KubeCore.Models;

namespace KubeCore.Printing;

/// <summary>
/// The pod columns of kube-apiserver 1.32: Name, Ready, Status, Restarts, Age; wide IP, Node, Nominated Node,
/// Readiness Gates — with kubectl's status reason (Init:N/M, CrashLoopBackOff, Completed, Terminating, …).
/// </summary>
internal static class PodColumnPrinter
{
    private const string NodeUnreachablePodReason = "NodeLost";

    private static readonly TableRowCondition[] s_succeeded =
        [new() { Type = "Completed", Status = "True", Reason = "Succeeded", Message = "The pod has completed successfully." }];
    private static readonly TableRowCondition[] s_failed =
        [new() { Type = "Completed", Status = "True", Reason = "Failed", Message = "The pod failed." }];

    public static IColumnPrinter Instance { get; } = new ColumnPrinter<Pod>(
    [
        TableColumns.Name,
        TableColumns.Text("Ready", "The aggregate readiness state of this pod for accepting traffic."),
        TableColumns.Text("Status", "The aggregate status of the containers in this pod."),
        TableColumns.Text("Restarts", "The number of times the containers in this pod have been restarted and when the last container in this pod has restarted."),
        TableColumns.Age,
        TableColumns.Text("IP", "IP address allocated to the pod.", 1),
        TableColumns.Text("Node", "The node the pod is bound to.", 1),
        TableColumns.Text("Nominated Node", "The node the scheduler nominated for this pod after preempting others.", 1),
        TableColumns.Text("Readiness Gates", "How many of the pod's readiness gates are true.", 1),
    ], Print);

    private static TableRow Print(Pod pod, DateTimeOffset now)
    {
        var spec = pod.Spec ?? new PodSpec();
        var status = pod.Status ?? new PodStatus();
        var containers = spec.Containers ?? [];
        var initContainers = spec.InitContainers ?? [];

        var restarts = 0;
        var sidecarRestarts = 0;
        var totalContainers = containers.Count;
        var readyContainers = 0;
        DateTimeOffset? lastRestart = null;
        DateTimeOffset? lastSidecarRestart = null;

        var phase = status.Phase ?? "";
        var reason = string.IsNullOrEmpty(status.Reason) ? phase : status.Reason;

        foreach (var condition in status.Conditions ?? [])
        {
            if (condition.Type == "PodScheduled" && condition.Reason == "SchedulingGated") reason = "SchedulingGated";
        }

        var sidecarNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var init in initContainers)
        {
            if (init.RestartPolicy == "Always")
            {
                sidecarNames.Add(init.Name);
                totalContainers++;
            }
        }

        var initializing = false;
        var initStatuses = status.InitContainerStatuses ?? [];
        for (var i = 0; i < initStatuses.Count; i++)
        {
            var container = initStatuses[i];
            var isSidecar = sidecarNames.Contains(container.Name);
            restarts += container.RestartCount ?? 0;
            Later(ref lastRestart, container.LastState?.Terminated?.FinishedAt);
            if (isSidecar)
            {
                sidecarRestarts += container.RestartCount ?? 0;
                Later(ref lastSidecarRestart, container.LastState?.Terminated?.FinishedAt);
            }

            var terminated = container.State?.Terminated;
            var waiting = container.State?.Waiting;
            if (terminated is not null && terminated.ExitCode == 0) continue;
            if (isSidecar && container.Started == true)
            {
                if (container.Ready == true) readyContainers++;
                continue;
            }
            if (terminated is not null)
            {
                reason = string.IsNullOrEmpty(terminated.Reason)
                    ? terminated.Signal is { } signal and not 0 ? Invariant($"Init:Signal:{signal}") : Invariant($"Init:ExitCode:{terminated.ExitCode}")
                    : "Init:" + terminated.Reason;
            }
            else if (waiting is not null && !string.IsNullOrEmpty(waiting.Reason) && waiting.Reason != "PodInitializing")
            {
                reason = "Init:" + waiting.Reason;
            }
            else
            {
                reason = Invariant($"Init:{i}/{initContainers.Count}");
            }
            initializing = true;
            break;
        }

        if (!initializing || IsInitializedConditionTrue(status))
        {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            var hasRunning = false;
            var statuses = status.ContainerStatuses ?? [];
            for (var i = statuses.Count - 1; i >= 0; i--)
            {
                var container = statuses[i];
                restarts += container.RestartCount ?? 0;
                Later(ref lastRestart, container.LastState?.Terminated?.FinishedAt);
                var waiting = container.State?.Waiting;
                var terminated = container.State?.Terminated;
                if (waiting is not null && !string.IsNullOrEmpty(waiting.Reason))
                {
                    reason = waiting.Reason;
                }
                else if (terminated is not null && !string.IsNullOrEmpty(terminated.Reason))
                {
                    reason = terminated.Reason;
                }
                else if (terminated is not null)
                {
                    reason = terminated.Signal is { } signal and not 0 ? Invariant($"Signal:{signal}") : Invariant($"ExitCode:{terminated.ExitCode}");
                }
                else if (container.Ready == true && container.State?.Running is not null)
                {
                    hasRunning = true;
                    readyContainers++;
                }
            }

            // A pod whose last container completed but another still runs reads as running (or not ready).
            if (reason == "Completed" && hasRunning)
                reason = HasReadyCondition(status) ? "Running" : "NotReady";
        }

        if (pod.Metadata.DeletionTimestamp is not null && status.Reason == NodeUnreachablePodReason)
            reason = "Unknown";
        else if (pod.Metadata.DeletionTimestamp is not null && phase is not ("Succeeded" or "Failed"))
            reason = "Terminating";

        var restartsText = PrintFormat.Int(restarts);
        if (restarts != 0 && lastRestart is { } last)
            restartsText = Invariant($"{restarts} ({HumanDuration.Format(now - last)} ago)");

        var podIp = status.PodIPs is { Count: > 0 } ips ? ips[0].Ip ?? "" : "";
        var readinessGates = PrintFormat.None;
        if (spec.ReadinessGates is { Count: > 0 } gates)
        {
            var trueConditions = 0;
            foreach (var gate in gates)
            {
                var condition = status.Conditions?.FirstOrDefault(c => c.Type == gate.ConditionType);
                if (condition?.Status == "True") trueConditions++;
            }
            readinessGates = Invariant($"{trueConditions}/{gates.Count}");
        }

        return new TableRow
        {
            Cells =
            [
                pod.Metadata.Name ?? "",
                Invariant($"{readyContainers}/{totalContainers}"),
                reason,
                restartsText,
                HumanDuration.Since(pod.Metadata.CreationTimestamp, now),
                podIp.Length == 0 ? PrintFormat.None : podIp,
                string.IsNullOrEmpty(spec.NodeName) ? PrintFormat.None : spec.NodeName,
                string.IsNullOrEmpty(status.NominatedNodeName) ? PrintFormat.None : status.NominatedNodeName,
                readinessGates,
            ],
            Conditions = phase switch { "Succeeded" => s_succeeded, "Failed" => s_failed, _ => null },
        };
    }

    private static void Later(ref DateTimeOffset? latest, KubeTime? candidate)
    {
        if (candidate is { } c && (latest is null || c.Value > latest.Value)) latest = c.Value;
    }

    private static bool HasReadyCondition(PodStatus status) =>
        status.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    private static bool IsInitializedConditionTrue(PodStatus status) =>
        status.Conditions?.FirstOrDefault(c => c.Type == "Initialized") is { } c && c.Status == "True";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
