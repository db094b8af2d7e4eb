using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using KubeCore.Api;

namespace KubeCore.Services;

/// <summary>The parsed service cluster IP range (IPv4) and node port range, validated like kube-apiserver's flags.</summary>
internal sealed class ServiceAddressRanges
{
    private ServiceAddressRanges(string cidr, uint network, int ipSize, int portBase, int portSize)
    {
        Cidr = cidr;
        _network = network;
        IPCount = ipSize;
        PortBase = portBase;
        PortCount = portSize;
    }

    private readonly uint _network;

    /// <summary>The CIDR in canonical form, as error messages print it.</summary>
    public string Cidr { get; }

    /// <summary>Allocatable addresses: the CIDR without its network and broadcast addresses.</summary>
    public int IPCount { get; }

    /// <summary>Addresses in the whole CIDR (for the static band).</summary>
    public long CidrSize => (long)IPCount + 2;

    /// <summary>The first node port.</summary>
    public int PortBase { get; }

    /// <summary>How many node ports the range holds.</summary>
    public int PortCount { get; }

    /// <summary>The range as kube-apiserver prints it: <c>30000-32767</c>.</summary>
    public string PortRange => PortBase.ToString(CultureInfo.InvariantCulture) + "-" + (PortBase + PortCount - 1).ToString(CultureInfo.InvariantCulture);

    /// <summary>The IP at allocation offset <paramref name="offset"/> (offset 0 is the CIDR's first usable address).</summary>
    public string IPAt(int offset)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, _network + 1 + (uint)offset);
        return new IPAddress(bytes).ToString();
    }

    /// <summary>The offset of <paramref name="ip"/>, or -1 when it is not an allocatable address of the range.</summary>
    public int OffsetOf(string? ip)
    {
        if (ip is null || !IPAddress.TryParse(ip, out var address) || address.AddressFamily != AddressFamily.InterNetwork) return -1;
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        var value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        var offset = (long)value - _network - 1;
        return offset >= 0 && offset < IPCount ? (int)offset : -1;
    }

    /// <summary>The offset of a node port, or -1 outside the range.</summary>
    public int PortOffset(int port) => port >= PortBase && port < PortBase + PortCount ? port - PortBase : -1;

    /// <summary>Parses and checks the options; a bad range is an <see cref="ArgumentException"/> naming the option.</summary>
    public static ServiceAddressRanges Parse(ServiceNetworkOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var text = options.ClusterIPRange ?? "";
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || !IPAddress.TryParse(text.AsSpan(0, slash), out var ip) ||
            !int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix))
            throw new ArgumentException($"invalid service cluster IP range \"{text}\": expected a CIDR such as 10.96.0.0/12", nameof(options));
        if (ip.AddressFamily != AddressFamily.InterNetwork)
            throw new ArgumentException($"invalid service cluster IP range \"{text}\": only IPv4 ranges are supported", nameof(options));
        if (prefix is < 12 or > 30)
            throw new ArgumentException($"invalid service cluster IP range \"{text}\": the prefix length must be between 12 and 30 (kube-apiserver: \"specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12\")", nameof(options));
        Span<byte> bytes = stackalloc byte[4];
        ip.TryWriteBytes(bytes, out _);
        var mask = uint.MaxValue << (32 - prefix);
        var network = BinaryPrimitives.ReadUInt32BigEndian(bytes) & mask;
        BinaryPrimitives.WriteUInt32BigEndian(bytes, network);
        var cidr = new IPAddress(bytes) + "/" + prefix.ToString(CultureInfo.InvariantCulture);
        var ipSize = (int)((1L << (32 - prefix)) - 2);

        var ports = options.NodePortRange ?? "";
        var dash = ports.IndexOf('-', StringComparison.Ordinal);
        int first = 0, last = 0;
        var ok = dash < 0
            ? int.TryParse(ports, NumberStyles.None, CultureInfo.InvariantCulture, out first)
            : int.TryParse(ports.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out first)
              && int.TryParse(ports.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out last);
        if (dash < 0) last = first;
        if (!ok)
            throw new ArgumentException($"invalid node port range \"{ports}\": expected first-last, such as 30000-32767", nameof(options));
        if (first is < 1 or > 65535 || last is < 1 or > 65535 || last < first)
            throw new ArgumentException($"invalid node port range \"{ports}\": ports must be between 1 and 65535, the first no greater than the last", nameof(options));
        return new ServiceAddressRanges(cidr, network, ipSize, first, last - first + 1);
    }
}
