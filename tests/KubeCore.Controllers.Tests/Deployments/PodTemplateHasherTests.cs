using KubeCore.Controllers.Deployments;
using KubeCore.Models;

namespace KubeCore.Controllers.Tests.Deployments;

public class PodTemplateHasherTests
{
    private static PodTemplateSpec Template(string image, ResourceRequirements? resources = null, IReadOnlyDictionary<string, string>? extraLabels = null) => new()
    {
        Metadata = new ObjectMeta { Labels = new Dictionary<string, string>(extraLabels ?? new Dictionary<string, string>()) { ["app"] = "web" } },
        Spec = new PodSpec { Containers = [new Container { Name = "web", Image = image, Resources = resources }] },
    };

    [Fact]
    public void Defaulted_empties_and_the_hash_label_do_not_change_the_hash()
    {
        var plain = Template("nginx:1");
        var asKubectlSendsIt = Template("nginx:1", new ResourceRequirements(), new Dictionary<string, string> { ["pod-template-hash"] = "abc" });
        Assert.True(PodTemplateHasher.EqualIgnoringHash(plain, asKubectlSendsIt));
        Assert.Equal(PodTemplateHasher.ComputeHash(plain), PodTemplateHasher.ComputeHash(asKubectlSendsIt));
    }

    [Fact]
    public void A_different_image_or_collision_count_gives_a_different_hash()
    {
        var hash = PodTemplateHasher.ComputeHash(Template("nginx:1"));
        Assert.NotEqual(hash, PodTemplateHasher.ComputeHash(Template("nginx:2")));
        Assert.NotEqual(hash, PodTemplateHasher.ComputeHash(Template("nginx:1"), collisionCount: 1));
        Assert.Equal(hash, PodTemplateHasher.ComputeHash(Template("nginx:1")));
    }

    [Fact]
    public void Hashes_use_only_kubernetes_safe_characters()
    {
        var hash = PodTemplateHasher.ComputeHash(Template("nginx:1"));
        Assert.NotEmpty(hash);
        Assert.All(hash, c => Assert.Contains(c, "bcdfghjklmnpqrstvwxz2456789"));
    }
}
