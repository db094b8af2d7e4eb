using System.Globalization;
using System.Text;
using KubeCore.Validation;

namespace KubeCore.Selectors;

/// <summary>One requirement of a label <see cref="Selector"/> (<c>labels.Requirement</c>), e.g. <c>env in (prod,qa)</c>.</summary>
public sealed class LabelRequirement
{
    private const int HashThreshold = 8;
    private readonly string[] _values;
    private readonly HashSet<string>? _valueSet;
    private readonly long _bound; // parsed integer for GreaterThan / LessThan

    private LabelRequirement(string key, SelectorOperator op, string[] values)
    {
        Key = key;
        Operator = op;
        _values = values;
        if (values.Length > HashThreshold) _valueSet = new HashSet<string>(values, StringComparer.Ordinal);
        if (op is SelectorOperator.GreaterThan or SelectorOperator.LessThan && values.Length == 1)
            _bound = long.Parse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    /// <summary>The label key.</summary>
    public string Key { get; }

    /// <summary>The operator.</summary>
    public SelectorOperator Operator { get; }

    /// <summary>The values, in the order given (sorted and de-duplicated when parsed from text).</summary>
    public IReadOnlyList<string> Values => _values;

    /// <summary>
    /// Creates a validated requirement as <c>labels.NewRequirement</c> does (key is a qualified name, values are label
    /// values, value counts fit the operator, Gt/Lt values are integers).
    /// </summary>
    /// <exception cref="SelectorParseException">The requirement is invalid; the message lists Kubernetes' field errors.</exception>
    public static LabelRequirement Create(string key, SelectorOperator op, IEnumerable<string>? values = null, FieldPath? path = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        var vals = values?.ToArray() ?? [];
        var errors = Validate(key, op, vals, path);
        if (errors.Count > 0) throw new SelectorParseException(errors.ToAggregateMessage());
        return new LabelRequirement(key, op, vals);
    }

    /// <summary>Creates an equality requirement without validating it (as <c>SelectorFromValidatedSet</c> does).</summary>
    internal static LabelRequirement Unvalidated(string key, string value) => new(key, SelectorOperator.Equals, [value]);

    /// <summary>The field errors <c>labels.NewRequirement</c> reports for this combination (empty when valid).</summary>
    public static List<FieldError> Validate(string key, SelectorOperator op, IReadOnlyList<string> values, FieldPath? path = null)
    {
        var errs = new List<FieldError>();
        var keyErrs = NameValidation.IsQualifiedName(key);
        if (keyErrs.Count > 0) errs.Add(FieldError.Invalid(Child(path, "key"), key, string.Join("; ", keyErrs)));
        var valuePath = Child(path, "values");
        switch (op)
        {
            case SelectorOperator.In or SelectorOperator.NotIn:
                if (values.Count == 0) errs.Add(FieldError.Invalid(valuePath, BadList(values), "for 'in', 'notin' operators, values set can't be empty"));
                break;
            case SelectorOperator.Equals or SelectorOperator.DoubleEquals or SelectorOperator.NotEquals:
                if (values.Count != 1) errs.Add(FieldError.Invalid(valuePath, BadList(values), "exact-match compatibility requires one single value"));
                break;
            case SelectorOperator.Exists or SelectorOperator.DoesNotExist:
                if (values.Count != 0) errs.Add(FieldError.Invalid(valuePath, BadList(values), "values set must be empty for exists and does not exist"));
                break;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (values.Count != 1) errs.Add(FieldError.Invalid(valuePath, BadList(values), "for 'Gt', 'Lt' operators, exactly one value is required"));
                for (var i = 0; i < values.Count; i++)
                    if (!TryParseGoInt(values[i], out _))
                        errs.Add(FieldError.Invalid(valuePath.Index(i), values[i], "for 'Gt', 'Lt' operators, the value must be an integer"));
                break;
            default:
                errs.Add(FieldError.NotSupported(Child(path, "operator"), op.ToString(),
                    ["in", "notin", "=", "==", "!=", "gt", "lt", "exists", "!"]));
                break;
        }
        for (var i = 0; i < values.Count; i++)
        {
            var valueErrs = NameValidation.IsValidLabelValue(values[i]);
            if (valueErrs.Count > 0) errs.Add(FieldError.Invalid(valuePath.Index(i).Key(key), values[i], string.Join("; ", valueErrs)));
        }
        return errs;
    }

    // Go prints an empty (nil) value list as null.
    private static object? BadList(IReadOnlyList<string> values) => values.Count == 0 ? null : values;

    private static FieldPath Child(FieldPath? path, string name) => path is null ? FieldPath.Root(name) : path.Child(name);

    // Go's strconv.ParseInt(s, 10, 64): optional sign, ASCII digits only.
    internal static bool TryParseGoInt(string s, out long value)
    {
        value = 0;
        var start = s.Length > 0 && s[0] is '+' or '-' ? 1 : 0;
        if (s.Length == start) return false;
        for (var i = start; i < s.Length; i++) if (!char.IsAsciiDigit(s[i])) return false;
        return long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Whether the labels satisfy this requirement (no allocation).</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        string? value = null;
        var exists = labels is not null && labels.TryGetValue(Key, out value);
        switch (Operator)
        {
            case SelectorOperator.In or SelectorOperator.Equals or SelectorOperator.DoubleEquals:
                return exists && HasValue(value!);
            case SelectorOperator.NotIn or SelectorOperator.NotEquals:
                return !exists || !HasValue(value!);
            case SelectorOperator.Exists:
                return exists;
            case SelectorOperator.DoesNotExist:
                return !exists;
            case SelectorOperator.GreaterThan or SelectorOperator.LessThan:
                if (!exists || _values.Length != 1 || !TryParseGoInt(value!, out var actual)) return false;
                return Operator == SelectorOperator.GreaterThan ? actual > _bound : actual < _bound;
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="value"/> is one of <see cref="Values"/>.</summary>
    public bool HasValue(string value)
    {
        if (_valueSet is not null) return _valueSet.Contains(value);
        foreach (var v in _values) if (string.Equals(v, value, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>The requirement as Kubernetes prints it, e.g. <c>!a</c>, <c>a=b</c>, <c>a in (x,y)</c>, <c>a&gt;1</c>.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Operator == SelectorOperator.DoesNotExist) sb.Append('!');
        sb.Append(Key);
        switch (Operator)
        {
            case SelectorOperator.Equals: sb.Append('='); break;
            case SelectorOperator.DoubleEquals: sb.Append("=="); break;
            case SelectorOperator.NotEquals: sb.Append("!="); break;
            case SelectorOperator.In: sb.Append(" in "); break;
            case SelectorOperator.NotIn: sb.Append(" notin "); break;
            case SelectorOperator.GreaterThan: sb.Append('>'); break;
            case SelectorOperator.LessThan: sb.Append('<'); break;
            default: return sb.ToString();
        }
        var set = Operator is SelectorOperator.In or SelectorOperator.NotIn;
        if (set) sb.Append('(');
        if (_values.Length == 1) sb.Append(_values[0]);
        else
        {
            var sorted = (string[])_values.Clone();
            Array.Sort(sorted, StringComparer.Ordinal);
            sb.AppendJoin(',', sorted);
        }
        if (set) sb.Append(')');
        return sb.ToString();
    }
}
