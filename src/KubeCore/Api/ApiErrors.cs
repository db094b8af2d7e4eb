using KubeCore.Models;

namespace KubeCore.Api;

/// <summary>
/// Builds the errors an API server returns, with Kubernetes' exact messages, e.g.
/// <c>pods "web" not found</c> or <c>Operation cannot be fulfilled on deployments.apps "web": the object has been modified; ...</c>.
/// </summary>
public static class ApiErrors
{
    /// <summary>404: <c>pods "x" not found</c>.</summary>
    public static NotFoundException NotFound(GroupResource resource, string name) =>
        new(Failure(404, StatusReasons.NotFound, $"{resource} \"{name}\" not found", Details(resource, name)));

    /// <summary>409: <c>deployments.apps "web" already exists</c>.</summary>
    public static AlreadyExistsException AlreadyExists(GroupResource resource, string name) =>
        new(Failure(409, StatusReasons.AlreadyExists, $"{resource} \"{name}\" already exists", Details(resource, name)));

    /// <summary>409: the object was modified since it was read.</summary>
    public static ConflictException Conflict(GroupResource resource, string name, string? reason = null) =>
        new(Failure(409, StatusReasons.Conflict,
            $"Operation cannot be fulfilled on {resource} \"{name}\": {reason ?? OptimisticLockMessage}", Details(resource, name)));

    /// <summary>The standard message of an optimistic-lock conflict.</summary>
    public const string OptimisticLockMessage = "the object has been modified; please apply your changes to the latest version and try again";

    /// <summary>
    /// 409 from server-side apply: <c>Apply failed with 1 conflict: conflict with "kubectl" using apps/v1: .spec.replicas</c>,
    /// with one <c>FieldManagerConflict</c> cause per field.
    /// </summary>
    /// <param name="conflicts">Each conflicting field: the owner as kube-apiserver prints it (<c>"kubectl" using apps/v1</c>) and the path.</param>
    public static ConflictException ApplyConflict(IReadOnlyList<(string Manager, string Path)> conflicts)
    {
        ArgumentNullException.ThrowIfNull(conflicts);
        var causes = conflicts.Select(c => new StatusCause { Reason = "FieldManagerConflict", Message = "conflict with " + c.Manager, Field = c.Path }).ToArray();
        string message;
        if (conflicts.Count == 1)
        {
            message = $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager}: {conflicts[0].Path}";
        }
        else
        {
            var lines = conflicts.GroupBy(c => c.Manager).OrderBy(g => g.Key, StringComparer.Ordinal)
                .SelectMany(g => g.Select(c => "- " + c.Path).Prepend($"conflicts with {g.Key}:"));
            message = $"Apply failed with {conflicts.Count} conflicts: " + string.Join("\n", lines);
        }
        return new(Failure(409, StatusReasons.Conflict, message, new StatusDetails { Causes = causes }));
    }

    /// <summary>422: <c>Deployment.apps "web" is invalid: spec.replicas: Invalid value: -1: ...</c>.</summary>
    public static InvalidException Invalid(GroupKind kind, string name, IReadOnlyList<StatusCause> causes)
    {
        var summary = causes.Count switch
        {
            0 => "",
            1 => ": " + causes[0].CauseText(),
            _ => ": [" + string.Join(", ", causes.Select(c => c.CauseText())) + "]",
        };
        return new(Failure(422, StatusReasons.Invalid, $"{kind} \"{name}\" is invalid{summary}",
            new StatusDetails { Name = name, Group = kind.Group, Kind = kind.Kind, Causes = causes }));
    }

    /// <summary>400 with a message.</summary>
    public static BadRequestException BadRequest(string message) => new(Failure(400, StatusReasons.BadRequest, message));

    /// <summary>410: <c>too old resource version: 5 (100)</c>.</summary>
    public static ExpiredException Expired(long requested, long oldest) =>
        new(Failure(410, StatusReasons.Expired, $"too old resource version: {requested} ({oldest})"));

    /// <summary>410 with a message (e.g. a watcher that fell behind).</summary>
    public static ExpiredException Expired(string message) => new(Failure(410, StatusReasons.Expired, message));

    /// <summary>403 with a message.</summary>
    public static ForbiddenException Forbidden(GroupResource resource, string name, string message) =>
        new(Failure(403, StatusReasons.Forbidden, $"{resource} \"{name}\" is forbidden: {message}", Details(resource, name)));

    /// <summary>405: the resource does not support the verb.</summary>
    public static NotSupportedException MethodNotSupported(GroupResource resource, string verb) =>
        new(Failure(405, StatusReasons.MethodNotAllowed, $"{verb} is not supported on resources of kind \"{resource}\"",
            new StatusDetails { Group = resource.Group, Kind = resource.Resource }));

    /// <summary>415: the body's media type is not supported.</summary>
    public static NotSupportedException UnsupportedMediaType(string message) =>
        new(Failure(415, StatusReasons.UnsupportedMediaType, message));

    /// <summary>504: <c>Timeout: Too large resource version: 10, current resource version: 5</c>.</summary>
    public static ServerUnavailableException TooLargeResourceVersion(long requested, long current) =>
        new(Failure(504, StatusReasons.Timeout, $"Timeout: Too large resource version: {requested}, current resource version: {current}",
            new StatusDetails { Causes = [new StatusCause { Reason = "ResourceVersionTooLarge", Message = $"Too large resource version" }], RetryAfterSeconds = 1 }));

    /// <summary>500 with a message.</summary>
    public static KubeApiException Internal(string message, Exception? inner = null) =>
        new(Failure(500, StatusReasons.InternalError, $"Internal error occurred: {message}"), inner);

    /// <summary>Creates the exception subclass that matches a failure status (e.g. from an HTTP response).</summary>
    public static KubeApiException FromStatus(Status status) => (status.Reason, status.Code) switch
    {
        (StatusReasons.NotFound, _) => new NotFoundException(status),
        (StatusReasons.AlreadyExists, _) => new AlreadyExistsException(status),
        (StatusReasons.Conflict, _) => new ConflictException(status),
        (StatusReasons.Invalid, _) => new InvalidException(status),
        (StatusReasons.BadRequest, _) => new BadRequestException(status),
        (StatusReasons.Expired or StatusReasons.Gone, _) => new ExpiredException(status),
        (StatusReasons.Forbidden, _) => new ForbiddenException(status),
        (StatusReasons.MethodNotAllowed or StatusReasons.UnsupportedMediaType, _) => new NotSupportedException(status),
        (_, 404) => new NotFoundException(status),
        (_, 409) => new ConflictException(status),
        _ => new KubeApiException(status),
    };

    /// <summary>A Success status for deletions of kinds other than pods.</summary>
    public static Status DeleteSuccess(GroupResource resource, string name, string? uid) => new()
    {
        StatusValue = Status.Success,
        Details = new StatusDetails { Name = name, Group = resource.Group, Kind = resource.Resource, Uid = uid },
    };

    private static Status Failure(int code, string reason, string message, StatusDetails? details = null) => new()
    {
        StatusValue = Status.Failure, Code = code, Reason = reason, Message = message, Details = details,
    };

    private static StatusDetails Details(GroupResource resource, string name) =>
        new() { Name = name, Group = resource.Group, Kind = resource.Resource };

    private static string CauseText(this StatusCause cause) =>
        string.IsNullOrEmpty(cause.Field) ? cause.Message ?? "" : $"{cause.Field}: {cause.Message}";
}
