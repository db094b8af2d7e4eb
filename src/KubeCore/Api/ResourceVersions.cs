using KubeCore.Storage;

namespace KubeCore.Api;

/// <summary>Parses resourceVersions sent by clients into storage revisions.</summary>
public static class ResourceVersions
{
    /// <summary>Parses a resourceVersion; null or empty gives 0.</summary>
    /// <exception cref="BadRequestException">The text is not a resourceVersion this server issued.</exception>
    public static long Parse(string? resourceVersion)
    {
        try { return KubeObjectRevisionExtensions.ParseResourceVersion(resourceVersion); }
        catch (FormatException) { throw ApiErrors.BadRequest($"invalid resource version: \"{resourceVersion}\""); }
    }
}
