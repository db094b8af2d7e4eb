using System.Text.Json;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Printing;

/// <summary>
/// A printer that reads the object's JSON form, for kinds KubeCore does not model as records (they arrive as
/// <see cref="GenericObject"/>) but kubectl users expect real columns for.
/// </summary>
internal sealed class JsonColumnPrinter(IReadOnlyList<TableColumnDefinition> columns, Func<JsonElement, KubeObject, DateTimeOffset, object?[]> cells) : IColumnPrinter
{
    public IReadOnlyList<TableColumnDefinition> Columns { get; } = columns;

    public TableRow PrintRow(KubeObject obj, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(obj);
        using var document = JsonDocument.Parse(KubeJson.SerializeToUtf8Bytes(obj));
        return new TableRow { Cells = cells(document.RootElement, obj, now) };
    }

    /// <summary>The element at <paramref name="path"/>, or null when any step is missing.</summary>
    public static JsonElement? At(JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return null;
        }
        return element.ValueKind == JsonValueKind.Null ? null : element;
    }

    public static long Int(JsonElement element, long fallback, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.Number } n && n.TryGetInt64(out var value) ? value : fallback;

    public static string? Text(JsonElement element, params string[] path) =>
        At(element, path) is { ValueKind: JsonValueKind.String } s ? s.GetString() : null;

    public static T? As<T>(JsonElement element, params string[] path) where T : class
    {
        if (At(element, path) is not { } found) return null;
        try { return found.Deserialize<T>(KubeJson.Options); }
        catch (JsonException) { return null; }
    }
}
