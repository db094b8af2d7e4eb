using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>
/// A resource vector in integer units (upstream <c>framework.Resource</c>): CPU in millicores, memory and ephemeral
/// storage in bytes, a pod count, and other ("scalar") resources such as <c>nvidia.com/gpu</c> in whole units.
/// </summary>
public sealed class Resource
{
    /// <summary>CPU in millicores.</summary>
    public long MilliCpu { get; set; }
    /// <summary>Memory in bytes.</summary>
    public long Memory { get; set; }
    /// <summary>Ephemeral storage in bytes.</summary>
    public long EphemeralStorage { get; set; }
    /// <summary>The number of pods allowed (node allocatable <c>pods</c>).</summary>
    public long AllowedPodNumber { get; set; }
    /// <summary>Other resources by name, in whole units (extended resources, hugepages).</summary>
    public Dictionary<string, long> Scalar { get; } = new(StringComparer.Ordinal);

    /// <summary>Builds a vector from a resource list (e.g. node allocatable or container requests).</summary>
    public static Resource From(IReadOnlyDictionary<string, Quantity>? list)
    {
        var r = new Resource();
        r.Add(list);
        return r;
    }

    /// <summary>Adds a resource list.</summary>
    public void Add(IReadOnlyDictionary<string, Quantity>? list)
    {
        if (list is null) return;
        foreach (var (name, q) in list) Set(name, Get(name) + ValueOf(name, q));
    }

    /// <summary>Adds another vector.</summary>
    public void Add(Resource other)
    {
        MilliCpu += other.MilliCpu;
        Memory += other.Memory;
        EphemeralStorage += other.EphemeralStorage;
        AllowedPodNumber += other.AllowedPodNumber;
        foreach (var (k, v) in other.Scalar) Scalar[k] = Scalar.GetValueOrDefault(k) + v;
    }

    /// <summary>Subtracts another vector.</summary>
    public void Subtract(Resource other)
    {
        MilliCpu -= other.MilliCpu;
        Memory -= other.Memory;
        EphemeralStorage -= other.EphemeralStorage;
        AllowedPodNumber -= other.AllowedPodNumber;
        foreach (var (k, v) in other.Scalar) Scalar[k] = Scalar.GetValueOrDefault(k) - v;
    }

    /// <summary>Raises every component to at least the other vector's.</summary>
    public void SetMax(Resource other)
    {
        MilliCpu = Math.Max(MilliCpu, other.MilliCpu);
        Memory = Math.Max(Memory, other.Memory);
        EphemeralStorage = Math.Max(EphemeralStorage, other.EphemeralStorage);
        AllowedPodNumber = Math.Max(AllowedPodNumber, other.AllowedPodNumber);
        foreach (var (k, v) in other.Scalar) Scalar[k] = Math.Max(Scalar.GetValueOrDefault(k), v);
    }

    /// <summary>The amount of a named resource (<c>cpu</c> in millicores, <c>memory</c> in bytes, …).</summary>
    public long Get(string name) => name switch
    {
        ResourceNames.Cpu => MilliCpu,
        ResourceNames.Memory => Memory,
        ResourceNames.EphemeralStorage => EphemeralStorage,
        ResourceNames.Pods => AllowedPodNumber,
        _ => Scalar.GetValueOrDefault(name),
    };

    /// <summary>Sets the amount of a named resource.</summary>
    public void Set(string name, long value)
    {
        switch (name)
        {
            case ResourceNames.Cpu: MilliCpu = value; break;
            case ResourceNames.Memory: Memory = value; break;
            case ResourceNames.EphemeralStorage: EphemeralStorage = value; break;
            case ResourceNames.Pods: AllowedPodNumber = value; break;
            default: Scalar[name] = value; break;
        }
    }

    /// <summary>Whether every component is zero.</summary>
    public bool IsZero
    {
        get
        {
            if (MilliCpu != 0 || Memory != 0 || EphemeralStorage != 0) return false;
            if (Scalar.Count == 0) return true;
            foreach (var v in Scalar.Values) if (v != 0) return false;
            return true;
        }
    }

    /// <summary>A copy.</summary>
    public Resource Clone()
    {
        var c = new Resource { MilliCpu = MilliCpu, Memory = Memory, EphemeralStorage = EphemeralStorage, AllowedPodNumber = AllowedPodNumber };
        foreach (var (k, v) in Scalar) c.Scalar[k] = v;
        return c;
    }

    /// <summary>CPU counts in millicores, everything else in whole units.</summary>
    public static long ValueOf(string name, Quantity q) => name == ResourceNames.Cpu ? q.MilliValue : q.Value;

    /// <inheritdoc />
    public override string ToString() => $"cpu={MilliCpu}m memory={Memory} pods={AllowedPodNumber}";
}
