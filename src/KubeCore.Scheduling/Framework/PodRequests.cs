using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>
/// Computes what a pod asks of a node, as kube-scheduler does: the sum of app containers, raised to the largest init
/// container (each plus the sidecars started before it), sidecars added, plus <c>spec.overhead</c>. Pod-level
/// <c>spec.resources.requests</c> replace the container sum for the resources they name.
/// </summary>
public static class PodRequests
{
    /// <summary>The pod's effective requests.</summary>
    public static Resource Compute(Pod pod) => Compute(pod, nonZero: false);

    /// <summary>The requests used for scoring: containers without a CPU or memory request count 100m / 200Mi.</summary>
    public static Resource ComputeNonZero(Pod pod) => Compute(pod, nonZero: true);

    private static Resource Compute(Pod pod, bool nonZero)
    {
        var spec = pod.Spec;
        var total = new Resource();
        if (spec is null) return total;
        foreach (var c in spec.Containers ?? []) total.Add(ContainerRequests(c, nonZero));
        var sidecars = new Resource();
        var initMax = new Resource();
        foreach (var c in spec.InitContainers ?? [])
        {
            var requests = ContainerRequests(c, nonZero);
            if (c.RestartPolicy == "Always")
            {
                total.Add(requests);
                sidecars.Add(requests);
                initMax.SetMax(sidecars);
            }
            else
            {
                var withSidecars = requests.Clone();
                withSidecars.Add(sidecars);
                initMax.SetMax(withSidecars);
            }
        }
        total.SetMax(initMax);
        if (spec.Resources?.Requests is { Count: > 0 } podLevel)
        {
            foreach (var (name, q) in podLevel)
                if (name is ResourceNames.Cpu or ResourceNames.Memory) total.Set(name, Resource.ValueOf(name, q));
        }
        if (spec.Overhead is { Count: > 0 } overhead) total.Add(overhead);
        return total;
    }

    private static Resource ContainerRequests(Container c, bool nonZero)
    {
        var r = Resource.From(c.Resources?.Requests);
        if (nonZero)
        {
            var requests = c.Resources?.Requests;
            if (requests is null || !requests.ContainsKey(ResourceNames.Cpu)) r.MilliCpu = ResourceNames.DefaultMilliCpuRequest;
            if (requests is null || !requests.ContainsKey(ResourceNames.Memory)) r.Memory = ResourceNames.DefaultMemoryRequest;
        }
        return r;
    }
}
