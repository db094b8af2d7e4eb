using System.Globalization;
using KubeCore.Models;
using KubeCore.Selectors;

namespace KubeCore.Printing;

/// <summary>The cell formats kube-apiserver's printers share (label maps, selectors, container lists, "+ N more...").</summary>
internal static class PrintFormat
{
    public const string None = "<none>";
    public const string Unset = "<unset>";
    public const string Unknown = "<unknown>";

    /// <summary><c>labels.FormatLabels</c>: sorted <c>k=v</c> pairs joined by commas, or &lt;none&gt;.</summary>
    public static string Labels(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0) return None;
        return string.Join(",", labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => l.Key + "=" + l.Value));
    }

    /// <summary><c>metav1.FormatLabelSelector</c>: the selector string, &lt;none&gt; when empty, &lt;error&gt; when invalid.</summary>
    public static string LabelSelector(LabelSelector? selector)
    {
        string text;
        try { text = selector.ToSelectorString(); }
        catch (SelectorParseException) { return "<error>"; }
        return text.Length == 0 ? None : text;
    }

    /// <summary>The Containers and Images cells: names and images joined by commas.</summary>
    public static (string Names, string Images) Containers(IReadOnlyList<Container>? containers)
    {
        if (containers is null) return ("", "");
        return (string.Join(",", containers.Select(c => c.Name)), string.Join(",", containers.Select(c => c.Image ?? "")));
    }

    /// <summary>Joins the first <paramref name="max"/> items, adding " + N more..." for the rest.</summary>
    public static string ListWithMore(IReadOnlyList<string> list, int total, int max, string empty)
    {
        var joined = string.Join(",", list);
        if (total > max) return joined + " + " + (total - max).ToString(CultureInfo.InvariantCulture) + " more...";
        return joined.Length == 0 ? empty : joined;
    }

    /// <summary>Go's <c>net.JoinHostPort</c>: brackets around IPv6 hosts.</summary>
    public static string JoinHostPort(string host, int port) =>
        (host.Contains(':', StringComparison.Ordinal) ? "[" + host + "]" : host) + ":" + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>The IPs (or hostnames) of a load balancer status, sorted and de-duplicated, joined by commas.</summary>
    public static string LoadBalancerStatus(LoadBalancerStatus? status)
    {
        var set = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var ingress in status?.Ingress ?? [])
        {
            if (!string.IsNullOrEmpty(ingress.Ip)) set.Add(ingress.Ip);
            else if (!string.IsNullOrEmpty(ingress.Hostname)) set.Add(ingress.Hostname);
        }
        return string.Join(",", set);
    }

    /// <summary><c>helper.GetAccessModesAsString</c>: RWO, ROX, RWX, RWOP in that order.</summary>
    public static string AccessModes(IReadOnlyList<string>? modes)
    {
        if (modes is null) return "";
        var result = new List<string>(4);
        if (modes.Contains("ReadWriteOnce")) result.Add("RWO");
        if (modes.Contains("ReadOnlyMany")) result.Add("ROX");
        if (modes.Contains("ReadWriteMany")) result.Add("RWX");
        if (modes.Contains("ReadWriteOncePod")) result.Add("RWOP");
        return string.Join(",", result);
    }

    /// <summary>Go's <c>%d</c> of a count.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>"True", "False" or &lt;unset&gt;, as kube-apiserver prints an optional boolean.</summary>
    public static string BoolPtr(bool? value) => value is { } b ? (b ? "True" : "False") : Unset;

    /// <summary>A quantity as Kubernetes prints it, or "0" when absent (Go's zero Quantity).</summary>
    public static string Quantity(IReadOnlyDictionary<string, Quantity>? resources, string name) =>
        resources is not null && resources.TryGetValue(name, out var q) ? q.ToString() : "0";

    /// <summary>RFC 3339 in UTC with second precision, as Go's <c>time.RFC3339</c> of a UTC time.</summary>
    public static string Rfc3339(KubeTime? time) =>
        time is { } t ? t.ToString() : "0001-01-01T00:00:00Z";

    /// <summary>Lower-cases ASCII as Go's strings.ToLower does for kinds.</summary>
    public static string Lower(string? value) => (value ?? "").ToLowerInvariant();
}
