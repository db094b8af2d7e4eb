using KubeCore.Controllers.ReplicaSets;
using Microsoft.Extensions.Time.Testing;

namespace KubeCore.Controllers.Tests.ReplicaSets;

public sealed class ReplicaSetExpectationsTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Creations_block_syncs_until_each_one_is_observed()
    {
        var expectations = new ReplicaSetExpectations(_time, TimeSpan.FromMinutes(5));
        expectations.ExpectCreations("default/web", 2);

        Assert.False(expectations.Satisfied("default/web"));
        expectations.CreationObserved("default/web");
        Assert.False(expectations.Satisfied("default/web"));
        expectations.CreationObserved("default/web");
        Assert.True(expectations.Satisfied("default/web"));
    }

    [Fact]
    public void Deletions_are_tracked_by_pod_uid()
    {
        var expectations = new ReplicaSetExpectations(_time, TimeSpan.FromMinutes(5));
        expectations.ExpectDeletions("default/web", ["uid-1", "uid-2"]);

        expectations.DeletionObserved("default/web", "uid-1");
        expectations.DeletionObserved("default/web", "uid-1");
        Assert.False(expectations.Satisfied("default/web"));
        expectations.DeletionObserved("default/web", "uid-2");
        Assert.True(expectations.Satisfied("default/web"));
    }

    [Fact]
    public void Unobserved_expectations_lapse_after_the_timeout_on_the_cluster_clock()
    {
        var expectations = new ReplicaSetExpectations(_time, TimeSpan.FromMinutes(5));
        expectations.ExpectCreations("default/web", 3);

        _time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        Assert.False(expectations.Satisfied("default/web"));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(expectations.Satisfied("default/web"));
    }

    [Fact]
    public void A_key_without_expectations_is_satisfied()
    {
        Assert.True(new ReplicaSetExpectations(_time, TimeSpan.FromMinutes(5)).Satisfied("default/other"));
    }
}
