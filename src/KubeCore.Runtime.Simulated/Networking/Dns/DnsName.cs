using System.Net;

namespace KubeCore.Runtime.Simulated.Networking.Dns;

/// <summary>What a fully-qualified query name is, by the Kubernetes DNS schema (CoreDNS's parseRequest).</summary>
internal enum DnsNameKind
{
    /// <summary>Not under the cluster domain (no upstream here: NXDOMAIN).</summary>
    Outside,
    /// <summary>Under the cluster domain but not a schema name (NXDOMAIN).</summary>
    Invalid,
    /// <summary>The zone apex, <c>svc.&lt;zone&gt;</c> or <c>pod.&lt;zone&gt;</c>: exists, no records.</summary>
    Apex,
    /// <summary><c>dns-version.&lt;zone&gt;</c>.</summary>
    DnsVersion,
    /// <summary><c>&lt;ns&gt;.svc|pod.&lt;zone&gt;</c>.</summary>
    Namespace,
    /// <summary><c>[_port._proto.|endpoint.]&lt;service&gt;.&lt;ns&gt;.svc.&lt;zone&gt;</c>.</summary>
    Service,
    /// <summary><c>&lt;a-b-c-d&gt;.&lt;ns&gt;.pod.&lt;zone&gt;</c>.</summary>
    Pod,
    /// <summary><c>…in-addr.arpa</c> or <c>…ip6.arpa</c>.</summary>
    Reverse,
}

