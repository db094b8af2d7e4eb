namespace KubeCore.Selectors;

/// <summary>One term of a <see cref="FieldSelector"/> (<c>fields.Requirement</c>): field, <c>=</c> or <c>!=</c>, and an unescaped value.</summary>
/// <param name="Field">The field path, e.g. <c>metadata.name</c>.</param>
/// <param name="Operator"><see cref="SelectorOperator.Equals"/> or <see cref="SelectorOperator.NotEquals"/>.</param>
/// <param name="Value">The value, unescaped.</param>
public sealed record FieldRequirement(string Field, SelectorOperator Operator, string Value)
{
    /// <summary>Whether the field's value satisfies the term (a missing field reads as the empty string).</summary>
    public bool Matches(Func<string, string?> getField)
    {
        var actual = getField(Field) ?? "";
        var equal = string.Equals(actual, Value, StringComparison.Ordinal);
        return Operator == SelectorOperator.NotEquals ? !equal : equal;
    }

    /// <summary>The term as Kubernetes prints it, with the value escaped (<c>field=value</c> or <c>field!=value</c>).</summary>
    public override string ToString() =>
        Field + (Operator == SelectorOperator.NotEquals ? "!=" : "=") + FieldSelector.EscapeValue(Value);
}
