using KubeCore.Models;

namespace KubeCore.Api;

public sealed partial class KubeApi
{
    /// <summary>Reads the <c>scale</c> subresource (autoscaling/v1 Scale) of a Deployment, ReplicaSet or scalable custom resource.</summary>
    /// <exception cref="NotFoundException">The object does not exist or the kind has no scale subresource.</exception>
    public async ValueTask<Scale> GetScaleAsync(ResourceDefinition resource, string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        RequireScale(resource, name);
        var obj = await GetAsync(resource, @namespace, name, null, cancellationToken).ConfigureAwait(false);
        return ToScale(resource, obj);
    }

    /// <summary>
    /// Sets the desired replicas through the <c>scale</c> subresource; this is a spec change, so the generation is bumped.
    /// A <paramref name="resourceVersion"/> is a precondition (stale → 409).
    /// </summary>
    /// <exception cref="InvalidException">The replica count is negative.</exception>
    public async ValueTask<Scale> UpdateScaleAsync(ResourceDefinition resource, string? @namespace, string name, int replicas,
        string? resourceVersion = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        RequireScale(resource, name);
        if (replicas < 0)
            throw ApiErrors.Invalid(new GroupKind("autoscaling", "Scale"), name,
                [new StatusCause { Reason = "FieldValueInvalid", Field = "spec.replicas", Message = $"Invalid value: {replicas}: must be greater than or equal to 0" }]);
        var ns = resource.Namespaced ? @namespace : null;
        var updated = await GuaranteedUpdateAsync(resource, ns, name, "", resourceVersion,
            current => resource.Strategy.WithReplicas(current, replicas), false, cancellationToken,
            new Patching.Apply.FieldManagerIdentity(_options.DefaultFieldManager, ManagedFieldsOperation.Update, resource.ApiVersion, "scale")).ConfigureAwait(false);
        return ToScale(resource, updated);
    }

    private static void RequireScale(ResourceDefinition resource, string name)
    {
        if (!resource.HasSubresource("scale")) throw ApiErrors.NotFound(resource.GroupResource, name + "/scale");
    }

    private static Scale ToScale(ResourceDefinition resource, KubeObject obj)
    {
        var view = resource.Strategy.GetScale(obj) ?? throw ApiErrors.NotFound(resource.GroupResource, (obj.Metadata.Name ?? "") + "/scale");
        var meta = obj.Metadata;
        return new Scale
        {
            Metadata = new ObjectMeta
            {
                Name = meta.Name, Namespace = meta.Namespace, Uid = meta.Uid, ResourceVersion = meta.ResourceVersion,
                CreationTimestamp = meta.CreationTimestamp,
            },
            Spec = new ScaleSpec { Replicas = view.Replicas },
            Status = new ScaleStatus { Replicas = view.StatusReplicas, Selector = view.Selector },
        };
    }
}
