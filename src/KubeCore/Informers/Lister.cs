using KubeCore.Models;

namespace KubeCore.Informers;

/// <summary>Reads from an informer's cache without calling the API (client-go's Lister). Returned objects are shared: do not mutate.</summary>
/// <typeparam name="T">The object type.</typeparam>
public sealed class Lister<T> where T : KubeObject
{
    private readonly SharedInformer<T> _informer;

    internal Lister(SharedInformer<T> informer) => _informer = informer;

    /// <summary>The cached object with this namespace and name, or null.</summary>
    public T? Get(string? @namespace, string name) =>
        _informer.Get(string.IsNullOrEmpty(@namespace) ? name : @namespace + "/" + name);

    /// <summary>The cached objects, optionally in one namespace and matching a predicate.</summary>
    public IReadOnlyList<T> List(string? @namespace = null, Func<T, bool>? predicate = null) =>
        _informer.Snapshot(@namespace is null
            ? predicate
            : predicate is null ? o => o.Metadata.Namespace == @namespace : o => o.Metadata.Namespace == @namespace && predicate(o));
}
