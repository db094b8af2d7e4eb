using System.Diagnostics.CodeAnalysis;
using KubeCore.Models;

namespace KubeCore.Selectors;

/// <summary>
/// A parsed, immutable label selector (<c>labels.Selector</c>): an AND of <see cref="LabelRequirement"/>s kept sorted by key,
/// plus the special <see cref="Everything"/> and <see cref="Nothing"/> selectors.
/// </summary>
public sealed class Selector
{
    private readonly LabelRequirement[] _requirements;
    private readonly bool _nothing;

    private Selector(LabelRequirement[] requirements, bool nothing)
    {
        _requirements = requirements;
        _nothing = nothing;
    }

    /// <summary>Matches every object (the empty selector).</summary>
    public static Selector Everything { get; } = new([], false);

    /// <summary>Matches no object.</summary>
    public static Selector Nothing { get; } = new([], true);

    /// <summary>The requirements, sorted by key (empty for <see cref="Everything"/> and <see cref="Nothing"/>).</summary>
    public IReadOnlyList<LabelRequirement> Requirements => _requirements;

    /// <summary>Whether the selector places no restriction (true only for the empty selector, not for <see cref="Nothing"/>).</summary>
    public bool IsEmpty => !_nothing && _requirements.Length == 0;

    /// <summary>Whether this is the <see cref="Nothing"/> selector.</summary>
    public bool IsNothing => _nothing;

    /// <summary>Parses the selector string syntax exactly as <c>labels.Parse</c> does.</summary>
    /// <exception cref="SelectorParseException">The text is not a valid selector; the message is Kubernetes' error text.</exception>
    public static Selector Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var selector, out var error) ? selector : throw new SelectorParseException(error);
    }

    /// <summary>Tries to parse the selector string syntax, returning Kubernetes' error message on failure.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Selector? selector, [NotNullWhen(false)] out string? error)
    {
        selector = null;
        if (text is null)
        {
            error = "selector must not be null";
            return false;
        }
        var requirements = LabelSelectorParser.Parse(text, out error);
        if (requirements is null)
        {
            error ??= "invalid selector";
            return false;
        }
        selector = FromRequirements(requirements);
        error = null;
        return true;
    }

    /// <summary>A selector requiring every key of <paramref name="labels"/> to equal its value (<c>SelectorFromSet</c>, not validated); null or empty is <see cref="Everything"/>.</summary>
    public static Selector FromSet(IReadOnlyDictionary<string, string>? labels)
    {
        if (labels is null || labels.Count == 0) return Everything;
        return FromRequirements(labels.Select(p => LabelRequirement.Unvalidated(p.Key, p.Value)));
    }

    /// <summary>
    /// Converts an API <see cref="LabelSelector"/> as <c>metav1.LabelSelectorAsSelector</c> does: null is <see cref="Nothing"/>,
    /// empty is <see cref="Everything"/>; keys, values and operators (In, NotIn, Exists, DoesNotExist) are validated.
    /// </summary>
    /// <exception cref="SelectorParseException">The selector is invalid; the message is Kubernetes' error text.</exception>
    public static Selector FromLabelSelector(LabelSelector? selector)
    {
        if (selector is null) return Nothing;
        var matchLabels = selector.MatchLabels;
        var expressions = selector.MatchExpressions;
        if ((matchLabels?.Count ?? 0) + (expressions?.Count ?? 0) == 0) return Everything;
        var requirements = new List<LabelRequirement>();
        if (matchLabels is not null)
            foreach (var (k, v) in matchLabels) requirements.Add(LabelRequirement.Create(k, SelectorOperator.Equals, [v]));
        if (expressions is not null)
        {
            foreach (var expr in expressions)
            {
                var op = expr.Operator switch
                {
                    "In" => SelectorOperator.In,
                    "NotIn" => SelectorOperator.NotIn,
                    "Exists" => SelectorOperator.Exists,
                    "DoesNotExist" => SelectorOperator.DoesNotExist,
                    _ => throw new SelectorParseException($"{Validation.FieldError.GoQuote(expr.Operator)} is not a valid label selector operator"),
                };
                requirements.Add(LabelRequirement.Create(expr.Key, op, expr.Values));
            }
        }
        return FromRequirements(requirements);
    }

    /// <summary>A selector of the given requirements (sorted by key).</summary>
    public static Selector FromRequirements(IEnumerable<LabelRequirement> requirements)
    {
        ArgumentNullException.ThrowIfNull(requirements);
        var array = requirements.ToArray();
        if (array.Length == 0) return Everything;
        var sorted = array.OrderBy(r => r.Key, StringComparer.Ordinal).ToArray(); // stable
        return new Selector(sorted, false);
    }

    /// <summary>Returns a selector with additional requirements (<c>Add</c>); adding to <see cref="Nothing"/> gives <see cref="Nothing"/>.</summary>
    public Selector Add(params LabelRequirement[] requirements) =>
        _nothing ? this : FromRequirements(_requirements.Concat(requirements));

    /// <summary>Whether the labels satisfy every requirement (null labels are treated as empty; no allocation).</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        if (_nothing) return false;
        foreach (var r in _requirements) if (!r.Matches(labels)) return false;
        return true;
    }

    /// <summary>
    /// For index lookups: when some requirement on <paramref name="key"/> is <c>=</c>, <c>==</c> or <c>in</c>, returns its
    /// values (the smallest such set); every matching object has one of them. Callers must still apply <see cref="Matches"/>.
    /// </summary>
    public bool TryGetExactValues(string key, [NotNullWhen(true)] out IReadOnlyList<string>? values)
    {
        values = null;
        foreach (var r in _requirements)
        {
            if (!string.Equals(r.Key, key, StringComparison.Ordinal)) continue;
            if (r.Operator is SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In &&
                (values is null || r.Values.Count < values.Count))
                values = r.Values;
        }
        return values is not null;
    }

    /// <summary>
    /// <c>RequiresExactMatch</c>: when the first requirement on <paramref name="key"/> is <c>=</c>, <c>==</c> or a one-value
    /// <c>in</c>, returns that single value.
    /// </summary>
    public bool RequiresExactMatch(string key, [NotNullWhen(true)] out string? value)
    {
        value = null;
        foreach (var r in _requirements)
        {
            if (!string.Equals(r.Key, key, StringComparison.Ordinal)) continue;
            if (r.Operator is SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.In && r.Values.Count == 1)
            {
                value = r.Values[0];
                return true;
            }
            return false;
        }
        return false;
    }

    /// <summary>The canonical string (requirements sorted by key, joined by commas); empty for Everything and Nothing.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));
}
