using System.Collections.Frozen;

namespace KubeCore.Patching;

/// <summary>The strategic-merge rules of one object type: which fields merge lists (and by what key), retain keys or replace.</summary>
public sealed class PatchSchema
{
    private readonly FrozenDictionary<string, PatchField> _fields;

    /// <summary>Creates a schema for the type <paramref name="name"/>.</summary>
    /// <param name="name">The type name (for messages), e.g. <c>PodSpec</c>.</param>
    /// <param name="fields">The fields that have rules; fields not listed merge as objects or are replaced as lists.</param>
    /// <param name="mapValues">For a map type (<c>map[string]T</c>), the schema of every value.</param>
    public PatchSchema(string name, IEnumerable<KeyValuePair<string, PatchField>>? fields = null, PatchSchema? mapValues = null)
    {
        Name = name;
        _fields = (fields ?? []).ToFrozenDictionary(StringComparer.Ordinal);
        MapValues = mapValues;
    }

    /// <summary>A schema without rules: objects merge recursively, lists are replaced.</summary>
    public static PatchSchema Empty { get; } = new("object");

    /// <summary>The type name.</summary>
    public string Name { get; }

    /// <summary>The fields that have rules.</summary>
    public IReadOnlyDictionary<string, PatchField> Fields => _fields;

    /// <summary>For map types, the schema of each value.</summary>
    public PatchSchema? MapValues { get; }

    /// <summary>The rules for the JSON field <paramref name="name"/>.</summary>
    public PatchField Field(string name)
    {
        if (_fields.TryGetValue(name, out var field)) return field;
        return MapValues is null ? PatchField.Plain : PatchField.Object(MapValues);
    }

    /// <summary>Returns a copy with extra or overriding fields.</summary>
    public PatchSchema With(string name, params (string Field, PatchField Rule)[] fields)
    {
        var merged = _fields.ToDictionary(StringComparer.Ordinal);
        foreach (var (f, rule) in fields) merged[f] = rule;
        return new PatchSchema(name, merged, MapValues);
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
