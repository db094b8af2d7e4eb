using KubeCore.Runtime.Simulated.Networking;
using Microsoft.AspNetCore.Http;

namespace KubeCore.Runtime.Simulated.Workloads;

/// <summary>What an in-process workload sees while its container runs.</summary>
public sealed class WorkloadContext
{
    internal WorkloadContext(string ns, string podName, string containerName, IReadOnlyDictionary<string, string> env,
        TextWriter log, TimeProvider timeProvider, CancellationToken stopping, int restartCount, string? podIp = null, ContainerPorts? ports = null, IReadOnlyList<int>? declaredPorts = null)
    {
        PodIP = podIp; _ports = ports; DeclaredPorts = declaredPorts ?? [];
        Namespace = ns; PodName = podName; ContainerName = containerName; Environment = env; Log = log;
        TimeProvider = timeProvider; Stopping = stopping; RestartCount = restartCount;
    }

    /// <summary>The pod's namespace.</summary>
    public string Namespace { get; }
    /// <summary>The pod's name.</summary>
    public string PodName { get; }
    /// <summary>The container's name.</summary>
    public string ContainerName { get; }
    /// <summary>The container's environment (literal <c>env</c> values).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; }
    /// <summary>The container's log (stdout, also what <c>kubectl attach</c> shows); read it with <see cref="SimulatedRuntime.GetLogs"/> or <c>kubectl logs</c>.</summary>
    public TextWriter Log { get; }
    /// <summary>The cluster's clock.</summary>
    public TimeProvider TimeProvider { get; }
    /// <summary>Fires when the container is being terminated (SIGTERM).</summary>
    public CancellationToken Stopping { get; }
    /// <summary>How many times this container has restarted before this run.</summary>
    public int RestartCount { get; }
    /// <summary>How the workload answers liveness, readiness and startup probes (handlers or flags).</summary>
    public WorkloadProbes Probes { get; } = new();
    /// <summary>The commands the container answers to <c>kubectl exec</c> (built-ins answer the rest).</summary>
    public WorkloadExec Exec { get; } = new();
    /// <summary>The main process's stdin: what <c>kubectl attach -i</c> sends. Stdout is <see cref="Log"/>.</summary>
    public TextReader Stdin => StdinPipe;

    internal WorkloadStdin StdinPipe { get; } = new();

    private readonly ContainerPorts? _ports;

    /// <summary>The TCP ports the container declares (<c>ports[].containerPort</c>), in order; empty if none.</summary>
    public IReadOnlyList<int> DeclaredPorts { get; }

    /// <summary>The pod's IP, which the ports served here are reached at (null outside a pod network).</summary>
    public string? PodIP { get; }

    /// <summary>
    /// Serves HTTP/1.1 on <paramref name="port"/> of the pod's IP with an ASP.NET Core request handler, until the container
    /// stops: then new connections are refused and open ones close after the request in flight. Services, the in-process
    /// client, loopback node ports and the ingress controller all reach it.
    /// </summary>
    /// <example><code>ctx.ServeHttp(8080, http => http.Response.WriteAsync($"Hello from {ctx.PodName}\n"));</code></example>
    /// <exception cref="InvalidOperationException">The port is already served in this pod, or the pod has no IP.</exception>
    public void ServeHttp(int port, RequestDelegate app)
    {
        ArgumentNullException.ThrowIfNull(app);
        Ports.Listen(port, app, null);
    }

    /// <summary>Accepts plain TCP connections on <paramref name="port"/> of the pod's IP until the container stops; each runs <paramref name="handler"/>.</summary>
    /// <exception cref="InvalidOperationException">The port is already served in this pod, or the pod has no IP.</exception>
    public void ServeTcp(int port, TcpConnectionHandler handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Ports.Listen(port, null, handler);
    }

    private ContainerPorts Ports => _ports ?? throw new InvalidOperationException("this workload runs outside a pod network");
}
