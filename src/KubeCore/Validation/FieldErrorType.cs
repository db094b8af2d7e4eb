namespace KubeCore.Validation;

/// <summary>Why a field is invalid (<c>field.ErrorType</c>); each maps to a status cause reason.</summary>
public enum FieldErrorType
{
    /// <summary>A required value is missing (<c>FieldValueRequired</c>).</summary>
    Required,
    /// <summary>The value is malformed (<c>FieldValueInvalid</c>).</summary>
    Invalid,
    /// <summary>The value is not one of the supported values (<c>FieldValueNotSupported</c>).</summary>
    NotSupported,
    /// <summary>The value must be unique but is not (<c>FieldValueDuplicate</c>).</summary>
    Duplicate,
    /// <summary>The value is valid but not permitted here (<c>FieldValueForbidden</c>).</summary>
    Forbidden,
    /// <summary>The value is too long (<c>FieldValueTooLong</c>).</summary>
    TooLong,
    /// <summary>The list has too many items (<c>FieldValueTooMany</c>).</summary>
    TooMany,
    /// <summary>A referenced value was not found (<c>FieldValueNotFound</c>).</summary>
    NotFound,
    /// <summary>An error not caused by user input (<c>InternalError</c>).</summary>
    InternalError,
    /// <summary>The value has the wrong type (<c>FieldValueTypeInvalid</c>), printed as <c>Invalid value</c>.</summary>
    TypeInvalid,
}

/// <summary>Kubernetes names and messages for <see cref="FieldErrorType"/>.</summary>
public static class FieldErrorTypeExtensions
{
    /// <summary>The status cause reason, e.g. <c>FieldValueInvalid</c>.</summary>
    public static string ToReason(this FieldErrorType type) => type switch
    {
        FieldErrorType.Required => "FieldValueRequired",
        FieldErrorType.Invalid => "FieldValueInvalid",
        FieldErrorType.NotSupported => "FieldValueNotSupported",
        FieldErrorType.Duplicate => "FieldValueDuplicate",
        FieldErrorType.Forbidden => "FieldValueForbidden",
        FieldErrorType.TooLong => "FieldValueTooLong",
        FieldErrorType.TooMany => "FieldValueTooMany",
        FieldErrorType.NotFound => "FieldValueNotFound",
        FieldErrorType.InternalError => "InternalError",
        FieldErrorType.TypeInvalid => "FieldValueTypeInvalid",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>The human-readable label used in messages, e.g. <c>Invalid value</c>.</summary>
    public static string ToDisplayString(this FieldErrorType type) => type switch
    {
        FieldErrorType.Required => "Required value",
        FieldErrorType.Invalid => "Invalid value",
        FieldErrorType.NotSupported => "Unsupported value",
        FieldErrorType.Duplicate => "Duplicate value",
        FieldErrorType.Forbidden => "Forbidden",
        FieldErrorType.TooLong => "Too long",
        FieldErrorType.TooMany => "Too many",
        FieldErrorType.NotFound => "Not found",
        FieldErrorType.InternalError => "Internal error",
        FieldErrorType.TypeInvalid => "Invalid value",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
