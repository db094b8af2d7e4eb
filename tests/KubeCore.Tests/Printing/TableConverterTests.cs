using System.Text.Json;
using KubeCore.Models;
using KubeCore.Printing;
using KubeCore.Serialization;
using Microsoft.Extensions.Time.Testing;
using static KubeCore.Tests.Printing.PrintingTestData;

namespace KubeCore.Tests.Printing;

public class TableConverterTests
{
    private static Pod NamedPod(string name, string ns = "default") => new()
    {
        Metadata = new ObjectMeta { Name = name, Namespace = ns, Uid = "uid-" + name, ResourceVersion = "42", Labels = new Dictionary<string, string> { ["app"] = "web" } },
        Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "nginx" }] },
    };

    [Fact]
    public void Rows_carry_partial_object_metadata_by_default_the_full_object_or_nothing_on_request()
    {
        var converter = new TableConverter();
        var pod = NamedPod("web-1");

        var metadata = Assert.IsType<PartialObjectMetadata>(converter.ConvertToTable(pod, Now).Rows[0].Object);
        Assert.Equal(("meta.k8s.io/v1", "PartialObjectMetadata"), (metadata.ApiVersion, metadata.Kind));
        Assert.Same(pod.Metadata, metadata.Metadata);

        Assert.Same(pod, converter.ConvertToTable(pod, Now, new TableOptions { IncludeObject = IncludeObjectPolicy.Object }).Rows[0].Object);
        Assert.Null(converter.ConvertToTable(pod, Now, new TableOptions { IncludeObject = IncludeObjectPolicy.None }).Rows[0].Object);
    }

    [Fact]
    public void A_list_table_keeps_the_lists_resource_version_and_continue_token()
    {
        var list = new KubeList<Pod>
        {
            ApiVersion = "v1", Kind = "PodList",
            Metadata = new ListMeta { ResourceVersion = "115", Continue = "next-page", RemainingItemCount = 3 },
            Items = [NamedPod("a"), NamedPod("b")],
        };
        var table = new TableConverter().ConvertToTable(list, Now);

        Assert.Equal(("115", "next-page", 3L), (table.Metadata.ResourceVersion, table.Metadata.Continue, table.Metadata.RemainingItemCount));
        Assert.Equal(["a", "b"], table.Rows.Select(r => r.Cells[0]));
        Assert.Equal("Ready", table.ColumnDefinitions[1].Name);
        Assert.Equal("42", new TableConverter().ConvertToTable(NamedPod("a"), Now).Metadata.ResourceVersion);
    }

    [Fact]
    public void An_empty_list_still_gets_its_kinds_columns()
    {
        var table = new TableConverter().ConvertToTable(new KubeList<Deployment> { ApiVersion = "apps/v1", Kind = "DeploymentList" }, Now);
        Assert.Empty(table.Rows);
        Assert.Equal("Up-to-date", table.ColumnDefinitions[2].Name);
    }

    [Fact]
    public void No_headers_leaves_out_the_column_definitions_as_later_watch_events_do()
    {
        var table = new TableConverter().ConvertToTable(NamedPod("a"), Now, new TableOptions { NoHeaders = true });
        Assert.Empty(table.ColumnDefinitions);
        Assert.Equal(9, table.Rows[0].Cells.Count);
    }

    [Fact]
    public void The_wire_form_is_a_meta_k8s_io_v1_Table_with_typed_cells()
    {
        var deployment = new Deployment
        {
            Metadata = new ObjectMeta { Name = "web", Namespace = "default", ResourceVersion = "7", CreationTimestamp = Ago(TimeSpan.FromMinutes(5)) },
            Spec = new DeploymentSpec { Replicas = 3 },
            Status = new DeploymentStatus { ReadyReplicas = 3, UpdatedReplicas = 3, AvailableReplicas = 3 },
        };
        var table = new TableConverter().ConvertToTable(deployment, Now);

        var json = JsonSerializer.Serialize(table, KubeJson.Options);
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        Assert.Equal("Table", root.GetProperty("kind").GetString());
        Assert.Equal("meta.k8s.io/v1", root.GetProperty("apiVersion").GetString());
        Assert.Equal("7", root.GetProperty("metadata").GetProperty("resourceVersion").GetString());
        var first = root.GetProperty("columnDefinitions")[0];
        Assert.Equal("""{"name":"Name","type":"string","format":"name","description":"Name must be unique within a namespace. Cannot be updated.","priority":0}""", first.GetRawText());
        Assert.Equal(1, root.GetProperty("columnDefinitions")[5].GetProperty("priority").GetInt32());
        var row = root.GetProperty("rows")[0];
        Assert.Equal("""["web","3/3",3,3,"5m","","",""]""", row.GetProperty("cells").GetRawText());
        Assert.Equal("PartialObjectMetadata", row.GetProperty("object").GetProperty("kind").GetString());
        Assert.Equal("web", row.GetProperty("object").GetProperty("metadata").GetProperty("name").GetString());

        var back = JsonSerializer.Deserialize<Table>(json, KubeJson.Options)!;
        Assert.Equal("web,3/3,Int64:3,Int64:3,5m,,,", string.Join(",", back.Rows[0].Cells.Select(c => c is long l ? "Int64:" + l : c)));
        Assert.Equal("web", Assert.IsType<PartialObjectMetadata>(back.Rows[0].Object).Metadata.Name);
    }

    [Fact]
    public void Full_objects_in_rows_serialize_by_their_own_kind_and_decode_back()
    {
        var table = new TableConverter().ConvertToTable(NamedPod("a"), Now, new TableOptions { IncludeObject = IncludeObjectPolicy.Object });
        var json = JsonSerializer.Serialize(table, KubeJson.Options);
        var back = JsonSerializer.Deserialize<Table>(json, KubeJson.Options)!;
        Assert.Equal("nginx", Assert.IsType<Pod>(back.Rows[0].Object).Spec!.Containers![0].Image);
    }

    [Fact]
    public void Users_register_printers_for_their_own_kinds()
    {
        var converter = new TableConverter().Register("example.com", "Widget", new ColumnPrinter<GenericObject>(
            [TableColumns.Name, TableColumns.Integer("Size", "How big the widget is."), TableColumns.Age],
            (w, now) => [w.Metadata.Name, w.GetSpec()?.GetProperty("size").GetInt64(), HumanDuration.Since(w.Metadata.CreationTimestamp, now)]));
        var widget = new GenericObject("example.com/v1", "Widget") { Metadata = Meta("w1", TimeSpan.FromHours(4)) }
            .WithField("spec", JsonDocument.Parse("""{"size":7}""").RootElement);

        Assert.Equal(["w1", 7L, "4h"], converter.ConvertToTable(widget, Now).Rows[0].Cells);
        Assert.True(converter.Unregister("example.com", "Widget"));
        Assert.Equal("Created At", converter.ConvertToTable(widget, Now).ColumnDefinitions[1].Name);
    }

    [Fact]
    public void A_printer_of_the_wrong_type_or_with_missing_cells_is_a_clear_error()
    {
        var converter = new TableConverter()
            .Register("", "Pod", new ColumnPrinter<Pod>([TableColumns.Name, TableColumns.Age], (p, _) => [p.Metadata.Name]))
            .Register("", "ConfigMap", new ColumnPrinter<Pod>([TableColumns.Name], (p, _) => [p.Metadata.Name]));

        var missing = Assert.Throws<InvalidOperationException>(() => converter.ConvertToTable(NamedPod("a"), Now));
        Assert.Contains("1 cells for 2 columns", missing.Message, StringComparison.Ordinal);
        var wrongType = Assert.Throws<ArgumentException>(() => converter.ConvertToTable(new ConfigMap { Metadata = new ObjectMeta { Name = "c" } }, Now));
        Assert.Contains("prints Pod objects, not ConfigMap", wrongType.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => converter.ConvertToTable(new GenericObject(), Now));
    }

    [Fact]
    public void A_crds_additional_printer_columns_print_its_custom_resources()
    {
        var crd = new CustomResourceDefinition
        {
            Metadata = new ObjectMeta { Name = "crontabs.stable.example.com" },
            Spec = new CustomResourceDefinitionSpec
            {
                Group = "stable.example.com",
                Scope = "Namespaced",
                Names = new CustomResourceDefinitionNames { Plural = "crontabs", Kind = "CronTab" },
                Versions =
                [
                    new CustomResourceDefinitionVersion
                    {
                        Name = "v1", Served = true, Storage = true,
                        AdditionalPrinterColumns =
                        [
                            new() { Name = "Spec", Type = "string", JsonPath = ".spec.cronSpec" },
                            new() { Name = "Replicas", Type = "integer", JsonPath = ".spec.replicas" },
                            new() { Name = "Ready", Type = "string", JsonPath = ".status.conditions[?(@.type==\"Ready\")].status" },
                            new() { Name = "Suspended", Type = "boolean", JsonPath = ".spec.suspend" },
                            new() { Name = "Image", Type = "string", JsonPath = ".spec.image", Priority = 1 },
                            new() { Name = "Age", Type = "date", JsonPath = ".metadata.creationTimestamp" },
                        ],
                    },
                    new CustomResourceDefinitionVersion { Name = "v2", Served = true, Storage = false },
                ],
            },
        };
        var converter = new TableConverter().RegisterCustomResource(crd, "v1");
        var cronTab = (GenericObject)KubeJson.Deserialize($$$"""
            {"apiVersion":"stable.example.com/v1","kind":"CronTab",
             "metadata":{"name":"my-new-cron-object","creationTimestamp":"{{{Ago(TimeSpan.FromDays(3))}}}"},
             "spec":{"cronSpec":"* * * * */5","replicas":2.0,"suspend":false},
             "status":{"conditions":[{"type":"Synced","status":"True"},{"type":"Ready","status":"False"}]}}
            """);

        var table = converter.ConvertToTable(cronTab, Now);
        Assert.Equal(["Name", "Spec", "Replicas", "Ready", "Suspended", "Image*", "Age"], table.ColumnDefinitions.Select(c => c.Priority > 0 ? c.Name + "*" : c.Name));
        Assert.Equal(["my-new-cron-object", "* * * * */5", 2L, "False", false, null, "3d"], table.Rows[0].Cells);
        Assert.Equal("Custom resource definition column (in JSONPath format): .spec.cronSpec", table.ColumnDefinitions[1].Description);

        // A version without printer columns gets apiextensions' default Age column.
        converter.RegisterCustomResource(crd, "v2");
        Assert.Equal(["my-new-cron-object", "3d"], converter.ConvertToTable(cronTab, Now).Rows[0].Cells);
        Assert.Throws<ArgumentException>(() => converter.RegisterCustomResource(crd, "v9"));
        Assert.Throws<FormatException>(() => new CustomResourceColumnPrinter([new() { Name = "Bad", Type = "string", JsonPath = "spec..x" }]));
    }

    [Fact]
    public async Task Objects_read_from_a_cluster_print_with_ages_from_the_clusters_clock()
    {
        var time = new FakeTimeProvider(Now);
        await using var cluster = await KubeCluster.CreateBuilder().UseTimeProvider(time).StartAsync();
        await cluster.Client.ConfigMaps("default").CreateAsync(new ConfigMap
        {
            Metadata = new ObjectMeta { Name = "settings" },
            Data = new Dictionary<string, string> { ["mode"] = "fast" },
        });
        time.Advance(TimeSpan.FromMinutes(3) + TimeSpan.FromSeconds(10));

        var list = await cluster.Client.ConfigMaps("default").ListAsync();
        var table = new TableConverter().ConvertToTable(list, cluster.TimeProvider.GetUtcNow());

        Assert.Equal(list.Metadata.ResourceVersion, table.Metadata.ResourceVersion);
        Assert.Equal(["settings", 1L, "3m10s"], table.Rows.Single().Cells);
        Assert.Equal("NAME       DATA   AGE\nsettings   1      3m10s\n", TablePrinter.Render(table));
    }
}
