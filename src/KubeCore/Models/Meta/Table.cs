using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// A server-side rendered listing (<c>meta.k8s.io/v1 Table</c>): what <c>kubectl get</c> asks for with
/// <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>. Build one with <c>KubeCore.Printing.TableConverter</c>.
/// </summary>
public sealed record Table
{
    /// <summary>The API version of a Table.</summary>
    public const string TableApiVersion = "meta.k8s.io/v1";

    /// <summary>Always <c>meta.k8s.io/v1</c>.</summary>
    [JsonPropertyName("apiVersion")][JsonPropertyOrder(-3)] public string? ApiVersion { get; init; } = TableApiVersion;

    /// <summary>Always <c>Table</c>.</summary>
    [JsonPropertyName("kind")][JsonPropertyOrder(-2)] public string? Kind { get; init; } = "Table";

    /// <summary>The resourceVersion and continue token of the list the table was made from.</summary>
    [JsonPropertyName("metadata")][JsonPropertyOrder(-1)] public ListMeta Metadata { get => _metadata; init => _metadata = value ?? new(); }

    /// <summary>The columns, in cell order; a <c>priority</c> above 0 marks a column shown only in wide output.</summary>
    [JsonPropertyName("columnDefinitions")] public IReadOnlyList<TableColumnDefinition> ColumnDefinitions { get => _columns; init => _columns = value ?? []; }

    /// <summary>One row per object.</summary>
    [JsonPropertyName("rows")] public IReadOnlyList<TableRow> Rows { get => _rows; init => _rows = value ?? []; }

    private readonly ListMeta _metadata = new();
    private readonly IReadOnlyList<TableColumnDefinition> _columns = [];
    private readonly IReadOnlyList<TableRow> _rows = [];

    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>One column of a <see cref="Table"/> (<c>metav1.TableColumnDefinition</c>).</summary>
public sealed record TableColumnDefinition
{
    /// <summary>Human-readable column name, e.g. <c>Restarts</c> (kubectl prints it upper-cased).</summary>
    [JsonPropertyName("name")] public string Name { get; init; } = "";

    /// <summary>OpenAPI type of the cells: <c>string</c>, <c>integer</c>, <c>number</c>, <c>boolean</c> or <c>date</c>.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "string";

    /// <summary>Optional OpenAPI format; <c>name</c> marks the column holding the object's name.</summary>
    [JsonPropertyName("format")] public string Format { get; init; } = "";

    /// <summary>What the column shows.</summary>
    [JsonPropertyName("description")] public string Description { get; init; } = "";

    /// <summary>0 for columns always shown; higher values are shown only in wide output (<c>-o wide</c>).</summary>
    [JsonPropertyName("priority")] public int Priority { get; init; }

    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>One row of a <see cref="Table"/> (<c>metav1.TableRow</c>).</summary>
public sealed record TableRow
{
    /// <summary>
    /// The cells, one per column: <see cref="string"/>, <see cref="long"/>, <see cref="double"/>, <see cref="bool"/> or
    /// null, as the column's type says.
    /// </summary>
    [JsonPropertyName("cells")]
    [JsonConverter(typeof(TableCellsJsonConverter))]
    public IReadOnlyList<object?> Cells { get => _cells; init => _cells = value ?? []; }

    private readonly IReadOnlyList<object?> _cells = [];

    /// <summary>Extra facts about the row, e.g. that a pod has completed.</summary>
    [JsonPropertyName("conditions")] public IReadOnlyList<TableRowCondition>? Conditions { get; init; }

    /// <summary>
    /// The object the row describes, as <c>includeObject</c> asked: a <see cref="PartialObjectMetadata"/>, the full object,
    /// or absent.
    /// </summary>
    [JsonPropertyName("object")]
    [JsonConverter(typeof(KubeObjectJsonConverter))]
    public KubeObject? Object { get; init; }

    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A condition of a <see cref="TableRow"/> (<c>metav1.TableRowCondition</c>).</summary>
public sealed record TableRowCondition
{
    /// <summary>The condition type; <c>Completed</c> is the only one Kubernetes defines.</summary>
    [JsonPropertyName("type")] public string Type { get; init; } = "";
    /// <summary><c>True</c>, <c>False</c> or <c>Unknown</c>.</summary>
    [JsonPropertyName("status")] public string Status { get; init; } = "";
    /// <summary>Machine-readable reason, e.g. <c>Succeeded</c>.</summary>
    [JsonPropertyName("reason")] public string? Reason { get; init; }
    /// <summary>Human-readable message.</summary>
    [JsonPropertyName("message")] public string? Message { get; init; }
    /// <summary>Fields this model does not type; written back unchanged.</summary>
    [JsonExtensionData] public IDictionary<string, JsonElement>? ExtensionData { get; set; }
}
