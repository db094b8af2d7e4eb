using System.Globalization;

namespace KubeCore.Runtime.Simulated.Pods;

/// <summary>Hands out pod IPs from a node's /24 (10.244.index.2–254), reusing released ones.</summary>
internal sealed class PodIpPool(int index)
{
    private readonly object _gate = new();
    private readonly SortedSet<int> _free = new(Enumerable.Range(2, 253));

    public string? Allocate()
    {
        lock (_gate)
        {
            if (_free.Count == 0) return null;
            var host = _free.Min;
            _free.Remove(host);
            return string.Create(CultureInfo.InvariantCulture, $"10.244.{index % 256}.{host}");
        }
    }

    public void Release(string? ip)
    {
        if (ip is null) return;
        var host = int.Parse(ip[(ip.LastIndexOf('.') + 1)..], CultureInfo.InvariantCulture);
        lock (_gate) _free.Add(host);
    }
}
