using KubeCore.Models;

namespace KubeCore.Printing;

/// <summary>
/// Prints one kind as Table rows: the columns, and the cells of one object. Register an implementation with
/// <see cref="TableConverter.Register(string, string, IColumnPrinter)"/> to give your own kinds (or CRDs) real columns.
/// </summary>
/// <remarks>
/// Cells must match <see cref="Columns"/> one to one, wide (<c>priority &gt; 0</c>) columns included: the server always
/// prints wide rows and clients hide the wide columns. Cell values are <see cref="string"/>, <see cref="long"/>,
/// <see cref="double"/>, <see cref="bool"/> or null, as the column's type says.
/// </remarks>
public interface IColumnPrinter
{
    /// <summary>The columns, in cell order.</summary>
    IReadOnlyList<TableColumnDefinition> Columns { get; }

    /// <summary>Prints <paramref name="obj"/>; ages are computed against <paramref name="now"/> (the cluster's clock).</summary>
    /// <exception cref="ArgumentException">The object is not of the kind this printer prints.</exception>
    TableRow PrintRow(KubeObject obj, DateTimeOffset now);
}

/// <summary>A <see cref="IColumnPrinter"/> for one CLR type, built from a cell function.</summary>
/// <typeparam name="T">The kind's record type.</typeparam>
public sealed class ColumnPrinter<T> : IColumnPrinter where T : KubeObject
{
    private readonly Func<T, DateTimeOffset, TableRow> _print;

    /// <summary>Creates a printer whose rows are the cells returned by <paramref name="cells"/>.</summary>
    public ColumnPrinter(IReadOnlyList<TableColumnDefinition> columns, Func<T, DateTimeOffset, IReadOnlyList<object?>> cells)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(cells);
        Columns = columns;
        _print = (obj, now) => new TableRow { Cells = cells(obj, now) };
    }

    /// <summary>Creates a printer whose rows (cells and conditions) are built by <paramref name="row"/>.</summary>
    public ColumnPrinter(IReadOnlyList<TableColumnDefinition> columns, Func<T, DateTimeOffset, TableRow> row)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(row);
        Columns = columns;
        _print = row;
    }

    /// <inheritdoc />
    public IReadOnlyList<TableColumnDefinition> Columns { get; }

    /// <inheritdoc />
    public TableRow PrintRow(KubeObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (obj is not T typed)
            throw new ArgumentException($"this printer prints {typeof(T).Name} objects, not {obj.GetType().Name}", nameof(obj));
        return _print(typed, now);
    }
}
