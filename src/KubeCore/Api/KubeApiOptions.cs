namespace KubeCore.Api;

/// <summary>Settings of the API layer.</summary>
public sealed class KubeApiOptions
{
    /// <summary>
    /// Seed for generated names (<c>generateName</c>); null uses a shared random source.
    /// </summary>
    /// <value>The default is null.</value>
    public int? RandomSeed { get; set; }

    /// <summary>How many times an update without a resourceVersion is retried on a storage conflict before giving up.</summary>
    /// <value>The default is 16.</value>
    public int MaxUpdateRetries { get; set; } = 16;
}
