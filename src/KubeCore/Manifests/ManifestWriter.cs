using System.Text.Json;
using System.Text.Json.Nodes;
using KubeCore.Models;
using KubeCore.Serialization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace KubeCore.Manifests;

/// <summary>
/// Writes objects as YAML manifests: one document per object separated by <c>---</c>, strings that a YAML 1.1
/// reader would take for another type (<c>"yes"</c>, <c>"1.0"</c>, <c>"0777"</c>, <c>"null"</c>, …) quoted.
/// </summary>
public static class ManifestWriter
{
    /// <summary>Writes one object as a YAML document.</summary>
    public static string ToYaml(KubeObject value) => ToYaml([value]);

    /// <summary>Writes objects as a multi-document YAML stream.</summary>
    public static string ToYaml(IEnumerable<KubeObject> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        using var writer = new StringWriter();
        Write(writer, values);
        return writer.ToString();
    }

    /// <summary>Writes objects as a multi-document YAML stream to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IEnumerable<KubeObject> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        var emitter = new Emitter(writer, EmitterSettings.Default.WithIndentedSequences());
        emitter.Emit(new StreamStart());
        var first = true;
        foreach (var value in values)
        {
            emitter.Emit(new DocumentStart(null, null, isImplicit: first));
            EmitNode(emitter, KubeJson.ToJsonNode(value));
            emitter.Emit(new DocumentEnd(isImplicit: true));
            first = false;
        }
        emitter.Emit(new StreamEnd());
    }

    private static void EmitNode(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case null:
                emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                break;
            case JsonObject obj:
                emitter.Emit(new MappingStart(AnchorName.Empty, TagName.Empty, true, obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in obj)
                {
                    EmitString(emitter, key);
                    EmitNode(emitter, value);
                }
                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(AnchorName.Empty, TagName.Empty, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array) EmitNode(emitter, item);
                emitter.Emit(new SequenceEnd());
                break;
            default:
                var kind = node.GetValueKind();
                switch (kind)
                {
                    case JsonValueKind.String:
                        EmitString(emitter, node.GetValue<string>());
                        break;
                    case JsonValueKind.True:
                    case JsonValueKind.False:
                    case JsonValueKind.Number:
                        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, node.ToJsonString(), ScalarStyle.Plain, true, false));
                        break;
                    default:
                        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, "null", ScalarStyle.Plain, true, false));
                        break;
                }
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        ScalarStyle style;
        if (YamlScalars.NeedsQuoting(text)) style = ScalarStyle.DoubleQuoted;
        else if (text.Contains('\n', StringComparison.Ordinal)) style = ScalarStyle.Literal;
        else style = ScalarStyle.Any;
        emitter.Emit(new Scalar(AnchorName.Empty, TagName.Empty, text, style, style == ScalarStyle.Any, true));
    }
}
