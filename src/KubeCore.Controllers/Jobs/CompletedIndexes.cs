using System.Globalization;
using System.Text;

namespace KubeCore.Controllers.Jobs;

/// <summary>
/// A set of completion indexes in <c>status.completedIndexes</c> form: ascending, comma-separated, with runs of
/// three or more written as ranges (<c>1,3-5,7</c>).
/// </summary>
internal static class CompletedIndexes
{
    /// <summary>Reads the indexes below <paramref name="completions"/> from <paramref name="text"/>; malformed parts are skipped.</summary>
    public static SortedSet<int> Parse(string? text, int completions)
    {
        var set = new SortedSet<int>();
        if (string.IsNullOrEmpty(text)) return set;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var dash = part.IndexOf('-', StringComparison.Ordinal);
            var (first, last) = dash < 0 ? (part, part) : (part[..dash], part[(dash + 1)..]);
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to)) continue;
            for (var i = from; i <= Math.Min(to, completions - 1); i++) set.Add(i);
        }
        return set;
    }

    /// <summary>Formats <paramref name="indexes"/> (ascending) as Kubernetes writes them.</summary>
    public static string Format(IEnumerable<int> indexes)
    {
        var sb = new StringBuilder();
        int? start = null, end = null;
        foreach (var i in indexes)
        {
            if (end is { } e && i == e + 1) { end = i; continue; }
            Append(sb, start, end);
            start = end = i;
        }
        Append(sb, start, end);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, int? start, int? end)
    {
        if (start is not { } s || end is not { } e) return;
        if (sb.Length > 0) sb.Append(',');
        sb.Append(s.ToString(CultureInfo.InvariantCulture));
        if (e == s + 1) sb.Append(',').Append(e.ToString(CultureInfo.InvariantCulture));
        else if (e > s) sb.Append('-').Append(e.ToString(CultureInfo.InvariantCulture));
    }
}
