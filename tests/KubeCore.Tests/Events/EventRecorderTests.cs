using KubeCore.Events;
using KubeCore.Models;
using KubeCore.Tests.Api;

namespace KubeCore.Tests.Events;

public class EventRecorderTests : ClusterTest
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Three_identical_events_aggregate_into_one_Event_with_count_3()
    {
        var cm = await Client.ConfigMaps("default").CreateAsync(ConfigMap("settings"));
        await using var recorder = new EventRecorder(Client, Time, new EventRecorderOptions { Component = "settings-controller" });
        var first = Time.GetUtcNow();

        for (var i = 0; i < 3; i++)
        {
            recorder.Record(cm, EventTypes.Warning, "Invalid", "key is missing");
            Time.Advance(TimeSpan.FromMinutes(1));
        }
        recorder.Record(cm, EventTypes.Normal, "Synced", "synced");
        await recorder.FlushAsync().WaitAsync(Timeout);

        var events = await Client.Events("default").ListAsync(fieldSelector: "involvedObject.kind=ConfigMap,involvedObject.name=settings,involvedObject.namespace=default");
        Assert.Equal(2, events.Items.Count);
        var invalid = Assert.Single(events.Items, e => e.Reason == "Invalid");
        Assert.Equal(3, invalid.Count);
        Assert.Equal(EventTypes.Warning, invalid.Type);
        Assert.Equal("key is missing", invalid.Message);
        Assert.Equal(KubeTime.FromDateTimeOffset(first), invalid.FirstTimestamp);
        Assert.Equal(KubeTime.FromDateTimeOffset(first + TimeSpan.FromMinutes(2)), invalid.LastTimestamp);
        Assert.StartsWith("settings.", invalid.Metadata.Name);
        Assert.Equal("settings-controller", invalid.Source?.Component);
        Assert.Equal("settings-controller", invalid.ReportingComponent);
        Assert.Equal(cm.Metadata.Uid, invalid.InvolvedObject.Uid);
        Assert.Equal("v1", invalid.InvolvedObject.ApiVersion);
        Assert.Equal(1, Assert.Single(events.Items, e => e.Reason == "Synced").Count);
    }

    [Fact]
    public async Task Events_about_cluster_scoped_objects_go_to_the_default_namespace()
    {
        var ns = await Client.Namespaces().GetAsync("kube-public");
        await using var recorder = new EventRecorder(Client, Time);

        recorder.Record(ns, EventTypes.Normal, "Checked", "ok");
        await recorder.FlushAsync().WaitAsync(Timeout);

        var e = Assert.Single((await Client.Events("default").ListAsync(fieldSelector: "involvedObject.name=kube-public")).Items);
        Assert.Equal("Namespace", e.InvolvedObject.Kind);
        Assert.True(string.IsNullOrEmpty(e.InvolvedObject.Namespace));
        Assert.Equal("kubecore", e.Source?.Component);
    }

    [Fact]
    public async Task Record_never_throws_into_the_caller()
    {
        await using var recorder = new EventRecorder(Client, Time);

        recorder.Record(null!, EventTypes.Normal, "Nothing", "no object");
        recorder.Record(new ConfigMap { Metadata = new ObjectMeta { Name = "x", Namespace = "missing-namespace" } }, EventTypes.Normal, "Orphan", "namespace does not exist");
        await recorder.FlushAsync().WaitAsync(Timeout);

        Assert.DoesNotContain((await Client.Events(null).ListAsync()).Items, e => e.Reason is "Nothing" or "Orphan");
    }
}
