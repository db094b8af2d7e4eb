namespace KubeCore.Validation;

/// <summary>Helpers over lists of <see cref="FieldError"/> (<c>field.ErrorList</c>).</summary>
public static class FieldErrors
{
    /// <summary>
    /// Joins errors into one message as Kubernetes' aggregate does: one error prints as itself, several as
    /// <c>[a, b]</c> with duplicate messages removed; no errors yields an empty string.
    /// </summary>
    public static string ToAggregateMessage(this IEnumerable<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var messages = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in errors)
        {
            var m = e.ToString();
            if (seen.Add(m)) messages.Add(m);
        }
        return messages.Count switch
        {
            0 => "",
            1 => messages[0],
            _ => "[" + string.Join(", ", messages) + "]",
        };
    }

    /// <summary>Only the errors of the given types.</summary>
    public static IReadOnlyList<FieldError> Filter(this IEnumerable<FieldError> errors, params FieldErrorType[] types) =>
        errors.Where(e => types.Contains(e.Type)).ToList();
}
