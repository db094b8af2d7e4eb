namespace KubeCore.Validation;

/// <summary>Allocation-free accumulation of field errors: the list is created only when the first error appears.</summary>
internal static class Errors
{
    /// <summary>The shared empty result.</summary>
    public static readonly IReadOnlyList<FieldError> None = Array.Empty<FieldError>();

    /// <summary>Appends <paramref name="error"/>, creating the list on first use.</summary>
    public static void Add(ref List<FieldError>? errs, FieldError error) => (errs ??= new List<FieldError>(2)).Add(error);

    /// <summary>Appends every error of <paramref name="more"/> (nothing is allocated when it is empty).</summary>
    public static void AddRange(ref List<FieldError>? errs, IReadOnlyList<FieldError>? more)
    {
        if (more is null || more.Count == 0) return;
        (errs ??= new List<FieldError>(more.Count)).AddRange(more);
    }

    /// <summary>The accumulated errors, or <see cref="None"/>.</summary>
    public static IReadOnlyList<FieldError> Result(List<FieldError>? errs) => errs is null ? None : errs;

    /// <summary>Adds one Invalid error per message.</summary>
    public static void AddInvalid(ref List<FieldError>? errs, FieldPath path, object? value, IReadOnlyList<string> messages)
    {
        foreach (var m in messages) Add(ref errs, FieldError.Invalid(path, value, m));
    }
}
