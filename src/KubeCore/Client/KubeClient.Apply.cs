using KubeCore.Api;
using KubeCore.Manifests;
using KubeCore.Models;

namespace KubeCore.Client;

public sealed partial class KubeClient
{
    /// <summary>
    /// Creates each object, or replaces it when it already exists (keeping its status), in order — what
    /// <c>kubectl apply -f</c> does for manifests the cluster has not seen changed by others. Namespaced objects
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
                catch (AlreadyExistsException)
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

    /// <summary>Loads manifests from a file or folder (like <c>kubectl apply -f</c>) and applies them.</summary>
    /// <exception cref="ManifestException">A manifest cannot be read.</exception>
    public async Task<IReadOnlyList<KubeObject>> ApplyFileAsync(string path, bool recursive = false, string defaultNamespace = "default",
        CancellationToken cancellationToken = default) =>
        await ApplyAsync(ManifestReader.Default.Load(path, recursive), defaultNamespace, cancellationToken).ConfigureAwait(false);
}
