using System.Text;
using System.Text.Json;

namespace KubeCore.Patching.Apply;

/// <summary>
/// A set of field paths in structured-merge-diff's form: a tree whose edges are path elements
/// (<c>f:name</c> a field, <c>k:{"name":"web"}</c> a list item by key, <c>v:"x"</c> a set member, <c>i:3</c> a list index)
/// and whose nodes are members of the set when marked (the <c>.</c> of FieldsV1, or a leaf).
/// </summary>
internal sealed class FieldSet
{
    private SortedDictionary<string, FieldSet>? _children;

    /// <summary>Whether the path leading to this node is itself in the set.</summary>
    public bool IsMember { get; private set; }

    public bool IsEmpty => !IsMember && (_children is null || _children.Count == 0);

    public IEnumerable<KeyValuePair<string, FieldSet>> Children => _children ?? Enumerable.Empty<KeyValuePair<string, FieldSet>>();

    public FieldSet? Child(string element) => _children is not null && _children.TryGetValue(element, out var c) ? c : null;

    public FieldSet GetOrAddChild(string element)
    {
        _children ??= new SortedDictionary<string, FieldSet>(StringComparer.Ordinal);
        if (!_children.TryGetValue(element, out var child)) _children[element] = child = new FieldSet();
        return child;
    }

    public void MarkMember() => IsMember = true;

    public void Insert(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var e in path) node = node.GetOrAddChild(e);
        node.IsMember = true;
    }

    public bool Contains(IReadOnlyList<string> path)
    {
        var node = this;
        foreach (var e in path)
        {
            node = node.Child(e);
            if (node is null) return false;
        }
        return node.IsMember;
    }

    public FieldSet Clone()
    {
        var copy = new FieldSet { IsMember = IsMember };
        if (_children is not null)
            foreach (var (k, v) in _children) (copy._children ??= new(StringComparer.Ordinal))[k] = v.Clone();
        return copy;
    }

    /// <summary>Adds every member of <paramref name="other"/> to this set.</summary>
    public FieldSet UnionWith(FieldSet? other)
    {
        if (other is null) return this;
        if (other.IsMember) IsMember = true;
        foreach (var (k, v) in other.Children) GetOrAddChild(k).UnionWith(v);
        return this;
    }

    /// <summary>Removes every member of <paramref name="other"/> from this set (paths, not subtrees).</summary>
    public FieldSet ExceptWith(FieldSet? other)
    {
        if (other is null) return this;
        if (other.IsMember) IsMember = false;
        if (_children is null) return this;
        foreach (var (k, v) in other.Children)
        {
            if (!_children.TryGetValue(k, out var mine)) continue;
            mine.ExceptWith(v);
            if (mine.IsEmpty) _children.Remove(k);
        }
        return this;
    }

    /// <summary>The members present in both sets.</summary>
    public static FieldSet Intersect(FieldSet a, FieldSet b)
    {
        var result = new FieldSet { IsMember = a.IsMember && b.IsMember };
        foreach (var (k, v) in a.Children)
        {
            if (b.Child(k) is not { } other) continue;
            var child = Intersect(v, other);
            if (!child.IsEmpty) (result._children ??= new(StringComparer.Ordinal))[k] = child;
        }
        return result;
    }

    /// <summary>Whether this node or anything below it is a member.</summary>
    public bool HasAnyMember => IsMember || Children.Any(c => c.Value.HasAnyMember);

    /// <summary>Every member path, in set order.</summary>
    public IEnumerable<string[]> Paths()
    {
        var stack = new List<string>();
        return Walk(this, stack);

        static IEnumerable<string[]> Walk(FieldSet node, List<string> prefix)
        {
            if (node.IsMember && prefix.Count > 0) yield return prefix.ToArray();
            foreach (var (k, v) in node.Children)
            {
                prefix.Add(k);
                foreach (var p in Walk(v, prefix)) yield return p;
                prefix.RemoveAt(prefix.Count - 1);
            }
        }
    }

    /// <summary>Writes the set as a FieldsV1 object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        if (IsMember && _children is { Count: > 0 })
        {
            writer.WritePropertyName(".");
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        foreach (var (k, v) in Children)
        {
            writer.WritePropertyName(k);
            v.WriteTo(writer);
        }
        writer.WriteEndObject();
    }

    /// <summary>Reads a FieldsV1 object.</summary>
    /// <exception cref="FormatException">It is not a FieldsV1 object.</exception>
    public static FieldSet Parse(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object) throw new FormatException("FieldsV1 must be a JSON object");
        var set = new FieldSet();
        foreach (var p in json.EnumerateObject())
        {
            if (p.Name == ".") { set.IsMember = true; continue; }
            if (p.Name.Length < 2 || p.Name[1] != ':' || "fkvi".IndexOf(p.Name[0]) < 0)
                throw new FormatException($"unknown FieldsV1 path element \"{p.Name}\"");
            var child = Parse(p.Value);
            if (child._children is null || child._children.Count == 0) child.IsMember = true;
            (set._children ??= new(StringComparer.Ordinal))[p.Name] = child;
        }
        return set;
    }

    /// <summary>The set as FieldsV1 JSON in UTF-8.</summary>
    public byte[] ToUtf8()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping })) WriteTo(writer);
        return buffer.ToArray();
    }

    /// <summary>Reads FieldsV1 JSON in UTF-8.</summary>
    /// <exception cref="FormatException">It is not a FieldsV1 object.</exception>
    public static FieldSet Parse(ReadOnlyMemory<byte> utf8)
    {
        using var doc = JsonDocument.Parse(utf8);
        return Parse(doc.RootElement);
    }

    /// <summary>The JSON text of the set (FieldsV1).</summary>
    public override string ToString() => Encoding.UTF8.GetString(ToUtf8());

    /// <summary>
    /// A path as structured-merge-diff prints it in conflict messages: <c>.spec.replicas</c>,
    /// <c>.spec.containers[name="web"].image</c>, <c>.metadata.finalizers[="x"]</c>, <c>.args[0]</c>.
    /// </summary>
    public static string FormatPath(IReadOnlyList<string> path)
    {
        var sb = new StringBuilder();
        foreach (var e in path)
        {
            var body = e[2..];
            switch (e[0])
            {
                case 'f': sb.Append('.').Append(body); break;
                case 'v': sb.Append("[=").Append(body).Append(']'); break;
                case 'i': sb.Append('[').Append(body).Append(']'); break;
                case 'k':
                    sb.Append('[');
                    using (var doc = JsonDocument.Parse(body))
                    {
                        var first = true;
                        foreach (var p in doc.RootElement.EnumerateObject())
                        {
                            if (!first) sb.Append(',');
                            first = false;
                            sb.Append(p.Name).Append('=').Append(p.Value.GetRawText());
                        }
                    }
                    sb.Append(']');
                    break;
            }
        }
        return sb.ToString();
    }
}
