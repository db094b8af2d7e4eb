using KubeCore.Models;

namespace KubeCore.Runtime.Simulated.Pods;

/// <summary>Computes a pod's phase and conditions from its containers, as the kubelet's status manager does.</summary>
internal static class PodStatusBuilder
{
    public static PodStatus Build(PodStatus? previous, IReadOnlyList<ContainerRun> init, IReadOnlyList<ContainerRun> app, string hostIp, string? podIp, KubeTime startTime, TimeProvider time)
    {
        var phase = Phase(init, app);
        var terminal = phase is "Succeeded" or "Failed";
        var incomplete = Incomplete(init);
        var initialized = incomplete.Count == 0;
        // Sidecars count towards readiness like app containers.
        var unready = init.Where(c => c.Kind == ContainerKind.Sidecar).Concat(app).Where(c => !c.Ready).Select(c => c.Name).ToList();
        var allReady = initialized && unready.Count == 0;
        var now = KubeTime.Now(time);
        string? reason = terminal ? "PodCompleted" : allReady ? null : "ContainersNotReady";
        string? message = terminal || allReady ? null : $"containers with unready status: [{string.Join(' ', unready)}]";
        var conditions = new List<PodCondition>
        {
            Condition(previous, "PodReadyToStartContainers", podIp is null ? "False" : "True", null, null, now),
            terminal ? Condition(previous, "Initialized", "True", "PodCompleted", null, now)
                : Condition(previous, "Initialized", initialized ? "True" : "False", initialized ? null : "ContainersNotInitialized",
                    initialized ? null : $"containers with incomplete status: [{string.Join(' ', incomplete)}]", now),
            Condition(previous, "Ready", allReady && !terminal ? "True" : "False", reason, message, now),
            Condition(previous, "ContainersReady", allReady && !terminal ? "True" : "False", reason, message, now),
            Condition(previous, "PodScheduled", "True", null, null, now),
        };
        return (previous ?? new PodStatus()) with
        {
            Phase = phase, Conditions = conditions, HostIP = hostIp, HostIPs = [new HostIPEntry { Ip = hostIp }],
            PodIP = podIp, PodIPs = podIp is null ? null : [new PodIPEntry { Ip = podIp }], StartTime = startTime,
            InitContainerStatuses = init.Count == 0 ? null : init.Select(c => c.ToStatus()).ToList(),
            ContainerStatuses = app.Select(c => c.ToStatus()).ToList(), QosClass = previous?.QosClass ?? "BestEffort",
        };
    }

    /// <summary>Init containers holding up initialization: regular ones not yet succeeded, sidecars never started.</summary>
    private static List<string> Incomplete(IReadOnlyList<ContainerRun> init) =>
        init.Where(c => c.Kind == ContainerKind.Sidecar ? !c.EverStarted : !c.Succeeded).Select(c => c.Name).ToList();

    /// <summary>
    /// Pending until initialized and an app container runs; Failed if an init container failed for good; Running while any app container
    /// runs or will restart; then Succeeded or Failed by the app containers' exit codes (sidecars do not count).
    /// </summary>
    public static string Phase(IReadOnlyList<ContainerRun> init, IReadOnlyList<ContainerRun> app)
    {
        if (init.Any(c => c.Kind == ContainerKind.Init && c.Done && !c.Succeeded)) return "Failed";
        if (app.Count > 0 && app.All(c => c.Done))
            return app.All(c => c.State.Terminated?.ExitCode == 0) ? "Succeeded" : "Failed";
        if (Incomplete(init).Count > 0) return "Pending";
        if (app.Any(c => c.State.Running is not null || c.LastState?.Terminated is not null || c.State.Terminated is not null)) return "Running";
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
