using System.Net;
using System.Text;

namespace KubeCore.Runtime.Simulated.Networking.Dns;

/// <summary>The DNS record types the cluster resolver answers.</summary>
public enum DnsRecordType
{
    /// <summary>An IPv4 address.</summary>
    A,
    /// <summary>An IPv6 address.</summary>
    AAAA,
    /// <summary>An alias: the name is another name (ExternalName Services).</summary>
    CNAME,
    /// <summary>A service location: target host and port (named Service ports).</summary>
    SRV,
    /// <summary>A reverse lookup: the name of an address (<c>d.c.b.a.in-addr.arpa</c>).</summary>
    PTR,
    /// <summary>Text (only <c>dns-version.&lt;zone&gt;</c>, the schema version).</summary>
    TXT,
}

/// <summary>The response code of a DNS answer.</summary>
public enum DnsResponseCode
{
    /// <summary>The name exists; the answer may still hold no record of the asked type ("NODATA").</summary>
    NoError,
    /// <summary>The name does not exist.</summary>
    NXDomain,
}

/// <summary>Which <c>&lt;a-b-c-d&gt;.&lt;ns&gt;.pod.&lt;zone&gt;</c> queries are answered, as CoreDNS's <c>pods</c> option.</summary>
public enum PodRecordMode
{
    /// <summary>Never (CoreDNS's own default): pod names are NXDOMAIN.</summary>
    Disabled,
    /// <summary>Echo the address in the name back without checking that such a pod exists, as kube-dns did; the namespace must exist. The Corefile kubeadm installs uses this mode.</summary>
    Insecure,
    /// <summary>Answer only when a pod with that IP exists in that namespace (keeps a pod cache).</summary>
    Verified,
}

/// <summary>One resource record of a <see cref="DnsAnswer"/>. Names are fully qualified, lower case, without the trailing dot.</summary>
public sealed record DnsRecord
{
    /// <summary>The record's owner name (the queried name, or the target of a followed CNAME).</summary>
    public required string Name { get; init; }

    /// <summary>The record type.</summary>
    public required DnsRecordType Type { get; init; }

    /// <summary>How long a client may cache the record (<see cref="ClusterDnsOptions.Ttl"/>; 28800 s for the schema version).</summary>
    public TimeSpan Ttl { get; init; }

    /// <summary>The address, for <see cref="DnsRecordType.A"/> and <see cref="DnsRecordType.AAAA"/>.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>The name pointed to, for <see cref="DnsRecordType.CNAME"/>, <see cref="DnsRecordType.SRV"/> and <see cref="DnsRecordType.PTR"/>.</summary>
    public string? Target { get; init; }

    /// <summary>The port, for <see cref="DnsRecordType.SRV"/>.</summary>
    public int Port { get; init; }

    /// <summary>The priority, for <see cref="DnsRecordType.SRV"/> (always 0, as CoreDNS).</summary>
    public int Priority { get; init; }

    /// <summary>The weight, for <see cref="DnsRecordType.SRV"/>: 100 shared evenly by the records of the answer, as CoreDNS computes it.</summary>
    public int Weight { get; init; }

    /// <summary>The text, for <see cref="DnsRecordType.TXT"/>.</summary>
    public string? Text { get; init; }

    /// <summary>The record in zone-file form, as dig prints it (<c>web.default.svc.cluster.local. 5 IN A 10.96.0.50</c>).</summary>
    public override string ToString()
    {
        var s = new StringBuilder().Append(Name).Append(". ").Append((long)Ttl.TotalSeconds).Append(" IN ").Append(Type).Append(' ');
        return (Type switch
        {
            DnsRecordType.A or DnsRecordType.AAAA => s.Append(Address),
            DnsRecordType.SRV => s.Append(Priority).Append(' ').Append(Weight).Append(' ').Append(Port).Append(' ').Append(Target).Append('.'),
            DnsRecordType.TXT => s.Append('"').Append(Text).Append('"'),
            _ => s.Append(Target).Append('.'),
        }).ToString();
    }
}

/// <summary>The answer to one query: its response code and records.</summary>
public sealed record DnsAnswer
{
    /// <summary>The name as queried.</summary>
    public required string Name { get; init; }

    /// <summary>The record type asked for.</summary>
    public required DnsRecordType Type { get; init; }

    /// <summary><see cref="DnsResponseCode.NXDomain"/> when no candidate of the search path exists.</summary>
    public required DnsResponseCode ResponseCode { get; init; }

    /// <summary>
    /// The fully-qualified name (no trailing dot) the search path settled on, e.g. <c>web.default.svc.cluster.local</c>
    /// for <c>web</c>; null for <see cref="DnsResponseCode.NXDomain"/>.
    /// </summary>
    public string? QualifiedName { get; init; }

    /// <summary>The answer records, CNAMEs first when one was followed. Empty for NXDOMAIN and NODATA.</summary>
    public required IReadOnlyList<DnsRecord> Records { get; init; }
}

/// <summary>Options of a <see cref="ClusterDns"/>.</summary>
public sealed class ClusterDnsOptions
{
    /// <summary>The cluster domain (the kubelet's <c>--cluster-domain</c>, CoreDNS's zone). Default <c>cluster.local</c>.</summary>
    public string ClusterDomain { get; set; } = "cluster.local";

    /// <summary>The TTL of every record, 0 to 3600 s. Default 5 s, the <c>kubernetes</c> plugin's default (kubeadm's Corefile sets 30).</summary>
    public TimeSpan Ttl { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How pod A records are answered. Default <see cref="PodRecordMode.Insecure"/>, as the Corefile kubeadm and kind install.</summary>
    public PodRecordMode PodRecords { get; set; } = PodRecordMode.Insecure;

    /// <summary>The <c>ndots</c> of the search behaviour: names with at least this many dots are tried as-is first. Default 5, as the kubelet writes in pods' resolv.conf.</summary>
    public int Ndots { get; set; } = 5;
}
