using System.Text.Json;
using k8s;
using k8s.Models;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// Many HTTP watchers of one write: the server serializes each event's object once and shares the bytes, so every
/// watcher must still get complete, current events (a change is never answered with an earlier object's JSON).
/// </summary>
public sealed class WatchFanOutTests : ApiServerTest
{
    [Fact]
    public async Task Every_watcher_gets_the_same_complete_events_and_each_change_carries_its_own_object()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "seed" } }, "default");
        var listed = await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var readers = new List<(HttpResponseMessage Response, StreamReader Reader)>();
        for (var i = 0; i < 8; i++)
        {
            var response = await Http.GetAsync($"/api/v1/namespaces/default/configmaps?watch=true&resourceVersion={listed.Metadata.ResourceVersion}",
                HttpCompletionOption.ResponseHeadersRead, cts.Token);
            readers.Add((response, new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token))));
        }

        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "fan" }, Data = new Dictionary<string, string> { ["v"] = "1" } }, "default");
        cm.Data["v"] = "2";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "fan", "default");
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("fan", "default");

        var streams = new List<string[]>();
        foreach (var (response, reader) in readers)
        {
            var lines = new string[3];
            for (var i = 0; i < 3; i++) lines[i] = (await reader.ReadLineAsync(cts.Token))!;
            streams.Add(lines);
            reader.Dispose();
            response.Dispose();
        }
        foreach (var other in streams.Skip(1)) Assert.Equal(streams[0], other);

        var events = streams[0].Select(l => JsonDocument.Parse(l)).ToArray();
        Assert.Equal(["ADDED", "MODIFIED", "DELETED"], events.Select(e => e.RootElement.GetProperty("type").GetString()));
        Assert.Equal(["1", "2", "2"], events.Select(e => e.RootElement.GetProperty("object").GetProperty("data").GetProperty("v").GetString()));
        var versions = events.Select(e => e.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("resourceVersion").GetString()).ToArray();
        Assert.Equal(3, versions.Distinct().Count());
        Assert.All(events, e => Assert.Equal("ConfigMap", e.RootElement.GetProperty("object").GetProperty("kind").GetString()));
        foreach (var e in events) e.Dispose();
    }
}
