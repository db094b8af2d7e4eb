using System.Globalization;
using System.Text.Json;

namespace KubeCore.Printing;

/// <summary>
/// The "simple JSONPath" of CRD <c>additionalPrinterColumns</c>: <c>.a.b</c>, <c>.a[0]</c>, <c>.a['x.y']</c>,
/// <c>.a[*].b</c> and filters such as <c>.status.conditions[?(@.type=="Ready")].status</c>.
/// </summary>
public sealed class JsonPathExpression
{
    private readonly Step[] _steps;

    private JsonPathExpression(string text, Step[] steps) { Text = text; _steps = steps; }

    /// <summary>The expression as written.</summary>
    public string Text { get; }

    /// <summary>Parses <paramref name="path"/> (with or without surrounding braces).</summary>
    /// <exception cref="FormatException">The path is not a supported JSONPath.</exception>
    public static JsonPathExpression Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var text = path.Trim();
        if (text.StartsWith('{') && text.EndsWith('}')) text = text[1..^1].Trim();
        if (text.StartsWith('$')) text = text[1..];
        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                i++;
                var start = i;
                while (i < text.Length && text[i] != '.' && text[i] != '[') i++;
                if (i == start) throw Error(path, "empty field name");
                steps.Add(new Step(StepKind.Field, text[start..i], null, null));
            }
            else if (text[i] == '[')
            {
                var end = FindClosingBracket(text, i, path);
                var inner = text[(i + 1)..end].Trim();
                i = end + 1;
                if (inner == "*") steps.Add(new Step(StepKind.All, null, null, null));
                else if (inner.StartsWith("?(", StringComparison.Ordinal) && inner.EndsWith(')')) steps.Add(ParseFilter(inner[2..^1], path));
                else if (inner.Length >= 2 && (inner[0] == '\'' || inner[0] == '"') && inner[^1] == inner[0]) steps.Add(new Step(StepKind.Field, inner[1..^1], null, null));
                else if (int.TryParse(inner, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)) steps.Add(new Step(StepKind.Index, null, index, null));
                else throw Error(path, $"unsupported subscript [{inner}]");
            }
            else
            {
                throw Error(path, $"unexpected character '{text[i]}' at {i}");
            }
        }
        return new JsonPathExpression(path, steps.ToArray());
    }

    /// <summary>Every value the path selects in <paramref name="root"/>, in document order.</summary>
    public IReadOnlyList<JsonElement> Evaluate(JsonElement root)
    {
        IEnumerable<JsonElement> current = [root];
        foreach (var step in _steps) current = current.SelectMany(step.Apply).ToList();
        return current.ToList();
    }

    private static Step ParseFilter(string filter, string path)
    {
        // @.a.b == "x"  |  @.a.b != 'x'  |  @.a.b (exists)
        var op = filter.Contains("!=", StringComparison.Ordinal) ? "!=" : filter.Contains("==", StringComparison.Ordinal) ? "==" : null;
        var left = op is null ? filter.Trim() : filter[..filter.IndexOf(op, StringComparison.Ordinal)].Trim();
        if (!left.StartsWith('@')) throw Error(path, $"unsupported filter ({filter})");
        var subPath = Parse(left[1..]);
        string? literal = null;
        if (op is not null)
        {
            literal = filter[(filter.IndexOf(op, StringComparison.Ordinal) + 2)..].Trim();
            if (literal.Length >= 2 && (literal[0] == '"' || literal[0] == '\'') && literal[^1] == literal[0]) literal = literal[1..^1];
        }
        return new Step(StepKind.Filter, op, null, (subPath, literal));
    }

    private static int FindClosingBracket(string text, int open, string path)
    {
        char? quote = null;
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null) { if (c == quote) quote = null; continue; }
            if (c is '\'' or '"') quote = c;
            else if (c == '[') depth++;
            else if (c == ']' && --depth == 0) return i;
        }
        throw Error(path, "unclosed [");
    }

    private static FormatException Error(string path, string message) => new($"invalid JSONPath \"{path}\": {message}");

    /// <summary>Formats a selected value as kubectl's JSONPath printer does: strings bare, everything else as JSON.</summary>
    public static string FormatValue(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Null or JsonValueKind.Undefined => "",
        _ => value.GetRawText(),
    };

    private enum StepKind { Field, Index, All, Filter }

    private sealed record Step(StepKind Kind, string? Name, int? Index, (JsonPathExpression Path, string? Literal)? Filter)
    {
        public IEnumerable<JsonElement> Apply(JsonElement node)
        {
            switch (Kind)
            {
                case StepKind.Field:
                    if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(Name!, out var child)) yield return child;
                    break;
                case StepKind.Index:
                    if (node.ValueKind == JsonValueKind.Array)
                    {
                        var count = node.GetArrayLength();
                        var i = Index!.Value < 0 ? count + Index.Value : Index.Value;
                        if (i >= 0 && i < count) yield return node[i];
                    }
                    break;
                case StepKind.All:
                    if (node.ValueKind == JsonValueKind.Array) foreach (var item in node.EnumerateArray()) yield return item;
                    else if (node.ValueKind == JsonValueKind.Object) foreach (var property in node.EnumerateObject()) yield return property.Value;
                    break;
                case StepKind.Filter:
                    if (node.ValueKind != JsonValueKind.Array) break;
                    var (path, literal) = Filter!.Value;
                    foreach (var item in node.EnumerateArray())
                    {
                        var found = path.Evaluate(item);
                        var matches = Name switch
                        {
                            null => found.Count > 0,
                            "==" => found.Any(f => FormatValue(f) == literal),
                            _ => found.All(f => FormatValue(f) != literal),
                        };
                        if (matches) yield return item;
                    }
                    break;
            }
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
