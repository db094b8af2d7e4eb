using System.Globalization;
using System.Text;
using KubeCore.Models;
using KubeCore.Storage;

namespace KubeCore.Api;

/// <summary>A page of objects from a list.</summary>
/// <param name="Items">The objects, in key order.</param>
/// <param name="ResourceVersion">The revision the list reflects.</param>
/// <param name="Continue">Token for the next page, or null when this is the last page.</param>
/// <param name="RemainingItemCount">How many matching objects follow this page, when known.</param>
public sealed record ObjectList(IReadOnlyList<KubeObject> Items, string ResourceVersion, string? Continue = null, long? RemainingItemCount = null);

public sealed partial class KubeApi
{
    /// <summary>
    /// Lists objects matching label and field selectors, in one namespace or across all (null).
    /// Supports resourceVersion (empty: latest, <c>0</c>: any, N with <c>NotOlderThan</c> or <c>Exact</c>) and paging
    /// with <c>limit</c>/<c>continue</c>; pages of one list are consistent (read at the first page's revision).
    /// </summary>
    /// <exception cref="BadRequestException">A selector or parameter is invalid.</exception>
    /// <exception cref="ExpiredException">The revision or continue token is too old.</exception>
    public async ValueTask<ObjectList> ListAsync(ResourceDefinition resource, string? @namespace, ListOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(resource);
        options ??= new ListOptions();
        var filter = ListFilter.Create(resource, options);
        var prefix = resource.KeyPrefixFor(@namespace);
        long revision = 0;
        string? startAfter = null;

        if (!string.IsNullOrEmpty(options.Continue))
        {
            (revision, startAfter) = DecodeContinue(options.Continue);
            if (!startAfter.StartsWith(prefix, StringComparison.Ordinal)) throw ApiErrors.BadRequest("continue key is not valid for this request");
        }
        else if (options.ResourceVersionMatch == "Exact")
        {
            revision = ResourceVersions.Parse(options.ResourceVersion);
            if (revision == 0) throw ApiErrors.BadRequest("resourceVersionMatch: Exact requires a resourceVersion other than 0");
        }
        else if (!string.IsNullOrEmpty(options.ResourceVersionMatch) && options.ResourceVersionMatch != "NotOlderThan")
            throw ApiErrors.BadRequest($"resourceVersionMatch: Unsupported value: \"{options.ResourceVersionMatch}\": supported values: \"Exact\", \"NotOlderThan\"");
        else if (!string.IsNullOrEmpty(options.ResourceVersion) && options.ResourceVersion != "0")
        {
            // NotOlderThan: the latest state is never older than a revision this server issued.
            var atLeast = ResourceVersions.Parse(options.ResourceVersion);
            var current = await _storage.GetCurrentRevisionAsync(cancellationToken).ConfigureAwait(false);
            if (atLeast > current) throw ApiErrors.TooLargeResourceVersion(atLeast, current);
        }

        if (startAfter is null && options.Limit <= 0 && revision == 0)
        {
            // Served from the watch cache: "" is a consistent read, "0" any cached state, N not older than N.
            var atLeast = options.ResourceVersion switch
            {
                null or "" => long.MaxValue,
                "0" => 0,
                var requested => ResourceVersions.Parse(requested),
            };
            return await ListFromCacheAsync(resource, @namespace, filter, atLeast, cancellationToken).ConfigureAwait(false);
        }

        StorageListResult listed;
        try
        {
            listed = await _storage.ListAsync(prefix, revision, cancellationToken).ConfigureAwait(false);
        }
        catch (StorageRevisionCompactedException e) when (startAfter is not null)
        {
            throw ApiErrors.Expired($"The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list. ({e.RequestedRevision})");
        }
        catch (StorageRevisionCompactedException e)
        {
            throw ApiErrors.Expired(e.RequestedRevision, e.CompactedRevision);
        }
        catch (StorageRevisionNotYetReachedException e)
        {
            throw ApiErrors.TooLargeResourceVersion(e.RequestedRevision, e.CurrentRevision);
        }

        var limit = options.Limit > 0 ? options.Limit : long.MaxValue;
        var items = new List<KubeObject>();
        string? lastKey = null;
        long remaining = 0;
        foreach (var entry in listed.Items)
        {
            if (startAfter is not null && string.CompareOrdinal(entry.Key, startAfter) <= 0) continue;
            if (!filter.Matches(entry.Value)) continue;
            if (items.Count < limit) { items.Add(entry.Value); lastKey = entry.Key; }
            else remaining++;
        }
        var rv = listed.Revision.ToString(CultureInfo.InvariantCulture);
        return remaining > 0
            ? new ObjectList(items, rv, EncodeContinue(listed.Revision, lastKey!), filter.IsEverything ? remaining : null)
            : new ObjectList(items, rv);
    }

    private static string EncodeContinue(long revision, string key) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(new System.Text.Json.Nodes.JsonObject
        {
            ["v"] = "kubecore.continue/1",
            ["rv"] = revision,
            ["start"] = key,
        }.ToJsonString()));

    private static (long Revision, string StartAfter) DecodeContinue(string token)
    {
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(Convert.FromBase64String(token));
            var root = doc.RootElement;
            if (root.GetProperty("v").GetString() != "kubecore.continue/1") throw new FormatException();
            return (root.GetProperty("rv").GetInt64(), root.GetProperty("start").GetString()!);
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw ApiErrors.BadRequest("continue key is not valid: " + e.Message);
        }
    }
}
