using System.Globalization;
using System.Text;

namespace KubeCore.Validation;

/// <summary>An immutable path to a field of an object (<c>field.Path</c>), e.g. <c>spec.containers[0].name</c>.</summary>
public sealed class FieldPath
{
    private readonly string? _name;   // a named step, or null for a subscript
    private readonly string? _index;  // the subscript (index or key) when _name is null
    private readonly FieldPath? _parent;

    private FieldPath(string? name, string? index, FieldPath? parent)
    {
        _name = name;
        _index = index;
        _parent = parent;
    }

    /// <summary>Creates a root path from one or more field names.</summary>
    public static FieldPath Root(string name, params string[] moreNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = new FieldPath(name, null, null);
        foreach (var n in moreNames) path = new FieldPath(n, null, path);
        return path;
    }

    /// <summary>Appends one or more named fields.</summary>
    public FieldPath Child(string name, params string[] moreNames)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = new FieldPath(name, null, this);
        foreach (var n in moreNames) path = new FieldPath(n, null, path);
        return path;
    }

    /// <summary>Appends a list subscript, printed as <c>[index]</c>.</summary>
    public FieldPath Index(int index) => new(null, index.ToString(CultureInfo.InvariantCulture), this);

    /// <summary>Appends a map-key subscript, printed as <c>[key]</c>.</summary>
    public FieldPath Key(string key) => new(null, key ?? "", this);

    /// <summary>The path as Kubernetes prints it, e.g. <c>spec.containers[0].name</c>.</summary>
    public override string ToString()
    {
        var elements = new List<FieldPath>();
        for (var p = this; p is not null; p = p._parent) elements.Add(p);
        var sb = new StringBuilder();
        for (var i = elements.Count - 1; i >= 0; i--)
        {
            var p = elements[i];
            if (!string.IsNullOrEmpty(p._name))
            {
                if (p._parent is not null) sb.Append('.');
                sb.Append(p._name);
            }
            else
            {
                sb.Append('[').Append(p._index).Append(']');
            }
        }
        return sb.ToString();
    }

    /// <summary>Prints a possibly-null path the way Kubernetes does (<c>&lt;nil&gt;</c> for no path).</summary>
    public static string Format(FieldPath? path) => path?.ToString() ?? "<nil>";
}
