using KubeCore.Client;
using KubeCore.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Tests.Hosting;

public class ServiceCollectionTests
{
    [Fact]
    public async Task AddKubeCore_registers_a_cluster_that_uses_the_registered_TimeProvider()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2030, 5, 6, 7, 8, 9, TimeSpan.Zero));
        var services = new ServiceCollection().AddSingleton<TimeProvider>(time).AddKubeCore();
        await using var provider = services.BuildServiceProvider();

        await provider.GetRequiredService<KubeCluster>().StartAsync();
        var client = provider.GetRequiredService<KubeClient>();
        var created = await client.ConfigMaps("default").CreateAsync(new ConfigMap { Metadata = new ObjectMeta { Name = "c" } });

        Assert.Equal("2030-05-06T07:08:09Z", created.Metadata.CreationTimestamp.ToString());
        Assert.Same(provider.GetRequiredService<KubeCluster>().Client, client);
    }

    [Fact]
    public async Task Builder_composes_a_cluster_that_starts_and_disposes()
    {
        await using var cluster = await KubeCluster.CreateBuilder().UseInMemoryStore(o => o.HistoryWindow = 10_000).StartAsync();
        Assert.NotNull(await cluster.Client.Namespaces().GetAsync("default"));
    }
}
