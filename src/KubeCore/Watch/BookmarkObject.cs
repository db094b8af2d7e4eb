using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>
/// The object of a BOOKMARK when no <see cref="WatchCacheOptions.BookmarkObjectFactory"/> is configured:
/// only <c>metadata.resourceVersion</c> (and, for the end of initial events, an annotation) is meaningful.
/// </summary>
public sealed record BookmarkObject : KubeObject;
