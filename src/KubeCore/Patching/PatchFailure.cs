namespace KubeCore.Patching;

/// <summary>Why a patch was refused, which decides the HTTP status the API layer answers with.</summary>
public enum PatchFailure
{
    /// <summary>The patch document itself is malformed (HTTP 400 BadRequest).</summary>
    BadRequest,

    /// <summary>The patch is well formed but cannot be applied to the object (HTTP 422 Unprocessable Entity).</summary>
    CannotApply,

    /// <summary>The patch type is not supported for the target kind (HTTP 415 UnsupportedMediaType).</summary>
    UnsupportedMediaType,
}
