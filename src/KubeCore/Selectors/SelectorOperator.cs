namespace KubeCore.Selectors;

/// <summary>The operator of a label or field selector requirement (<c>selection.Operator</c>).</summary>
public enum SelectorOperator
{
    /// <summary><c>key=value</c>.</summary>
    Equals,
    /// <summary><c>key==value</c>.</summary>
    DoubleEquals,
    /// <summary><c>key!=value</c>: the key is absent or has another value.</summary>
    NotEquals,
    /// <summary><c>key in (a,b)</c>.</summary>
    In,
    /// <summary><c>key notin (a,b)</c>: the key is absent or has none of the values.</summary>
    NotIn,
    /// <summary><c>key</c>: the key is present.</summary>
    Exists,
    /// <summary><c>!key</c>: the key is absent.</summary>
    DoesNotExist,
    /// <summary><c>key&gt;n</c>: the value is an integer greater than n.</summary>
    GreaterThan,
    /// <summary><c>key&lt;n</c>: the value is an integer less than n.</summary>
    LessThan,
}

/// <summary>Kubernetes spellings of <see cref="SelectorOperator"/>.</summary>
public static class SelectorOperatorExtensions
{
    /// <summary>The <c>selection.Operator</c> string: <c>=</c>, <c>==</c>, <c>!=</c>, <c>in</c>, <c>notin</c>, <c>exists</c>, <c>!</c>, <c>gt</c>, <c>lt</c>.</summary>
    public static string ToKubernetesString(this SelectorOperator op) => op switch
    {
        SelectorOperator.Equals => "=",
        SelectorOperator.DoubleEquals => "==",
        SelectorOperator.NotEquals => "!=",
        SelectorOperator.In => "in",
        SelectorOperator.NotIn => "notin",
        SelectorOperator.Exists => "exists",
        SelectorOperator.DoesNotExist => "!",
        SelectorOperator.GreaterThan => "gt",
        SelectorOperator.LessThan => "lt",
        _ => throw new ArgumentOutOfRangeException(nameof(op)),
    };
}
