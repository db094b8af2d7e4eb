using KubeCore.Api;
using KubeCore.Manifests;
using KubeCore.Models;

namespace KubeCore.Client;

public sealed partial class KubeClient
{
    /// <summary>
    /// Creates each object, or replaces it when it already exists (keeping its status), in order — what
    /// <c>kubectl apply -f</c> does for manifests the cluster has not seen changed by others. For field ownership
    /// with other writers (merging, conflicts), use <see cref="ServerSideApplyAsync(IEnumerable{KubeObject}, string, bool, string, CancellationToken)"/>. Namespaced objects
    /// without a namespace go to <paramref name="defaultNamespace"/>.
    /// </summary>
    /// <returns>The objects as stored.</returns>
    public async Task<IReadOnlyList<KubeObject>> ApplyAsync(IEnumerable<KubeObject> objects, string defaultNamespace = "default",
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var applied = new List<KubeObject>();
        foreach (var obj in objects)
        {
            var resource = ResourceOf(obj);
            var ns = resource.Namespaced ? obj.Metadata.Namespace ?? defaultNamespace : null;
            var name = obj.Metadata.Name ?? throw new ArgumentException("apply needs a name on every object (generateName is not supported)", nameof(objects));
            while (true)
            {
                try
                {
                    applied.Add(await _api.CreateAsync(resource, ns, obj, null, cancellationToken).ConfigureAwait(false));
                    break;
                }
                catch (AlreadyExistsException) { }
                catch (InvalidException invalid) when (obj is Service)
                {
                    // kube-apiserver allocates a Service's addresses before it finds the name taken, so re-creating one
                    // with its fixed clusterIP or nodePort is a 422 (kubernetes#54425): replace it if it exists.
                    var exists = true;
                    try { await _api.GetAsync(resource, ns, name, null, cancellationToken).ConfigureAwait(false); }
                    catch (NotFoundException) { exists = false; }
                    if (!exists) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(invalid);
                }
                {
                    var current = await _api.GetAsync(resource, ns, name, null, cancellationToken).ConfigureAwait(false);
                    var replacement = obj with { Metadata = obj.Metadata with { Namespace = ns, ResourceVersion = current.Metadata.ResourceVersion } };
                    try
                    {
                        applied.Add(await _api.UpdateAsync(resource, ns, replacement, null, cancellationToken).ConfigureAwait(false));
                        break;
                    }
                    catch (ConflictException) { }
                    catch (NotFoundException) { }
                }
            }
        }
        return applied;
    }

    /// <summary>
    /// Server-side applies each object in order (<c>kubectl apply --server-side -f</c>): <paramref name="fieldManager"/>
    /// owns exactly the fields each manifest sets; fields it set before and no longer does are removed; fields other
    /// managers own are not taken unless <paramref name="force"/>. Namespaced objects without a namespace go to
    /// <paramref name="defaultNamespace"/>.
    /// </summary>
    /// <exception cref="ConflictException">A field owned by another manager would change and <paramref name="force"/> is false.</exception>
    public async Task<IReadOnlyList<KubeObject>> ServerSideApplyAsync(IEnumerable<KubeObject> objects, string fieldManager, bool force = false,
        string defaultNamespace = "default", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(objects);
        var applied = new List<KubeObject>();
        foreach (var obj in objects)
        {
            var resource = ResourceOf(obj);
            var ns = resource.Namespaced ? obj.Metadata.Namespace ?? defaultNamespace : null;
            var name = obj.Metadata.Name ?? throw new ArgumentException("apply needs a name on every object (generateName is not supported)", nameof(objects));
            var options = new PatchOptions { FieldManager = fieldManager, Force = force };
            applied.Add(await _api.PatchAsync(resource, ns, name, PatchType.Apply, ResourceClient<KubeObject>.ApplyConfiguration(resource, obj), options, "", cancellationToken).ConfigureAwait(false));
        }
        return applied;
    }

    /// <summary>Server-side applies one object of any registered kind (see <see cref="ResourceClient{T}.ServerSideApplyAsync"/>).</summary>
    public async Task<T> ServerSideApplyAsync<T>(T obj, string fieldManager, bool force = false, CancellationToken cancellationToken = default) where T : KubeObject =>
        (T)(await ServerSideApplyAsync([obj], fieldManager, force, "default", cancellationToken).ConfigureAwait(false))[0];

    /// <summary>Loads manifests from a file or folder (like <c>kubectl apply -f</c>) and applies them.</summary>
    /// <exception cref="ManifestException">A manifest cannot be read.</exception>
    public async Task<IReadOnlyList<KubeObject>> ApplyFileAsync(string path, bool recursive = false, string defaultNamespace = "default",
        CancellationToken cancellationToken = default) =>
        await ApplyAsync(ManifestReader.Default.Load(path, recursive), defaultNamespace, cancellationToken).ConfigureAwait(false);
}
