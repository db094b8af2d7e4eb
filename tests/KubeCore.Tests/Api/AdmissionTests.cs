using KubeCore.Api;
using KubeCore.Models;

namespace KubeCore.Tests.Api;

public class AdmissionTests : ClusterTest
{
    private sealed class AddTeamLabel : IMutatingAdmissionPlugin
    {
        public ValueTask<KubeObject> AdmitAsync(AdmissionRequest request, CancellationToken cancellationToken)
        {
            if (request.Resource.Kind != "ConfigMap" || request.Object is null) return ValueTask.FromResult(request.Object!);
            var labels = new Dictionary<string, string>(request.Object.Metadata.Labels ?? new Dictionary<string, string>()) { ["team"] = "platform" };
            return ValueTask.FromResult(request.Object with { Metadata = request.Object.Metadata with { Labels = labels } });
        }
    }

    private sealed class ForbidDeletingProtected : IValidatingAdmissionPlugin
    {
        public ValueTask ValidateAsync(AdmissionRequest request, CancellationToken cancellationToken)
        {
            if (request.Operation == AdmissionOperation.Delete && request.OldObject?.Metadata.Labels?.ContainsKey("protected") == true)
                throw ApiErrors.Forbidden(request.Resource.GroupResource, request.Name, "protected objects cannot be deleted");
            return ValueTask.CompletedTask;
        }
    }

    protected override void Configure(KubeClusterBuilder builder) =>
        builder.AddMutatingAdmission(new AddTeamLabel()).AddValidatingAdmission(new ForbidDeletingProtected());

    [Fact]
    public async Task A_mutating_plugin_changes_the_object_before_it_is_stored()
    {
        var created = await Client.ConfigMaps("default").CreateAsync(ConfigMap("c"));
        Assert.Equal("platform", created.Metadata.Labels!["team"]);
    }

    [Fact]
    public async Task A_validating_plugin_rejects_with_its_own_status()
    {
        await Client.ConfigMaps("default").CreateAsync(ConfigMap("keep", new Dictionary<string, string> { ["protected"] = "yes" }));

        var e = await Assert.ThrowsAsync<ForbiddenException>(() => Client.ConfigMaps("default").DeleteAsync("keep"));

        Assert.Equal("configmaps \"keep\" is forbidden: protected objects cannot be deleted", e.Status.Message);
        Assert.NotNull(await Client.ConfigMaps("default").TryGetAsync("keep"));
    }
}
