namespace KubeCore.Scheduling.Framework;

/// <summary>Well-known resource names.</summary>
public static class ResourceNames
{
    /// <summary>CPU.</summary>
    public const string Cpu = "cpu";
    /// <summary>Memory.</summary>
    public const string Memory = "memory";
    /// <summary>Ephemeral storage.</summary>
    public const string EphemeralStorage = "ephemeral-storage";
    /// <summary>The pod count.</summary>
    public const string Pods = "pods";
    /// <summary>CPU assumed for a container without a CPU request when scoring (100m, upstream <c>DefaultMilliCPURequest</c>).</summary>
    public const long DefaultMilliCpuRequest = 100;
    /// <summary>Memory assumed for a container without a memory request when scoring (200Mi, upstream <c>DefaultMemoryRequest</c>).</summary>
    public const long DefaultMemoryRequest = 200L * 1024 * 1024;
}