/// <summary>A parsed query name; every part is a slice of the name (no allocation).</summary>
internal readonly ref struct DnsName
{
    public DnsNameKind Kind { get; init; }
    /// <summary>The namespace label.</summary>
    public ReadOnlySpan<char> Namespace { get; init; }
    /// <summary>The service (or pod) label.</summary>
    public ReadOnlySpan<char> Label { get; init; }
    /// <summary><c>&lt;label&gt;.&lt;ns&gt;</c>, the cache key of a Service.</summary>
    public ReadOnlySpan<char> Key { get; init; }
    /// <summary>The endpoint label of <c>endpoint.service.ns.svc.zone</c>.</summary>
    public ReadOnlySpan<char> Endpoint { get; init; }
    /// <summary>The port name of <c>_port._proto.service.ns.svc.zone</c>, without the underscore.</summary>
    public ReadOnlySpan<char> Port { get; init; }
    /// <summary>The protocol of <c>_port._proto.service.ns.svc.zone</c>, without the underscore.</summary>
    public ReadOnlySpan<char> Protocol { get; init; }
    /// <summary>Whether the name has the <c>_port._proto</c> labels.</summary>
    public bool HasPort { get; init; }

    private static DnsName Of(DnsNameKind kind) => new() { Kind = kind };

    /// <summary>Parses <paramref name="name"/> (no trailing dot) against <paramref name="zone"/> (lower case, no trailing dot).</summary>
    public static DnsName Parse(ReadOnlySpan<char> name, string zone)
    {
        if (name.IsEmpty || name.Length > ClusterDns.MaxNameLength) return Of(DnsNameKind.Invalid);
        if (IsUnder(name, "in-addr.arpa") || IsUnder(name, "ip6.arpa")) return Of(DnsNameKind.Reverse);
        if (name.Equals(zone, StringComparison.OrdinalIgnoreCase)) return Of(DnsNameKind.Apex);
        if (!IsUnder(name, zone)) return Of(DnsNameKind.Outside);
        var rest = name[..(name.Length - zone.Length - 1)];
        if (rest.Equals("dns-version", StringComparison.OrdinalIgnoreCase)) return Of(DnsNameKind.DnsVersion);

        var last = TakeLast(rest, out rest, out var more);
        var pod = last.Equals("pod", StringComparison.OrdinalIgnoreCase);
        if (!pod && !last.Equals("svc", StringComparison.OrdinalIgnoreCase)) return Of(DnsNameKind.Invalid);
        if (!more) return Of(DnsNameKind.Apex);

        var keyEnd = rest.Length;
        var ns = TakeLast(rest, out rest, out more);
        if (ns.IsEmpty) return Of(DnsNameKind.Invalid);
        if (!more) return new DnsName { Kind = DnsNameKind.Namespace, Namespace = ns };

        var label = TakeLast(rest, out rest, out more);
        if (label.IsEmpty) return Of(DnsNameKind.Invalid);
        var key = more ? name[(rest.Length + 1)..keyEnd] : name[..keyEnd];
        var kind = pod ? DnsNameKind.Pod : DnsNameKind.Service;
        if (!more) return new DnsName { Kind = kind, Namespace = ns, Label = label, Key = key };
        if (pod) return Of(DnsNameKind.Invalid);

        var inner = TakeLast(rest, out rest, out more);
        if (inner.IsEmpty) return Of(DnsNameKind.Invalid);
        if (!more) return new DnsName { Kind = kind, Namespace = ns, Label = label, Key = key, Endpoint = inner };
        var outer = TakeLast(rest, out rest, out more);
        if (outer.IsEmpty || more) return Of(DnsNameKind.Invalid);   // too long
        return new DnsName
        {
            Kind = kind, Namespace = ns, Label = label, Key = key, HasPort = true,
            Port = outer[0] == '_' ? outer[1..] : outer, Protocol = inner[0] == '_' ? inner[1..] : inner,
        };
    }

    /// <summary>Whether <paramref name="name"/> is a proper subdomain of <paramref name="zone"/>.</summary>
    public static bool IsUnder(ReadOnlySpan<char> name, string zone) =>
        name.Length > zone.Length + 1 && name.EndsWith(zone, StringComparison.OrdinalIgnoreCase) && name[name.Length - zone.Length - 1] == '.';

    /// <summary>Splits off the last label of <paramref name="rest"/>; <paramref name="more"/> says whether labels remain before it.</summary>
    private static ReadOnlySpan<char> TakeLast(ReadOnlySpan<char> rest, out ReadOnlySpan<char> remaining, out bool more)
    {
        var dot = rest.LastIndexOf('.');
        more = dot >= 0;
        remaining = dot >= 0 ? rest[..dot] : [];
        return rest[(dot + 1)..];
    }

    /// <summary>The address of a reverse name (<c>4.3.2.1.in-addr.arpa</c>, 32 nibbles of <c>ip6.arpa</c>), or null.</summary>
    public static IPAddress? ParseReverse(string name)
    {
        if (name.EndsWith(".in-addr.arpa", StringComparison.OrdinalIgnoreCase))
        {
            var parts = name[..^".in-addr.arpa".Length].Split('.');
            if (parts.Length != 4) return null;
            Array.Reverse(parts);
            return IPAddress.TryParse(string.Join('.', parts), out var v4) && v4.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? v4 : null;
        }
        if (name.EndsWith(".ip6.arpa", StringComparison.OrdinalIgnoreCase))
        {
            var nibbles = name[..^".ip6.arpa".Length].Split('.');
            if (nibbles.Length != 32 || nibbles.Any(n => n.Length != 1 || !Uri.IsHexDigit(n[0]))) return null;
            var bytes = new byte[16];
            for (var i = 0; i < 32; i++)
            {
                var value = Convert.ToByte(nibbles[31 - i], 16);
                bytes[i / 2] |= (byte)(i % 2 == 0 ? value << 4 : value);
            }
            return new IPAddress(bytes);
        }
        return null;
    }

    /// <summary>The address in a pod label (<c>10-244-1-5</c>, <c>fd00--5</c>), as CoreDNS reads it, or null.</summary>
    public static IPAddress? ParsePodLabel(ReadOnlySpan<char> label)
    {
        if (label.IsEmpty || label.Length > 45) return null;
        var v4 = label.Count('-') == 3 && !label.Contains("--", StringComparison.Ordinal);
        Span<char> text = stackalloc char[label.Length];
        label.CopyTo(text);
        text.Replace('-', v4 ? '.' : ':');
        if (!IPAddress.TryParse(text, out var ip)) return null;
        return v4 == (ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork) ? ip : null;
    }

    /// <summary>The dashed form of an address used in pod and endpoint names (<c>10-244-1-5</c>).</summary>
    public static string Dashed(IPAddress ip) => ip.ToString().Replace('.', '-').Replace(':', '-');
}
