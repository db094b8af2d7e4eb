namespace KubeCore.Validation;

/// <summary>
/// A field path that is only built when an error is reported: a pre-built root, an optional list index and up to three
/// child names, e.g. <c>spec.containers</c> + <c>[0]</c> + <c>livenessProbe.httpGet.port</c>.
/// </summary>
internal readonly struct LazyPath
{
    private readonly FieldPath _root;
    private readonly int _index;
    private readonly string? _a;
    private readonly string? _b;
    private readonly string? _c;

    /// <summary>A path below <paramref name="root"/>.</summary>
    public LazyPath(FieldPath root, string? a = null, string? b = null, string? c = null) : this(root, -1, a, b, c) { }

    /// <summary>A path below <c>root[index]</c>.</summary>
    public LazyPath(FieldPath root, int index, string? a = null, string? b = null, string? c = null)
    {
        _root = root;
        _index = index;
        _a = a;
        _b = b;
        _c = c;
    }

    /// <summary>Builds the path (allocates).</summary>
    public FieldPath Build()
    {
        var p = _index >= 0 ? _root.Index(_index) : _root;
        if (_a is not null) p = p.Child(_a);
        if (_b is not null) p = p.Child(_b);
        if (_c is not null) p = p.Child(_c);
        return p;
    }

    /// <summary>Wraps an already-built path.</summary>
    public static implicit operator LazyPath(FieldPath path) => new(path);
}
