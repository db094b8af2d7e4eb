using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>The result of <see cref="WatchCache.List"/>.</summary>
/// <param name="Items">The matching objects, in key order (the cached instances, not copies).</param>
/// <param name="Revision">The cache revision the list reflects.</param>
public sealed record WatchCacheListResult(IReadOnlyList<KubeObject> Items, long Revision);
