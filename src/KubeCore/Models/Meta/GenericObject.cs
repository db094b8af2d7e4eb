using System.Text.Json;
using System.Text.Json.Serialization;

namespace KubeCore.Models;

/// <summary>
/// An object of a kind the model does not type (custom resources, or kinds not registered in the type map):
/// everything beyond <c>apiVersion</c>, <c>kind</c> and <c>metadata</c> lives in <see cref="KubeObject.ExtensionData"/>.
/// </summary>
/// <remarks>
/// Spec and status follow the custom resource rules: <c>status</c> is the status subresource, and every other
/// top-level field counts as the spec (a change to any of them bumps <c>metadata.generation</c>).
/// </remarks>
public sealed record GenericObject : KubeObject
{
    private const string StatusField = "status";
    private const string SpecField = "spec";

    /// <summary>Creates an empty object; set <see cref="KubeObject.ApiVersion"/> and <see cref="KubeObject.Kind"/>.</summary>
    public GenericObject() { }

    /// <summary>Creates an empty object of the given apiVersion and kind.</summary>
    public GenericObject(string apiVersion, string kind) { ApiVersion = apiVersion; Kind = kind; }

    /// <inheritdoc />
    [JsonIgnore] public override bool HasStatus => true;

    /// <inheritdoc />
    [JsonIgnore] public override bool HasSpec => true;

    /// <summary>The <c>spec</c> field, if present.</summary>
    public JsonElement? GetSpec() => GetField(SpecField);

    /// <summary>The <c>status</c> field, if present.</summary>
    public JsonElement? GetStatus() => GetField(StatusField);

    /// <summary>Reads a top-level field other than apiVersion, kind and metadata.</summary>
    public JsonElement? GetField(string name) =>
        ExtensionData is { } data && data.TryGetValue(name, out var value) ? value : null;

    /// <summary>Returns a copy with the top-level field <paramref name="name"/> set (or removed when null).</summary>
    public GenericObject WithField(string name, JsonElement? value)
    {
        var data = ExtensionData is null ? new Dictionary<string, JsonElement>(StringComparer.Ordinal) : new Dictionary<string, JsonElement>(ExtensionData, StringComparer.Ordinal);
        if (value is { } v) data[name] = v;
        else data.Remove(name);
        return this with { ExtensionData = data.Count == 0 ? null : data };
    }

    /// <inheritdoc />
    public override KubeObject WithStatusFrom(KubeObject source) =>
        WithField(StatusField, source is GenericObject g ? g.GetField(StatusField) : null);

    /// <inheritdoc />
    public override KubeObject WithSpecFrom(KubeObject source)
    {
        var data = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (source.ExtensionData is { } from)
        {
            foreach (var (key, value) in from)
            {
                if (key != StatusField) data[key] = value;
            }
        }
        if (GetField(StatusField) is { } status) data[StatusField] = status;
        return this with { ExtensionData = data.Count == 0 ? null : data };
    }

    /// <inheritdoc />
    public override bool SpecEquals(KubeObject other)
    {
        var mine = ExtensionData;
        var theirs = other.ExtensionData;
        if (CountSpecFields(mine) != CountSpecFields(theirs)) return false;
        if (mine is null) return true;
        foreach (var (key, value) in mine)
        {
            if (key == StatusField) continue;
            if (theirs is null || !theirs.TryGetValue(key, out var otherValue) || !JsonElement.DeepEquals(value, otherValue)) return false;
        }
        return true;
    }

    private static int CountSpecFields(IDictionary<string, JsonElement>? data) =>
        data is null ? 0 : data.Count - (data.ContainsKey(StatusField) ? 1 : 0);
}
