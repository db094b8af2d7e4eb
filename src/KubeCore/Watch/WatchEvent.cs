using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>The type of a watch event, as on the wire (<c>ADDED</c>, <c>MODIFIED</c>, <c>DELETED</c>, <c>BOOKMARK</c>, <c>ERROR</c>).</summary>
public enum WatchEventType
{
    /// <summary>An object was created (or, for an initial list, exists).</summary>
    Added,
    /// <summary>An object changed.</summary>
    Modified,
    /// <summary>An object was deleted; the event carries its last state.</summary>
    Deleted,
    /// <summary>Progress notification: only <c>metadata.resourceVersion</c> of the object is meaningful.</summary>
    Bookmark,
    /// <summary>The watch failed; <see cref="WatchEvent{T}.Error"/> says why (e.g. 410 Expired). No events follow.</summary>
    Error,
}

/// <summary>One event of a watch.</summary>
/// <typeparam name="T">The object type.</typeparam>
/// <param name="Type">What happened.</param>
/// <param name="Object">The object (for bookmarks, an object carrying only the resourceVersion; null for errors).</param>
/// <param name="Error">For <see cref="WatchEventType.Error"/>, the failure as a Kubernetes Status.</param>
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, Status? Error = null) where T : KubeObject;
