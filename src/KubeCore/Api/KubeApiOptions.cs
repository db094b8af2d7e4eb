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

    /// <summary>
    /// The field manager writes are attributed to in <c>metadata.managedFields</c> when the request names none
    /// (kube-apiserver derives it from the User-Agent). Server-side apply always needs an explicit one.
    /// </summary>
    /// <value>The default is <c>kubecore</c>.</value>
    public string DefaultFieldManager { get; set; } = "kubecore";

    /// <summary>
    /// Whether creates, updates and patches record their manager in <c>metadata.managedFields</c>, as kube-apiserver
    /// does. Server-side apply records its entries regardless, since it cannot work without them.
    /// </summary>
    /// <value>The default is true.</value>
    public bool TrackManagedFields { get; set; } = true;

    /// <summary>
    /// <c>tolerationSeconds</c> of the <c>node.kubernetes.io/not-ready:NoExecute</c> toleration the DefaultTolerationSeconds
    /// admission plugin adds to pods that do not tolerate that taint (kube-apiserver's
    /// <c>--default-not-ready-toleration-seconds</c>); null adds none.
    /// </summary>
    /// <value>The default is 300 seconds.</value>
    public long? DefaultNotReadyTolerationSeconds { get; set; } = 300;

    /// <summary>
    /// <c>tolerationSeconds</c> of the <c>node.kubernetes.io/unreachable:NoExecute</c> toleration the DefaultTolerationSeconds
    /// admission plugin adds (kube-apiserver's <c>--default-unreachable-toleration-seconds</c>); null adds none.
    /// </summary>
    /// <value>The default is 300 seconds.</value>
    public long? DefaultUnreachableTolerationSeconds { get; set; } = 300;

    /// <summary>The service cluster IP range, node port range and the <c>kubernetes</c> Service.</summary>
    public ServiceNetworkOptions ServiceNetwork { get; } = new();
}
