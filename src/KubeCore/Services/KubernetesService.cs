using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Models;

namespace KubeCore.Services;

/// <summary>
/// The <c>default/kubernetes</c> Service kube-apiserver keeps (pkg/controlplane/controller/kubernetesservice): ClusterIP
/// at the first address of the service range, port 443 (<c>https</c>) to the API server's port, with an Endpoints object
/// and an EndpointSlice naming the API server's address. Created at start and put right if the address changed.
/// </summary>
internal static class KubernetesService
{
    public const string Name = "kubernetes";
    private const string Namespace = "default";

    public static async Task EnsureAsync(KubeClient client, ServiceNetworkOptions options, string clusterIP, CancellationToken cancellationToken)
    {
        if (!options.CreateKubernetesService) return;
        var address = options.KubernetesServiceEndpointAddress;
        var port = options.KubernetesServiceEndpointPort;
        var services = client.Services(Namespace);
        if (await services.TryGetAsync(Name, cancellationToken).ConfigureAwait(false) is null)
        {
            try
            {
                await services.CreateAsync(new Service
                {
                    Metadata = new ObjectMeta { Name = Name, Namespace = Namespace, Labels = new Dictionary<string, string> { ["component"] = "apiserver", ["provider"] = "kubernetes" } },
                    Spec = new ServiceSpec
                    {
                        Type = "ClusterIP",
                        ClusterIP = clusterIP,
                        ClusterIPs = [clusterIP],
                        SessionAffinity = "None",
                        Ports = [new ServicePort { Name = "https", Port = 443, Protocol = "TCP", TargetPort = new IntOrString(port) }],
                    },
                }, null, cancellationToken).ConfigureAwait(false);
            }
            catch (AlreadyExistsException) { }
        }

        var subsets = new List<EndpointSubset>
        {
            new() { Addresses = [new EndpointAddress { Ip = address }], Ports = [new EndpointPort { Name = "https", Port = port, Protocol = "TCP" }] },
        };
        var endpoints = client.Endpoints(Namespace);
        var current = await endpoints.TryGetAsync(Name, cancellationToken).ConfigureAwait(false);
        var wanted = new Endpoints
        {
            Metadata = new ObjectMeta { Name = Name, Namespace = Namespace, Labels = new Dictionary<string, string> { ["endpointslice.kubernetes.io/skip-mirror"] = "true" } },
            Subsets = subsets,
        };
        if (current is null)
        {
            try { await endpoints.CreateAsync(wanted, null, cancellationToken).ConfigureAwait(false); }
            catch (AlreadyExistsException) { }
        }
        else if (!Serialization.StructuralEquality.JsonEquals(current.Subsets, wanted.Subsets))
            await endpoints.UpdateAsync(current with { Subsets = subsets }, null, cancellationToken).ConfigureAwait(false);

        var slices = client.EndpointSlices(Namespace);
        var slice = await slices.TryGetAsync(Name, cancellationToken).ConfigureAwait(false);
        var wantedSlice = new EndpointSlice
        {
            Metadata = new ObjectMeta { Name = Name, Namespace = Namespace, Labels = new Dictionary<string, string> { ["kubernetes.io/service-name"] = Name } },
            AddressType = "IPv4",
            Endpoints = [new EndpointSliceEndpoint { Addresses = [address], Conditions = new EndpointConditions { Ready = true } }],
            Ports = [new EndpointSlicePort { Name = "https", Port = port, Protocol = "TCP" }],
        };
        if (slice is null)
        {
            try { await slices.CreateAsync(wantedSlice, null, cancellationToken).ConfigureAwait(false); }
            catch (AlreadyExistsException) { }
        }
        else if (!Serialization.StructuralEquality.JsonEquals(slice.Endpoints, wantedSlice.Endpoints) || !Serialization.StructuralEquality.JsonEquals(slice.Ports, wantedSlice.Ports))
            await slices.UpdateAsync(slice with { Endpoints = wantedSlice.Endpoints, Ports = wantedSlice.Ports }, null, cancellationToken).ConfigureAwait(false);
    }
}
