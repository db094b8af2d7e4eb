using KubeCore.Models;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Tests.Api;

/// <summary>A fresh in-memory cluster on virtual time for each test.</summary>
public abstract class ClusterTest : IAsyncLifetime
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));
    protected KubeCluster Cluster { get; private set; } = null!;
    protected KubeCore.Client.KubeClient Client => Cluster.Client;

    protected virtual void Configure(KubeClusterBuilder builder) { }

    public async Task InitializeAsync()
    {
        var builder = KubeCluster.CreateBuilder().UseTimeProvider(Time);
        Configure(builder);
        Cluster = await builder.StartAsync();
    }

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    protected static ConfigMap ConfigMap(string name, IReadOnlyDictionary<string, string>? labels = null, string value = "v") => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = labels },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    protected static Pod Pod(string name, string image = "nginx:1.27", string? node = null, IReadOnlyDictionary<string, string>? labels = null) => new()
    {
        Metadata = new ObjectMeta { Name = name, Labels = labels },
        Spec = new PodSpec { NodeName = node, Containers = [new Container { Name = "web", Image = image }] },
    };

    protected static Deployment Deployment(string name, int replicas = 2, string image = "nginx:1.27") => new()
    {
        Metadata = new ObjectMeta { Name = name },
        Spec = new DeploymentSpec
        {
            Replicas = replicas,
            Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new PodTemplateSpec
            {
                Metadata = new ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new PodSpec { Containers = [new Container { Name = "web", Image = image }] },
            },
        },
    };
}
