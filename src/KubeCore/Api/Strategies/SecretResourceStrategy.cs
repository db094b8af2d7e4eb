using KubeCore.Models;

namespace KubeCore.Api.Strategies;

/// <summary>Secrets: selectable by <c>type</c>.</summary>
public class SecretResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static SecretResourceStrategy Instance { get; } = new();

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SelectableFields { get; } = ["type"];

    /// <inheritdoc />
    public override string? GetSelectableField(KubeObject obj, string field) =>
        field == "type" ? ((Secret)obj).Type ?? "" : base.GetSelectableField(obj, field);
}
