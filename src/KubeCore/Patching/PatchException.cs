namespace KubeCore.Patching;

/// <summary>A patch could not be parsed or applied; <see cref="Failure"/> tells a bad document (400) from one that does not apply (422).</summary>
public class PatchException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PatchException(PatchFailure failure, string message, Exception? inner = null) : base(message, inner) => Failure = failure;

    /// <summary>The kind of failure.</summary>
    public PatchFailure Failure { get; }

    /// <summary>The HTTP status code Kubernetes answers with for this failure.</summary>
    public int StatusCode => Failure switch
    {
        PatchFailure.BadRequest => 400,
        PatchFailure.UnsupportedMediaType => 415,
        _ => 422,
    };

    internal static PatchException Bad(string message) => new(PatchFailure.BadRequest, message);

    internal static PatchException CannotApply(string message) => new(PatchFailure.CannotApply, message);
}
