using System.Text.Json;
using k8s;
using k8s.Models;

namespace KubeCore.ApiServer.Tests;

/// <summary>Watches as the official client and raw HTTP see them: NDJSON per event, RV semantics, ERROR 410, timeouts.</summary>
public sealed class WatchTests : ApiServerTest
{
    [Fact]
    public async Task The_official_client_sees_added_modified_and_deleted()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var events = new List<(WatchEventType, string)>();
        var listed = await Client.CoreV1.ListNamespacedConfigMapAsync("default");
        var consumer = Task.Run(async () =>
        {
            await foreach (var (type, item) in Client.CoreV1.WatchListNamespacedConfigMapAsync("default", resourceVersion: listed.Metadata.ResourceVersion, cancellationToken: cts.Token))
            {
                events.Add((type, item.Metadata.Name));
                if (type == WatchEventType.Deleted) break;
            }
        });
        var cm = await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "w" } }, "default");
        cm.Data = new Dictionary<string, string> { ["a"] = "b" };
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(cm, "w", "default");
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("w", "default");
        await consumer.WaitAsync(cts.Token);
        Assert.Equal([(WatchEventType.Added, "w"), (WatchEventType.Modified, "w"), (WatchEventType.Deleted, "w")], events);
    }

    [Fact]
    public async Task A_too_old_resourceVersion_is_200_with_an_ERROR_410_event_then_the_end()
    {
        // More changes than the watch cache keeps (1,000), so resourceVersion 1 is out of its window.
        var configMaps = Cluster.Client.Resource<Models.ConfigMap>("default");
        for (var i = 0; i < 1100; i++) await configMaps.CreateAsync(new Models.ConfigMap { Metadata = new Models.ObjectMeta { Name = $"c{i}" } });

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await Http.GetAsync("/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1", HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal(200, (int)response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(cts.Token); // the server ends the stream after the error
        var line = Assert.Single(body.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        using var ev = JsonDocument.Parse(line);
        Assert.Equal("ERROR", ev.RootElement.GetProperty("type").GetString());
        var status = ev.RootElement.GetProperty("object");
        Assert.Equal("Status", status.GetProperty("kind").GetString());
        Assert.Equal(410, status.GetProperty("code").GetInt32());
        Assert.Equal("Expired", status.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task Events_arrive_one_json_line_each_and_the_watch_list_ends_initial_events_with_a_bookmark()
    {
        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "first" } }, "default");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await Http.GetAsync("/api/v1/namespaces/default/configmaps?watch=true&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true",
            HttpCompletionOption.ResponseHeadersRead, cts.Token);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        using var added = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        Assert.Equal("ADDED", added.RootElement.GetProperty("type").GetString());
        Assert.Equal("first", added.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());
        using var bookmark = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        Assert.Equal("BOOKMARK", bookmark.RootElement.GetProperty("type").GetString());
        Assert.Equal("true", bookmark.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("annotations").GetProperty("k8s.io/initial-events-end").GetString());

        await Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "second" } }, "default");
        using var live = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        Assert.Equal("second", live.RootElement.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_bad_selector_is_a_400_before_the_stream_starts()
    {
        using var response = await Http.GetAsync("/api/v1/pods?watch=true&labelSelector=a%20in%20(", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(400, (int)response.StatusCode);
    }
}
