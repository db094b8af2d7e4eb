using KubeCore.Models;
using KubeCore.Validation;

namespace KubeCore.Api.Strategies;

/// <summary>
/// Namespaces: DNS-label names, <c>Active</c> on creation with the <c>kubernetes</c> spec finalizer; a delete marks
/// them <c>Terminating</c> until the namespace controller empties them and clears the finalizer through <c>/finalize</c>.
/// </summary>
public class NamespaceResourceStrategy : ResourceStrategy
{
    /// <summary>The shared instance.</summary>
    public static NamespaceResourceStrategy Instance { get; } = new();

    /// <summary>The spec finalizer the namespace controller removes once the namespace is empty.</summary>
    public const string KubernetesFinalizer = "kubernetes";

    /// <inheritdoc />
    public override Func<string, bool, IReadOnlyList<string>> NameValidator => MetadataValidation.NameIsDnsLabel;

    /// <inheritdoc />
    public override bool ResetStatusOnCreate => false;

    /// <inheritdoc />
    public override KubeObject PrepareForCreate(KubeObject obj)
    {
        var ns = (Namespace)obj;
        var finalizers = ns.Spec?.Finalizers is { Count: > 0 } f ? f : [KubernetesFinalizer];
        return ns with { Spec = (ns.Spec ?? new NamespaceSpec()) with { Finalizers = finalizers }, Status = new NamespaceStatus { Phase = "Active" } };
    }

    /// <inheritdoc />
    public override KubeObject PrepareForUpdate(KubeObject updated, KubeObject current)
    {
        // Spec finalizers change only through the finalize subresource.
        var ns = (Namespace)updated;
        var finalizers = ((Namespace)current).Spec?.Finalizers;
        return ns with { Spec = (ns.Spec ?? new NamespaceSpec()) with { Finalizers = finalizers } };
    }

    /// <inheritdoc />
    public override KubeObject PrepareForSubresourceUpdate(string subresource, KubeObject updated, KubeObject current) =>
        subresource == "finalize"
            ? (Namespace)current with { Spec = (((Namespace)current).Spec ?? new NamespaceSpec()) with { Finalizers = ((Namespace)updated).Spec?.Finalizers } }
            : base.PrepareForSubresourceUpdate(subresource, updated, current);

    /// <inheritdoc />
    public override bool HasPendingDeletionWork(KubeObject obj) => ((Namespace)obj).Spec?.Finalizers is { Count: > 0 };

    /// <inheritdoc />
    public override KubeObject OnDeletionStarted(KubeObject obj)
    {
        var ns = (Namespace)obj;
        return ns with { Status = (ns.Status ?? new NamespaceStatus()) with { Phase = "Terminating" } };
    }

    /// <inheritdoc />
    public override IReadOnlyCollection<string> SelectableFields { get; } = ["status.phase"];

    /// <inheritdoc />
    public override string? GetSelectableField(KubeObject obj, string field) =>
        field == "status.phase" ? ((Namespace)obj).Status?.Phase ?? "" : base.GetSelectableField(obj, field);
}
