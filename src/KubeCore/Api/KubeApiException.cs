using KubeCore.Models;

namespace KubeCore.Api;

/// <summary>
/// A failed API call, carrying the Kubernetes <see cref="Models.Status"/> that an API server would return
/// (reason, HTTP code, details and causes). Catch the subclasses for the common cases.
/// </summary>
public class KubeApiException : Exception
{
    /// <summary>Creates the exception from a failure status.</summary>
    public KubeApiException(Status status, Exception? inner = null) : base(status.Message, inner) => Status = status;

    /// <summary>The failure as Kubernetes reports it.</summary>
    public Status Status { get; }

    /// <summary>The machine-readable reason, e.g. <c>NotFound</c>.</summary>
    public string Reason => Status.Reason ?? StatusReasons.Unknown;

    /// <summary>The HTTP status code.</summary>
    public int Code => Status.Code ?? 500;
}

/// <summary>The object does not exist (404 NotFound).</summary>
public sealed class NotFoundException(Status status) : KubeApiException(status);

/// <summary>An object with that name already exists (409 AlreadyExists).</summary>
public sealed class AlreadyExistsException(Status status) : KubeApiException(status);

/// <summary>The object was modified since it was read (409 Conflict); re-read and retry.</summary>
public sealed class ConflictException(Status status) : KubeApiException(status);

/// <summary>The object failed validation (422 Invalid); <see cref="KubeApiException.Status"/> lists the causes.</summary>
public sealed class InvalidException(Status status) : KubeApiException(status);

/// <summary>The request was malformed (400 BadRequest).</summary>
public sealed class BadRequestException(Status status) : KubeApiException(status);

/// <summary>The requested resourceVersion is no longer available (410 Expired/Gone); re-list.</summary>
public sealed class ExpiredException(Status status) : KubeApiException(status);

/// <summary>The request is not allowed (403 Forbidden), e.g. creating content in a terminating namespace.</summary>
public sealed class ForbiddenException(Status status) : KubeApiException(status);

/// <summary>The resource does not support this operation (405 MethodNotAllowed) or media type (415).</summary>
public sealed class NotSupportedException(Status status) : KubeApiException(status);

/// <summary>The request is valid but the server could not serve it now (e.g. 429 TooManyRequests, 504 Timeout).</summary>
public sealed class ServerUnavailableException(Status status) : KubeApiException(status);
