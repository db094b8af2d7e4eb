using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Pods;

/// <summary>Computes a pod's phase and conditions from its containers, as the kubelet's status manager does.</summary>
internal static class PodStatusBuilder
{
    public static PodStatus Build(PodStatus? previous, IReadOnlyList<ContainerRun> containers, string hostIp, string? podIp, KubeTime startTime, TimeProvider time)
    {
        var statuses = containers.Select(c => c.ToStatus()).ToList();
        var phase = Phase(containers);
        var allReady = containers.All(c => c.Ready);
        var unready = containers.Where(c => !c.Ready).Select(c => c.Name).ToList();
        var terminal = phase is "Succeeded" or "Failed";
        var now = KubeTime.Now(time);
        string? reason = terminal ? "PodCompleted" : allReady ? null : "ContainersNotReady";
        string? message = terminal || allReady ? null : $"containers with unready status: [{string.Join(' ', unready)}]";
        var conditions = new List<PodCondition>
        {
            Condition(previous, "PodReadyToStartContainers", podIp is null ? "False" : "True", null, null, now),
            Condition(previous, "Initialized", "True", terminal ? "PodCompleted" : null, null, now),
            Condition(previous, "Ready", allReady && !terminal ? "True" : "False", reason, message, now),
            Condition(previous, "ContainersReady", allReady && !terminal ? "True" : "False", reason, message, now),
            Condition(previous, "PodScheduled", "True", null, null, now),
        };
        return (previous ?? new PodStatus()) with
        {
            Phase = phase, Conditions = conditions, HostIP = hostIp, HostIPs = [new HostIPEntry { Ip = hostIp }],
            PodIP = podIp, PodIPs = podIp is null ? null : [new PodIPEntry { Ip = podIp }], StartTime = startTime,
            ContainerStatuses = statuses, QosClass = previous?.QosClass ?? "BestEffort",
        };
    }

    /// <summary>Pending until a container runs; Running while any runs or will restart; then Succeeded or Failed.</summary>
    public static string Phase(IReadOnlyList<ContainerRun> containers)
    {
        if (containers.Count > 0 && containers.All(c => c.Done))
            return containers.All(c => c.State.Terminated?.ExitCode == 0) ? "Succeeded" : "Failed";
        if (containers.Any(c => c.State.Running is not null || c.LastState?.Terminated is not null || c.State.Terminated is not null)) return "Running";
        return "Pending";
    }

    private static PodCondition Condition(PodStatus? previous, string type, string status, string? reason, string? message, KubeTime now)
    {
        var old = previous?.Conditions?.FirstOrDefault(c => c.Type == type);
        return new PodCondition
        {
            Type = type, Status = status, Reason = reason, Message = message,
            LastTransitionTime = old is not null && old.Status == status ? old.LastTransitionTime ?? now : now,
        };
    }
}
