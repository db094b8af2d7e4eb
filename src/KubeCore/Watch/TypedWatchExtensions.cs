using System.Reactive.Linq;
using System.Runtime.CompilerServices;
using KubeCore.Models;

namespace KubeCore.Watch;

/// <summary>Typed views of a watch: <see cref="WatchEvent{T}"/> for a concrete kind.</summary>
public static class TypedWatchExtensions
{
    /// <summary>The events of <paramref name="watch"/> typed as <typeparamref name="T"/>, for <c>await foreach</c>.</summary>
    /// <exception cref="InvalidCastException">An event carries an object that is not a <typeparamref name="T"/>
    /// (configure <see cref="WatchCacheOptions.BookmarkObjectFactory"/> so bookmarks are of the kind).</exception>
    public static async IAsyncEnumerable<WatchEvent<T>> OfKind<T>(this IAsyncEnumerable<WatchEvent<KubeObject>> watch,
        [EnumeratorCancellation] CancellationToken cancellationToken = default) where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(watch);
        await foreach (var e in watch.WithCancellation(cancellationToken).ConfigureAwait(false)) yield return Cast<T>(e);
    }

    /// <summary>The events of <paramref name="watch"/> typed as <typeparamref name="T"/>, for System.Reactive.</summary>
    /// <exception cref="InvalidCastException">An event carries an object that is not a <typeparamref name="T"/>.</exception>
    public static IObservable<WatchEvent<T>> OfKind<T>(this IObservable<WatchEvent<KubeObject>> watch) where T : KubeObject
    {
        ArgumentNullException.ThrowIfNull(watch);
        return watch.Select(Cast<T>);
    }

    /// <summary>The typed events of <paramref name="watch"/> for <c>await foreach</c>.</summary>
    public static IAsyncEnumerable<WatchEvent<T>> AsAsyncEnumerable<T>(this CacheWatch watch, CancellationToken cancellationToken = default) where T : KubeObject =>
        ((IAsyncEnumerable<WatchEvent<KubeObject>>)watch).OfKind<T>(cancellationToken);

    /// <summary>The typed events of <paramref name="watch"/> as an observable.</summary>
    public static IObservable<WatchEvent<T>> AsObservable<T>(this CacheWatch watch) where T : KubeObject =>
        ((IObservable<WatchEvent<KubeObject>>)watch).OfKind<T>();

    internal static WatchEvent<T> Cast<T>(WatchEvent<KubeObject> e) where T : KubeObject => e.Object switch
    {
        null => new WatchEvent<T>(e.Type, null, e.Error),
        T typed => new WatchEvent<T>(e.Type, typed, e.Error),
        var other => throw new InvalidCastException(
            $"a {e.Type} watch event carries a {other.GetType().Name}, not a {typeof(T).Name}" +
            (e.Type == WatchEventType.Bookmark ? "; set WatchCacheOptions.BookmarkObjectFactory to build bookmarks of the watched kind" : "")),
    };
}
