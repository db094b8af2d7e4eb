using System.Globalization;
using KubeCore.Models;
using Microsoft.AspNetCore.Http;

namespace KubeCore.Runtime.Simulated.Networking;

/// <summary>
/// What a container with no in-process workload answers on the TCP ports it declares: an HTTP 200 naming the pod, the
/// container and the image, so any manifest's Services carry traffic.
/// </summary>
internal static class DefaultResponder
{
    public static void Listen(ContainerPorts ports, Pod pod, Container container, IReadOnlyList<int> declaredTcpPorts)
    {
        var body = string.Create(CultureInfo.InvariantCulture,
            $"pod: {pod.Metadata.Namespace ?? "default"}/{pod.Metadata.Name}\ncontainer: {container.Name}\nimage: {container.Image}\n");
        foreach (var port in declaredTcpPorts)
        {
            var served = string.Create(CultureInfo.InvariantCulture, $"{body}port: {port}\n");
            try
            {
                ports.Listen(port, async http =>
                {
                    http.Response.ContentType = "text/plain; charset=utf-8";
                    await http.Response.WriteAsync(served + $"request: {http.Request.Method} {http.Request.Path}{http.Request.QueryString}\n").ConfigureAwait(false);
                }, null);
            }
            catch (InvalidOperationException) { /* another container of the pod has the port: like a second bind, this one does without */ }
        }
    }
}
