using KubeCore.Models;
using KubeCore.Validation;

namespace KubeCore.Api;

/// <summary>
/// Per-kind behaviour of the API layer, like kube-apiserver's registry strategies: what is reset or defaulted on
/// create and update, how the kind is validated, which fields selectors and indexes can use, how it is deleted.
/// Subclass it for your own kinds and pass it in their <see cref="ResourceDefinition"/>.
/// </summary>
public class ResourceStrategy
{
    /// <summary>The behaviour of a kind with no special rules.</summary>
    public static ResourceStrategy Default { get; } = new();

    /// <summary>Whether a create clears the status (true for kinds whose status only controllers write).</summary>
    public virtual bool ResetStatusOnCreate => true;

    /// <summary>Whether an update without a resourceVersion is allowed (last write wins).</summary>
    public virtual bool AllowUnconditionalUpdate => true;

    /// <summary>The propagation policy used when a delete names none.</summary>
    public virtual string DefaultPropagationPolicy => PropagationPolicy.Background;

    /// <summary>Validates a name (or, with prefix true, a generateName) and returns the problems; DNS subdomain by default.</summary>
    public virtual Func<string, bool, IReadOnlyList<string>> NameValidator => MetadataValidation.NameIsDnsSubdomain;

    /// <summary>Prepares a new object before defaulting (e.g. sets an initial status phase).</summary>
    public virtual KubeObject PrepareForCreate(KubeObject obj) => obj;

    /// <summary>Prepares an update of the main resource before defaulting (e.g. clears fields users may not set).</summary>
    public virtual KubeObject PrepareForUpdate(KubeObject updated, KubeObject current) => updated;

    /// <summary>Fills in defaults as Kubernetes does for the kind.</summary>
    public virtual KubeObject ApplyDefaults(KubeObject obj) => Defaulting.KindDefaults.Apply(obj);

    /// <summary>Validates a new object's kind-specific fields (metadata is validated by the API layer).</summary>
    public virtual IEnumerable<FieldError> Validate(KubeObject obj) => KindValidation.Validate(obj);

    /// <summary>Validates an update's kind-specific fields, including immutable ones.</summary>
    public virtual IEnumerable<FieldError> ValidateUpdate(KubeObject updated, KubeObject current) => KindValidation.ValidateUpdate(updated, current);

    /// <summary>Validates a status update.</summary>
    public virtual IEnumerable<FieldError> ValidateStatusUpdate(KubeObject updated, KubeObject current) => KindValidation.ValidateStatusUpdate(updated, current);

    /// <summary>
    /// Applies a write to a subresource other than the main resource: by default <c>status</c> changes only the status.
    /// </summary>
    public virtual KubeObject PrepareForSubresourceUpdate(string subresource, KubeObject updated, KubeObject current) =>
        subresource == "status"
            ? current.WithStatusFrom(updated)
            : throw ApiErrors.NotFound(new GroupResource("", current.Kind ?? ""), (current.Metadata.Name ?? "") + "/" + subresource);

    /// <summary>Whether a delete must wait for kind-specific work besides finalizers (namespaces: their spec finalizers).</summary>
    public virtual bool HasPendingDeletionWork(KubeObject obj) => false;

    /// <summary>Adjusts an object whose deletion just started (namespaces become Terminating).</summary>
    public virtual KubeObject OnDeletionStarted(KubeObject obj) => obj;

    /// <summary>
    /// The grace period of a delete, in seconds, or null when the kind is deleted at once.
    /// Only pods are deleted gracefully in Kubernetes.
    /// </summary>
    public virtual long? GracePeriodSeconds(KubeObject obj, DeleteOptions options) => null;

    /// <summary>
    /// Whether a DELETE answers with the deleted object rather than a Success <c>Status</c> (kube-apiserver's
    /// <c>ReturnDeletedObject</c>; true for pods).
    /// </summary>
    public virtual bool ReturnDeletedObject => false;

    /// <summary>Field selector labels this kind supports beyond <c>metadata.name</c> and <c>metadata.namespace</c>.</summary>
    public virtual IReadOnlyCollection<string> SelectableFields => [];

    /// <summary>The value of a selectable field, or null when the field is not selectable.</summary>
    public virtual string? GetSelectableField(KubeObject obj, string field) => field switch
    {
        "metadata.name" => obj.Metadata.Name,
        "metadata.namespace" => obj.Metadata.Namespace ?? "",
        _ => null,
    };

    /// <summary>Selectable fields the watch cache indexes for fast lookups (e.g. <c>spec.nodeName</c> for pods).</summary>
    public virtual IReadOnlyCollection<string> IndexedFields => [];

    /// <summary>Whether <paramref name="field"/> can be used in a field selector on this kind.</summary>
    public bool IsSelectableField(string field) =>
        field is "metadata.name" or "metadata.namespace" || SelectableFields.Contains(field);

    /// <summary>
    /// Removes the fields of a JSON object that the kind's schema does not know and returns their paths (what
    /// <c>fieldValidation</c> reports); by default the fields the CLR type has no property for.
    /// </summary>
    public virtual IReadOnlyList<string> RemoveUnknownFields(System.Text.Json.Nodes.JsonObject obj, Type clrType) =>
        Serialization.UnknownFields.Remove(obj, clrType);

    /// <summary>Whether an update leaves what <c>metadata.generation</c> tracks unchanged (by default the spec).</summary>
    public virtual bool SpecEquals(KubeObject updated, KubeObject current) => updated.SpecEquals(current);

    /// <summary>
    /// Whether the server keeps <c>metadata.generation</c> for this object (1 on create, +1 per spec change). As in
    /// kube-apiserver 1.32: kinds with a spec do, except Pods, Services, Nodes, Namespaces, PersistentVolumes,
    /// PersistentVolumeClaims and Leases, whose strategies never set it.
    /// </summary>
    public virtual bool TracksGeneration(KubeObject obj) =>
        obj is not null && obj.HasSpec && obj is not (Pod or Service or Node or Namespace or PersistentVolume or PersistentVolumeClaim or Lease);

    /// <summary>Reads the scale of an object for the <c>scale</c> subresource, or null when the kind has none.</summary>
    public virtual ScaleView? GetScale(KubeObject obj) => null;

    /// <summary>Returns the object with its desired replica count set (for the <c>scale</c> subresource).</summary>
    public virtual KubeObject WithReplicas(KubeObject obj, int replicas) =>
        throw ApiErrors.MethodNotSupported(new GroupResource("", obj.Kind ?? ""), "scale");
}

/// <summary>The parts of an object the <c>scale</c> subresource shows.</summary>
/// <param name="Replicas">Desired replicas (spec).</param>
/// <param name="StatusReplicas">Observed replicas (status).</param>
/// <param name="Selector">The label selector in string form.</param>
public sealed record ScaleView(int Replicas, int StatusReplicas, string? Selector);
