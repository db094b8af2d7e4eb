namespace KubeCore.Printing;

/// <summary>How <see cref="TableConverter"/> builds a table (the query parameters of a Table request).</summary>
public sealed record TableOptions
{
    /// <summary>The defaults: rows carry PartialObjectMetadata, columns included.</summary>
    public static TableOptions Default { get; } = new();

    /// <summary>What each row's <c>object</c> holds. <value>The default is <see cref="IncludeObjectPolicy.Metadata"/>.</value></summary>
    public IncludeObjectPolicy IncludeObject { get; init; } = IncludeObjectPolicy.Metadata;

    /// <summary>Leaves out <c>columnDefinitions</c> (kube-apiserver does after the first event of a watch). <value>The default is false.</value></summary>
    public bool NoHeaders { get; init; }
}
