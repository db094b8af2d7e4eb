using KubeCore.Models;
using KubeCore.Printing;

namespace KubeCore.Tests.Printing;

/// <summary>Shared clock and helpers: every age in these tests is measured against <see cref="Now"/>.</summary>
internal static class PrintingTestData
{
    public static readonly DateTimeOffset Now = new(2030, 5, 6, 7, 8, 9, TimeSpan.Zero);

    public static KubeTime Ago(TimeSpan age) => KubeTime.FromDateTimeOffset(Now - age);

    public static ObjectMeta Meta(string name, TimeSpan? age = null, string? ns = null) =>
        new() { Name = name, Namespace = ns, CreationTimestamp = age is { } a ? Ago(a) : null };

    /// <summary>The cells of the single row of <paramref name="obj"/>'s table.</summary>
    public static object?[] Cells(KubeObject obj) =>
        new TableConverter().ConvertToTable(obj, Now).Rows.Single().Cells.ToArray();

    /// <summary>The column names of <paramref name="obj"/>'s table, wide ones suffixed with "*".</summary>
    public static string[] Columns(KubeObject obj) =>
        new TableConverter().ConvertToTable(obj, Now).ColumnDefinitions.Select(c => c.Priority > 0 ? c.Name + "*" : c.Name).ToArray();
}
