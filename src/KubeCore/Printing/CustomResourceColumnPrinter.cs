using System.Globalization;
using System.Text.Json;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Printing;

/// <summary>
/// Prints custom resources with the <c>additionalPrinterColumns</c> of their CRD version, as apiextensions-apiserver
/// does: Name, then one column per printer column, each evaluated as a JSONPath against the object.
/// </summary>
public sealed class CustomResourceColumnPrinter : IColumnPrinter
{
    private readonly JsonPathExpression[] _paths;

    /// <summary>Creates a printer for the given printer columns; none means apiextensions' default (an Age column).</summary>
    /// <exception cref="FormatException">A column's JSONPath is invalid.</exception>
    public CustomResourceColumnPrinter(IReadOnlyList<CustomResourceColumnDefinition>? columns)
    {
        if (columns is null || columns.Count == 0)
            columns = [new CustomResourceColumnDefinition { Name = "Age", Type = "date", JsonPath = ".metadata.creationTimestamp", Description = TableColumns.Age.Description }];
        var definitions = new List<TableColumnDefinition> { TableColumns.Name };
        _paths = new JsonPathExpression[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            _paths[i] = JsonPathExpression.Parse(column.JsonPath);
            definitions.Add(new TableColumnDefinition
            {
                Name = column.Name,
                Type = column.Type,
                Format = column.Format ?? "",
                Description = string.IsNullOrEmpty(column.Description)
                    ? "Custom resource definition column (in JSONPath format): " + column.JsonPath
                    : column.Description,
                Priority = column.Priority ?? 0,
            });
        }
        Columns = definitions;
    }

    /// <summary>Creates the printer for one served version of <paramref name="crd"/>.</summary>
    /// <exception cref="ArgumentException">The CRD has no such version.</exception>
    public static CustomResourceColumnPrinter ForVersion(CustomResourceDefinition crd, string version)
    {
        ArgumentNullException.ThrowIfNull(crd);
        var v = crd.Spec?.Versions?.FirstOrDefault(x => x.Name == version)
            ?? throw new ArgumentException($"CustomResourceDefinition \"{crd.Metadata.Name}\" has no version \"{version}\"", nameof(version));
        return new CustomResourceColumnPrinter(v.AdditionalPrinterColumns);
    }

    /// <inheritdoc />
    public IReadOnlyList<TableColumnDefinition> Columns { get; }

    /// <inheritdoc />
    public TableRow PrintRow(KubeObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        using var document = JsonDocument.Parse(KubeJson.SerializeToUtf8Bytes(obj));
        var json = document.RootElement;
        var cells = new object?[_paths.Length + 1];
        cells[0] = obj.Metadata.Name ?? "";
        for (var i = 0; i < _paths.Length; i++)
        {
            var results = _paths[i].Evaluate(json);
            // Only simple paths are supported upstream too, so the first result is the value.
            JsonElement? value = results.Count == 0 ? null : results[0];
            cells[i + 1] = Cell(Columns[i + 1].Type, value, now);
        }
        return new TableRow { Cells = cells };
    }

    private static object? Cell(string type, JsonElement? found, DateTimeOffset now)
    {
        if (found is not { } value || value.ValueKind == JsonValueKind.Null) return null;
        var kind = value.ValueKind;
        switch (type)
        {
            case "string":
                return JsonPathExpression.FormatValue(value);
            case "integer" when kind == JsonValueKind.Number:
                return value.TryGetInt64(out var l) ? l : (long)value.GetDouble();
            case "number" when kind == JsonValueKind.Number:
                return value.GetDouble();
            case "boolean" when kind is JsonValueKind.True or JsonValueKind.False:
                return kind == JsonValueKind.True;
            case "date" when kind == JsonValueKind.String:
                return DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
                    ? HumanDuration.Since(KubeTime.FromDateTimeOffset(time), now)
                    : "<invalid>";
            default:
                return null;
        }
    }
}
