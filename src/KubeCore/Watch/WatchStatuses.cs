using System.Globalization;
using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>The Status bodies of watch ERROR events, shaped as kube-apiserver sends them.</summary>
internal static class WatchStatuses
{
    /// <summary>410 Gone, reason Expired: the client must re-list.</summary>
    public static Status Expired(string message) => new()
    {
        StatusValue = Status.Failure,
        Code = 410,
        Reason = "Expired",
        Message = message,
    };

    /// <summary>The watch asked to resume from a revision the history no longer holds.</summary>
    public static Status TooOld(long requested, long oldest) =>
        Expired(string.Create(CultureInfo.InvariantCulture, $"too old resource version: {requested} ({oldest})"));

    /// <summary>The watcher did not consume events fast enough and was ended instead of buffering without bound.</summary>
    public static Status FellBehind(int capacity) =>
        Expired(string.Create(CultureInfo.InvariantCulture,
            $"watcher fell behind: more than {capacity} undelivered events were buffered; re-list and watch again"));

    /// <summary>The cache re-listed from storage (its watch was compacted or overflowed), so resuming is impossible.</summary>
    public static Status Relisted(string reason) =>
        Expired("the watch cache re-listed from storage (" + reason + "); re-list and watch again");

    /// <summary>504 Timeout: the requested revision was not reached in time (kube-apiserver's ResourceVersionTooLarge).</summary>
    public static Status TooLarge(long requested, long current) => new()
    {
        StatusValue = Status.Failure,
        Code = 504,
        Reason = "Timeout",
        Message = string.Create(CultureInfo.InvariantCulture, $"Too large resource version: {requested}, current resource version: {current}"),
        Details = new StatusDetails
        {
            Causes = [new StatusCause { Reason = "ResourceVersionTooLarge", Message = "Too large resource version" }],
            RetryAfterSeconds = 1,
        },
    };

    /// <summary>400 Bad Request for an unparsable resourceVersion.</summary>
    public static Status BadResourceVersion(string message) => new()
    {
        StatusValue = Status.Failure,
        Code = 400,
        Reason = "BadRequest",
        Message = message,
    };
}
