using KubeCore.Models;

namespace KubeCore.Api.Strategies;

/// <summary>Nodes: registered by their agents with status included; selectable by <c>spec.unschedulable</c>.</summary>
public class NodeResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static NodeResourceStrategy Instance { get; } = new();

    /// <inheritdoc />
    public override bool ResetStatusOnCreate => false;

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SelectableFields { get; } = ["spec.unschedulable"];

    /// <inheritdoc />
    public override string? GetSelectableField(KubeObject obj, string field) =>
        field == "spec.unschedulable" ? (((Node)obj).Spec?.Unschedulable == true ? "true" : "false") : base.GetSelectableField(obj, field);
}
