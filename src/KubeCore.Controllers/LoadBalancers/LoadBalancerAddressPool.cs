using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace KubeCore.Controllers.LoadBalancers;

/// <summary>
/// The external IPv4 addresses the load balancer controller hands out, from ranges such as
/// <c>172.18.255.200-172.18.255.250</c> or CIDRs such as <c>192.168.10.0/28</c> (comma-separated), lowest free first,
/// like MetalLB's address pools. Not thread-safe: the controller locks.
/// </summary>
internal sealed class LoadBalancerAddressPool
{
    private readonly List<(uint First, uint Last)> _ranges = [];
    private readonly Dictionary<uint, string> _holders = [];
    private readonly Dictionary<string, uint> _byService = new(StringComparer.Ordinal);

    public LoadBalancerAddressPool(string spec)
    {
        Spec = spec ?? throw new ArgumentNullException(nameof(spec));
        foreach (var raw in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var slash = raw.IndexOf('/', StringComparison.Ordinal);
            var dash = raw.IndexOf('-', StringComparison.Ordinal);
            if (slash > 0 && Parse(raw[..slash]) is { } network && int.TryParse(raw.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) && prefix is >= 0 and <= 32)
            {
                var mask = prefix == 0 ? 0 : uint.MaxValue << (32 - prefix);
                _ranges.Add((network & mask, (network & mask) | ~mask));
            }
            else if (dash > 0 && Parse(raw[..dash]) is { } first && Parse(raw[(dash + 1)..]) is { } last && first <= last)
                _ranges.Add((first, last));
            else if (Parse(raw) is { } single)
                _ranges.Add((single, single));
            else
                throw new ArgumentException($"invalid load balancer address pool entry \"{raw}\": expected first-last (172.18.255.200-172.18.255.250), a CIDR or one IPv4 address", nameof(spec));
        }
        if (_ranges.Count == 0) throw new ArgumentException("the load balancer address pool is empty", nameof(spec));
    }

    /// <summary>The pool as configured.</summary>
    public string Spec { get; }

    /// <summary>The address a Service holds, if any.</summary>
    public string? HeldBy(string service) => _byService.TryGetValue(service, out var ip) ? Format(ip) : null;

    /// <summary>Whether <paramref name="ip"/> belongs to the pool.</summary>
    public bool Contains(string ip) => Parse(ip) is { } v && _ranges.Any(r => v >= r.First && v <= r.Last);

    /// <summary>Gives <paramref name="ip"/> to <paramref name="service"/>; false when it is outside the pool or held by another.</summary>
    public bool TryHold(string service, string ip)
    {
        if (Parse(ip) is not { } v || !Contains(ip)) return false;
        if (_holders.TryGetValue(v, out var holder)) return holder == service;
        Release(service);
        _holders[v] = service;
        _byService[service] = v;
        return true;
    }

    /// <summary>Gives the lowest free address to <paramref name="service"/>, or null when the pool is exhausted.</summary>
    public string? HoldNext(string service)
    {
        if (HeldBy(service) is { } held) return held;
        foreach (var (first, last) in _ranges)
            for (var v = (ulong)first; v <= last; v++)
                if (!_holders.ContainsKey((uint)v))
                {
                    _holders[(uint)v] = service;
                    _byService[service] = (uint)v;
                    return Format((uint)v);
                }
        return null;
    }

    /// <summary>Frees what <paramref name="service"/> holds; returns the address or null.</summary>
    public string? Release(string service)
    {
        if (!_byService.Remove(service, out var v)) return null;
        _holders.Remove(v);
        return Format(v);
    }

    private static uint? Parse(string text) =>
        IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetwork
            ? BinaryPrimitives.ReadUInt32BigEndian(ip.GetAddressBytes()) : null;

    private static string Format(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        return new IPAddress(b).ToString();
    }
}
