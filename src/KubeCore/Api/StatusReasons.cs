namespace KubeCore.Api;

/// <summary>The machine-readable <c>reason</c> values of a failure Status (<c>metav1.StatusReason</c>).</summary>
public static class StatusReasons
{
    /// <summary>No reason known.</summary>
    public const string Unknown = "";
    /// <summary>401.</summary>
    public const string Unauthorized = "Unauthorized";
    /// <summary>403.</summary>
    public const string Forbidden = "Forbidden";
    /// <summary>404.</summary>
    public const string NotFound = "NotFound";
    /// <summary>409 on create.</summary>
    public const string AlreadyExists = "AlreadyExists";
    /// <summary>409 on a stale write.</summary>
    public const string Conflict = "Conflict";
    /// <summary>410.</summary>
    public const string Gone = "Gone";
    /// <summary>410 for a compacted resourceVersion.</summary>
    public const string Expired = "Expired";
    /// <summary>422.</summary>
    public const string Invalid = "Invalid";
    /// <summary>504.</summary>
    public const string ServerTimeout = "ServerTimeout";
    /// <summary>504.</summary>
    public const string Timeout = "Timeout";
    /// <summary>429.</summary>
    public const string TooManyRequests = "TooManyRequests";
    /// <summary>400.</summary>
    public const string BadRequest = "BadRequest";
    /// <summary>405.</summary>
    public const string MethodNotAllowed = "MethodNotAllowed";
    /// <summary>406.</summary>
    public const string NotAcceptable = "NotAcceptable";
    /// <summary>413.</summary>
    public const string RequestEntityTooLarge = "RequestEntityTooLarge";
    /// <summary>415.</summary>
    public const string UnsupportedMediaType = "UnsupportedMediaType";
    /// <summary>500.</summary>
    public const string InternalError = "InternalError";
    /// <summary>503.</summary>
    public const string ServiceUnavailable = "ServiceUnavailable";
}
