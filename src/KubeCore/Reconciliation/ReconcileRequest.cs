using KubeCore.Models;

namespace KubeCore.Reconciliation;

/// <summary>
/// What a reconciler is asked to reconcile: only the key (namespace and name) of an object, never the event that
/// triggered it — the reconciler reads the current state itself (level-based, like controller-runtime's <c>reconcile.Request</c>).
/// </summary>
public readonly record struct ReconcileRequest
{
    /// <summary>Creates a request; a null namespace means a cluster-scoped object.</summary>
    public ReconcileRequest(string? @namespace, string name)
    {
        Namespace = @namespace ?? "";
        Name = name ?? throw new ArgumentNullException(nameof(name));
    }

    /// <summary>The object's namespace; empty for cluster-scoped objects.</summary>
    public string Namespace { get; }

    /// <summary>The object's name.</summary>
    public string Name { get; }

    /// <summary>The request for <paramref name="obj"/>'s key.</summary>
    public static ReconcileRequest For(KubeObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return new ReconcileRequest(obj.Metadata.Namespace, obj.Metadata.Name ?? "");
    }

    /// <summary>Formats as <c>namespace/name</c> (or <c>name</c> when cluster-scoped), like client-go's cache keys.</summary>
    public override string ToString() => Namespace.Length == 0 ? Name : Namespace + "/" + Name;
}
