using KubeCore.Models;

namespace KubeCore.Printing;

/// <summary>
/// kube-apiserver's default table for kinds without printers (roles, CRDs, custom resources without printer columns):
/// Name and "Created At" (an RFC 3339 date).
/// </summary>
public sealed class DefaultColumnPrinter : IColumnPrinter
{
    /// <summary>The shared instance.</summary>
    public static DefaultColumnPrinter Instance { get; } = new();

    private DefaultColumnPrinter() { }

    /// <inheritdoc />
    public IReadOnlyList<TableColumnDefinition> Columns { get; } =
    [
        TableColumns.Name,
        new TableColumnDefinition { Name = "Created At", Type = "date", Description = TableColumns.Age.Description },
    ];

    /// <inheritdoc />
    public TableRow PrintRow(KubeObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new TableRow { Cells = [obj.Metadata.Name ?? "", PrintFormat.Rfc3339(obj.Metadata.CreationTimestamp)] };
    }
}
