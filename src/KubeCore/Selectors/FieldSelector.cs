using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace KubeCore.Selectors;

/// <summary>
/// A parsed, immutable field selector (<c>fields.Selector</c>) such as <c>metadata.name=x,status.phase!=Failed</c>: an AND of
/// <see cref="FieldRequirement"/>s. Values may escape <c>\</c>, <c>,</c> and <c>=</c> with a backslash.
/// </summary>
public sealed class FieldSelector
{
    private readonly FieldRequirement[] _requirements;
    private readonly bool _nothing;

    private FieldSelector(FieldRequirement[] requirements, bool nothing)
    {
        _requirements = requirements;
        _nothing = nothing;
    }

    /// <summary>Matches every object.</summary>
    public static FieldSelector Everything { get; } = new([], false);

    /// <summary>Matches no object.</summary>
    public static FieldSelector Nothing { get; } = new([], true);

    /// <summary>The terms, in Kubernetes' order (the raw terms sorted).</summary>
    public IReadOnlyList<FieldRequirement> Requirements => _requirements;

    /// <summary>Whether the selector places no restriction.</summary>
    public bool IsEmpty => !_nothing && _requirements.Length == 0;

    /// <summary>Parses a field selector exactly as <c>fields.ParseSelector</c> does (<c>=</c>, <c>==</c>, <c>!=</c>; escaped values).</summary>
    /// <exception cref="SelectorParseException">The text is not a valid field selector; the message is Kubernetes' error text.</exception>
    public static FieldSelector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var selector, out var error) ? selector : throw new SelectorParseException(error);
    }

    /// <summary>Tries to parse a field selector, returning Kubernetes' error message on failure.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out FieldSelector? selector, [NotNullWhen(false)] out string? error)
    {
        selector = null;
        error = null;
        if (text is null)
        {
            error = "selector must not be null";
            return false;
        }
        var parts = SplitTerms(text);
        parts.Sort(StringComparer.Ordinal);
        var items = new List<FieldRequirement>();
        foreach (var part in parts)
        {
            if (part.Length == 0) continue;
            if (!TrySplitTerm(part, out var field, out var op, out var rhs))
            {
                error = $"invalid selector: '{text}'; can't understand '{part}'";
                return false;
            }
            if (!TryUnescapeValue(rhs, out var value, out error)) return false;
            items.Add(new FieldRequirement(field, op == "!=" ? SelectorOperator.NotEquals : SelectorOperator.Equals, value));
        }
        selector = items.Count == 0 ? Everything : new FieldSelector(items.ToArray(), false);
        return true;
    }

    /// <summary>A selector requiring each field to equal its value (<c>fields.SelectorFromSet</c>), sorted by field.</summary>
    public static FieldSelector FromSet(IReadOnlyDictionary<string, string>? fields)
    {
        if (fields is null || fields.Count == 0) return Everything;
        return new FieldSelector(fields.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new FieldRequirement(p.Key, SelectorOperator.Equals, p.Value)).ToArray(), false);
    }

    /// <summary>A selector of the given terms, in the order given.</summary>
    public static FieldSelector FromRequirements(IEnumerable<FieldRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var array = requirements.ToArray();
        foreach (var r in array)
            if (r.Operator is not (SelectorOperator.Equals or SelectorOperator.NotEquals))
                throw new ArgumentException("field selectors support only = and !=", nameof(requirements));
        return array.Length == 0 ? Everything : new FieldSelector(array, false);
    }

    /// <summary>Whether the object's fields satisfy every term; <paramref name="getField"/> returns null for a missing field.</summary>
    public bool Matches(Func<string, string?> getField)
    {
        ArgumentNullException.ThrowIfNull(getField);
        if (_nothing) return false;
        foreach (var r in _requirements) if (!r.Matches(getField)) return false;
        return true;
    }

    /// <summary>For index lookups (<c>RequiresExactMatch</c>): the value of the first <c>=</c> term on <paramref name="field"/>.</summary>
    public bool TryGetEqualityValue(string field, [NotNullWhen(true)] out string? value)
    {
        foreach (var r in _requirements)
        {
            if (r.Operator == SelectorOperator.Equals && string.Equals(r.Field, field, StringComparison.Ordinal))
            {
                value = r.Value;
                return true;
            }
        }
        value = null;
        return false;
    }

    /// <summary>The selector as Kubernetes prints it (terms joined by commas, values escaped).</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));

    /// <summary>Escapes <c>\</c>, <c>,</c> and <c>=</c> in a value with a backslash (<c>fields.EscapeValue</c>).</summary>
    public static string EscapeValue(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0) return value;
        var sb = new StringBuilder(value.Length + 4);
        foreach (var c in value)
        {
            if (c is '\\' or ',' or '=') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>Reverses <see cref="EscapeValue"/> (<c>fields.UnescapeValue</c>).</summary>
    /// <exception cref="SelectorParseException">An invalid escape sequence or an unescaped <c>,</c> or <c>=</c>.</exception>
    public static string UnescapeValue(string value) =>
        TryUnescapeValue(value, out var result, out var error) ? result : throw new SelectorParseException(error);

    private static bool TryUnescapeValue(string s, [NotNullWhen(true)] out string? result, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (s.AsSpan().IndexOfAny('\\', ',', '=') < 0)
        {
            result = s;
            return true;
        }
        result = null;
        var sb = new StringBuilder(s.Length);
        var inSlash = false;
        foreach (var rune in s.EnumerateRunes())
        {
            if (inSlash)
            {
                if (rune.Value is '\\' or ',' or '=') sb.Append((char)rune.Value);
                else
                {
                    error = "invalid field selector: invalid escape sequence: \\" + rune;
                    return false;
                }
                inSlash = false;
                continue;
            }
            switch (rune.Value)
            {
                case '\\':
                    inSlash = true;
                    break;
                case ',' or '=':
                    // Kubernetes prints the rune's code point here.
                    error = "invalid field selector: unescaped character in value: " + rune.Value.ToString(CultureInfo.InvariantCulture);
                    return false;
                default:
                    sb.Append(rune.ToString());
                    break;
            }
        }
        if (inSlash)
        {
            error = "invalid field selector: invalid escape sequence: \\";
            return false;
        }
        result = sb.ToString();
        return true;
    }

    // Splits on commas that are not escaped by a backslash.
    private static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        if (selector.Length == 0) return terms;
        var start = 0;
        var inSlash = false;
        for (var i = 0; i < selector.Length; i++)
        {
            var c = selector[i];
            if (inSlash) inSlash = false;
            else if (c == '\\') inSlash = true;
            else if (c == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }
        terms.Add(selector[start..]);
        return terms;
    }

    // Finds the first position where "!=", "==" or "=" starts (in that order of preference at each position).
    private static bool TrySplitTerm(string term, out string field, out string op, out string rhs)
    {
        for (var i = 0; i < term.Length; i++)
        {
            foreach (var candidate in (ReadOnlySpan<string>)["!=", "==", "="])
            {
                if (term.AsSpan(i).StartsWith(candidate, StringComparison.Ordinal))
                {
                    field = term[..i];
                    op = candidate;
                    rhs = term[(i + candidate.Length)..];
                    return true;
                }
            }
        }
        field = op = rhs = "";
        return false;
    }
}
