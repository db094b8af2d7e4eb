using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Tests.Api;

/// <summary>RBAC objects' names are path segments (kube-apiserver's ValidateRBACName), not DNS subdomains.</summary>
public class RbacNameTests
{
    [Fact]
    public async Task Colons_and_capitals_are_allowed_slashes_and_dots_alone_are_not()
    {
        await using var cluster = await KubeCluster.CreateBuilder().StartAsync();
        var clusterRoles = cluster.Api.Registry.Get<ClusterRole>();
        var created = await cluster.Api.CreateAsync(clusterRoles, null, new ClusterRole { Metadata = new ObjectMeta { Name = "system:Reader" } });
        Assert.Equal("system:Reader", created.Metadata.Name);

        var slash = await Assert.ThrowsAsync<InvalidException>(async () =>
            await cluster.Api.CreateAsync(clusterRoles, null, new ClusterRole { Metadata = new ObjectMeta { Name = "a/b" } }));
        Assert.Contains("metadata.name: Invalid value: \"a/b\": may not contain '/'", slash.Message);
        var dots = await Assert.ThrowsAsync<InvalidException>(async () =>
            await cluster.Api.CreateAsync(cluster.Api.Registry.Get<RoleBinding>(), "default", new RoleBinding
            {
                Metadata = new ObjectMeta { Name = ".." },
                RoleRef = new RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "r" },
            }));
        Assert.Contains("may not be '..'", dots.Message);
    }
}
