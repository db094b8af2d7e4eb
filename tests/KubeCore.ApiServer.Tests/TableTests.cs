using System.Text.Json;
using k8s;
using k8s.Models;

namespace KubeCore.ApiServer.Tests;

/// <summary>Server-side printing as kubectl asks for it.</summary>
public sealed class TableTests : ApiServerTest
{
    private const string TableAccept = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

    private Task CreatePodAsync(string name) => Client.CoreV1.CreateNamespacedPodAsync(new V1Pod
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "c", Image = "nginx" }] },
    }, "default");

    [Fact]
    public async Task A_list_is_a_Table_with_the_pod_columns_and_metadata_row_objects()
    {
        await CreatePodAsync("p1");
        var (code, body, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods?limit=500", accept: TableAccept);
        Assert.Equal(200, code);
        var table = JsonDocument.Parse(body).RootElement;
        Assert.Equal("Table", table.GetProperty("kind").GetString());
        Assert.Equal("meta.k8s.io/v1", table.GetProperty("apiVersion").GetString());
        var columns = table.GetProperty("columnDefinitions").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("priority").GetInt32())).ToArray();
        Assert.Equal([("Name", 0), ("Ready", 0), ("Status", 0), ("Restarts", 0), ("Age", 0), ("IP", 1), ("Node", 1), ("Nominated Node", 1), ("Readiness Gates", 1)], columns);
        var row = Assert.Single(table.GetProperty("rows").EnumerateArray());
        Assert.Equal("p1", row.GetProperty("cells")[0].GetString());
        Assert.Equal("0/1", row.GetProperty("cells")[1].GetString());
        Assert.Equal("Pending", row.GetProperty("cells")[2].GetString());
        var obj = row.GetProperty("object");
        Assert.Equal("PartialObjectMetadata", obj.GetProperty("kind").GetString());
        Assert.Equal("web", obj.GetProperty("metadata").GetProperty("labels").GetProperty("app").GetString());
    }

    [Fact]
    public async Task IncludeObject_Object_carries_the_whole_object_and_None_none()
    {
        await CreatePodAsync("p1");
        var (_, full, _) = await SendAsync(HttpMethod.Get, "/api/v1/pods?includeObject=Object", accept: TableAccept);
        var obj = JsonDocument.Parse(full).RootElement.GetProperty("rows")[0].GetProperty("object");
        Assert.Equal("Pod", obj.GetProperty("kind").GetString());
        Assert.Equal("nginx", obj.GetProperty("spec").GetProperty("containers")[0].GetProperty("image").GetString());

        var (_, none, _) = await SendAsync(HttpMethod.Get, "/api/v1/pods?includeObject=None", accept: TableAccept);
        var row = JsonDocument.Parse(none).RootElement.GetProperty("rows")[0];
        Assert.True(!row.TryGetProperty("object", out var o) || o.ValueKind == JsonValueKind.Null);

        Assert.Equal(400, (await SendAsync(HttpMethod.Get, "/api/v1/pods?includeObject=Everything", accept: TableAccept)).Code);
    }

    [Fact]
    public async Task A_single_get_is_a_one_row_table_and_plain_json_without_the_table_accept()
    {
        await CreatePodAsync("p1");
        var (_, table, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/p1", accept: TableAccept);
        Assert.Single(JsonDocument.Parse(table).RootElement.GetProperty("rows").EnumerateArray());
        var (_, plain, _) = await SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/p1", accept: "application/json");
        Assert.Equal("Pod", JsonDocument.Parse(plain).RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Watch_events_carry_one_row_tables_with_columns_only_in_the_first()
    {
        await CreatePodAsync("p1");
        await CreatePodAsync("p2");
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/namespaces/default/pods?watch=true");
        request.Headers.TryAddWithoutValidation("Accept", TableAccept);
        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cts.Token));
        using var first = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        using var second = JsonDocument.Parse((await reader.ReadLineAsync(cts.Token))!);
        Assert.Equal("Table", first.RootElement.GetProperty("object").GetProperty("kind").GetString());
        Assert.NotEmpty(first.RootElement.GetProperty("object").GetProperty("columnDefinitions").EnumerateArray());
        var secondColumns = second.RootElement.GetProperty("object").TryGetProperty("columnDefinitions", out var c) ? c.GetArrayLength() : 0;
        Assert.Equal(0, secondColumns);
        Assert.Single(second.RootElement.GetProperty("object").GetProperty("rows").EnumerateArray());
    }
}
