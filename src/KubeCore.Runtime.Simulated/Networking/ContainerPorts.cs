using System.Net;
using Microsoft.AspNetCore.Http;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>The ports one run of a container listens on, bound in the pod network and closed when the run ends.</summary>
internal sealed class ContainerPorts(PodNetwork network, string? podIp, PodRef pod, string container)
{
    private readonly List<PodListener> _open = [];
    private bool _closed;

    public void Listen(int port, RequestDelegate? http, TcpConnectionHandler? tcp)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        if (podIp is null || !IPAddress.TryParse(podIp, out var ip)) throw new InvalidOperationException($"pod {pod.Namespace}/{pod.Name} has no IP to listen on");
        var listener = new PodListener(ip, port, pod, container, http, tcp);
        lock (_open)
        {
            if (_closed) throw new InvalidOperationException($"container {container} of pod {pod.Namespace}/{pod.Name} is not running");
            network.Bind(listener);
            _open.Add(listener);
        }
    }

    /// <summary>Closes every port: new connections are refused, open ones drain.</summary>
    public void CloseAll()
    {
        lock (_open)
        {
            _closed = true;
            foreach (var l in _open) network.Unbind(l);
            _open.Clear();
        }
    }
}
