using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace KubeCore.Api;

/// <summary>
/// The resources a cluster serves, looked up by plural, kind, short name or CLR type — the data discovery serves.
/// Built-in kinds are registered up front; custom resources are added at run time (e.g. when a CRD is created).
/// </summary>
public sealed class ResourceRegistry
{
    private readonly object _gate = new();
    private ImmutableArray<ResourceDefinition> _all = [];
    private readonly ConcurrentDictionary<(string Group, string Plural), ResourceDefinition> _byResource = new();
    private readonly ConcurrentDictionary<(string Group, string Kind), ResourceDefinition> _byKind = new();
    private readonly ConcurrentDictionary<Type, ResourceDefinition> _byType = new();

    /// <summary>Raised after a resource is added or removed.</summary>
    public event Action<ResourceDefinition>? Changed;

    /// <summary>Every registered resource, in registration order.</summary>
    public ImmutableArray<ResourceDefinition> All => _all;

    /// <summary>Registers (or replaces) a resource.</summary>
    /// <exception cref="ArgumentException">The definition is incomplete.</exception>
    public ResourceRegistry Add(ResourceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (string.IsNullOrEmpty(definition.Plural) || string.IsNullOrEmpty(definition.Kind) || string.IsNullOrEmpty(definition.Version))
            throw new ArgumentException("a resource needs a kind, a plural name and a version", nameof(definition));
        lock (_gate)
        {
            var index = -1;
            for (var i = 0; i < _all.Length && index < 0; i++)
                if (_all[i].Group == definition.Group && _all[i].Plural == definition.Plural) index = i;
            _all = index >= 0 ? _all.SetItem(index, definition) : _all.Add(definition);
            _byResource[(definition.Group, definition.Plural)] = definition;
            _byKind[(definition.Group, definition.Kind)] = definition;
            if (definition.ClrType != typeof(Models.GenericObject)) _byType[definition.ClrType] = definition;
        }
        Changed?.Invoke(definition);
        return this;
    }

    /// <summary>Removes a resource (e.g. when its CRD is deleted).</summary>
    public bool Remove(string group, string plural)
    {
        ResourceDefinition? removed;
        lock (_gate)
        {
            if (!_byResource.TryRemove((group, plural), out removed)) return false;
            _all = _all.Remove(removed);
            _byKind.TryRemove((group, removed.Kind), out _);
            _byType.TryRemove(removed.ClrType, out _);
        }
        Changed?.Invoke(removed);
        return true;
    }

    /// <summary>Finds a resource by group and plural name.</summary>
    public bool TryGetByResource(string group, string plural, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceDefinition? definition) =>
        _byResource.TryGetValue((group, plural), out definition);

    /// <summary>Finds a resource by group and kind.</summary>
    public bool TryGetByKind(string group, string kind, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceDefinition? definition) =>
        _byKind.TryGetValue((group, kind), out definition);

    /// <summary>Finds a resource by apiVersion and kind.</summary>
    public bool TryGetByApiVersionKind(string apiVersion, string kind, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceDefinition? definition)
    {
        var gvk = GroupVersionKind.FromApiVersion(apiVersion, kind);
        return _byKind.TryGetValue((gvk.Group, gvk.Kind), out definition) && definition.Version == gvk.Version;
    }

    /// <summary>Finds the resource modelled by a CLR type.</summary>
    public bool TryGetByType(Type type, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ResourceDefinition? definition) =>
        _byType.TryGetValue(type, out definition);

    /// <summary>Finds the resource modelled by <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidOperationException">No resource is registered for the type.</exception>
    public ResourceDefinition Get<T>() => TryGetByType(typeof(T), out var d)
        ? d
        : throw new InvalidOperationException($"no resource is registered for {typeof(T).Name}; register it with ResourceRegistry.Add");

    /// <summary>Resolves what a user typed (plural, singular, kind or short name, optionally <c>name.group</c>), as kubectl does.</summary>
    public ResourceDefinition? Resolve(string nameOrShortName)
    {
        var lower = nameOrShortName.ToLowerInvariant();
        foreach (var d in _all)
        {
            if (d.Plural == lower || d.Singular == lower || d.Kind.Equals(nameOrShortName, StringComparison.OrdinalIgnoreCase) ||
                d.ShortNames.Contains(lower) || $"{d.Plural}.{d.Group}" == lower) return d;
        }
        return null;
    }
}
