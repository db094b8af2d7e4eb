using System.Globalization;
using System.Text;
using KubeCore.Models;

namespace KubeCore.Printing;

/// <summary>
/// Renders a <see cref="Table"/> as plain text the way <c>kubectl get</c> does: upper-case headers, columns padded
/// to their widest cell plus three spaces (Go's tabwriter with kubectl's settings), wide columns only with
/// <c>wide</c>, and an optional leading NAMESPACE column (<c>-A</c>).
/// </summary>
public static class TablePrinter
{
    private const int MinWidth = 6;
    private const int Padding = 3;

    /// <summary>Renders <paramref name="table"/>; each line ends with a newline. An empty table renders as an empty string.</summary>
    /// <param name="table">The table.</param>
    /// <param name="wide">Show <c>priority &gt; 0</c> columns too (<c>-o wide</c>).</param>
    /// <param name="withNamespace">Prepend a NAMESPACE column read from each row's object (<c>--all-namespaces</c>).</param>
    /// <param name="noHeaders">Leave out the header line (<c>--no-headers</c>).</param>
    public static string Render(Table table, bool wide = false, bool withNamespace = false, bool noHeaders = false)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = table.ColumnDefinitions;
        var shown = Enumerable.Range(0, columns.Count).Where(i => wide || columns[i].Priority == 0).ToArray();

        var lines = new List<string[]>();
        if (!noHeaders && columns.Count > 0)
        {
            var header = shown.Select(i => columns[i].Name.ToUpperInvariant());
            lines.Add(withNamespace ? ["NAMESPACE", .. header] : header.ToArray());
        }
        foreach (var row in table.Rows)
        {
            var cells = shown.Select(i => i < row.Cells.Count ? FormatCell(row.Cells[i]) : "");
            lines.Add(withNamespace ? [row.Object?.Metadata.Namespace ?? "", .. cells] : cells.ToArray());
        }
        if (lines.Count == 0) return "";

        var columnCount = lines.Max(l => l.Length);
        var widths = new int[columnCount];
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Length - 1; i++) widths[i] = Math.Max(widths[i], Math.Max(MinWidth, TextWidth(line[i]) + Padding));
        }

        var sb = new StringBuilder();
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Length; i++)
            {
                sb.Append(line[i]);
                if (i < line.Length - 1) sb.Append(' ', widths[i] - TextWidth(line[i]));
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    /// <summary>Formats one cell as kubectl does: strings cut at the first line break (with "..."), null as empty.</summary>
    public static string FormatCell(object? cell)
    {
        switch (cell)
        {
            case null: return "";
            case string s:
                var cut = s.IndexOfAny(['\f', '\n', '\r']);
                return cut >= 0 ? s[..cut] + "..." : s;
            case bool b: return b ? "true" : "false";
            case double d: return d.ToString("R", CultureInfo.InvariantCulture);
            case IFormattable f: return f.ToString(null, CultureInfo.InvariantCulture);
            default: return cell.ToString() ?? "";
        }
    }

    // tabwriter counts runes (UTF-8 characters), not UTF-16 code units.
    private static int TextWidth(string text) => text.EnumerateRunes().Count();
}
