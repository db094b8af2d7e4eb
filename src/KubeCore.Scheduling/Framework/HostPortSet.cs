using KubeCore.Models;

namespace KubeCore.Scheduling.Framework;

/// <summary>Host ports in use on a node, keyed by IP, protocol and port (upstream <c>HostPortInfo</c>); <c>0.0.0.0</c> conflicts with every IP.</summary>
public sealed class HostPortSet
{
    private const string AnyIp = "0.0.0.0";
    private readonly Dictionary<(string Ip, string Protocol, int Port), int> _ports = [];

    /// <summary>The number of distinct (ip, protocol, port) entries.</summary>
    public int Count => _ports.Count;

    /// <summary>Records a port (reference-counted).</summary>
    public void Add(string? ip, string? protocol, int port)
    {
        var key = Normalize(ip, protocol, port);
        _ports[key] = _ports.GetValueOrDefault(key) + 1;
    }

    /// <summary>Releases a port.</summary>
    public void Remove(string? ip, string? protocol, int port)
    {
        var key = Normalize(ip, protocol, port);
        if (!_ports.TryGetValue(key, out var n)) return;
        if (n <= 1) _ports.Remove(key); else _ports[key] = n - 1;
    }

    /// <summary>Whether using the port would conflict with one in use.</summary>
    public bool Conflicts(string? ip, string? protocol, int port)
    {
        var (i, p, n) = Normalize(ip, protocol, port);
        if (i == AnyIp) return _ports.Keys.Any(k => k.Protocol == p && k.Port == n);
        return _ports.ContainsKey((i, p, n)) || _ports.ContainsKey((AnyIp, p, n));
    }

    /// <summary>Adds every host port of a pod's containers.</summary>
    public void AddPod(Pod pod)
    {
        foreach (var port in HostPortsOf(pod)) Add(port.HostIP, port.Protocol, port.HostPort!.Value);
    }

    /// <summary>Removes every host port of a pod's containers.</summary>
    public void RemovePod(Pod pod)
    {
        foreach (var port in HostPortsOf(pod)) Remove(port.HostIP, port.Protocol, port.HostPort!.Value);
    }

    /// <summary>The container ports of a pod that use a host port.</summary>
    public static IEnumerable<ContainerPort> HostPortsOf(Pod pod) =>
        (pod.Spec?.Containers ?? []).SelectMany(c => c.Ports ?? []).Where(p => p.HostPort is > 0);

    /// <summary>A copy.</summary>
    public HostPortSet Clone()
    {
        var c = new HostPortSet();
        foreach (var (k, v) in _ports) c._ports[k] = v;
        return c;
    }

    private static (string, string, int) Normalize(string? ip, string? protocol, int port) =>
        (string.IsNullOrEmpty(ip) ? AnyIp : ip, string.IsNullOrEmpty(protocol) ? "TCP" : protocol, port);
}
