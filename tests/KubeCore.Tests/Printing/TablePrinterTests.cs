using KubeCore.Models;
using KubeCore.Printing;
using static KubeCore.Tests.Printing.PrintingTestData;

namespace KubeCore.Tests.Printing;

// Expected text follows kubectl's own tests (k8s.io/kubectl pkg/cmd/get/get_test.go, humanreadable_flags_test.go).
public class TablePrinterTests
{
    [Fact]
    public void Renders_like_kubectl_get_with_padded_columns_and_an_unpadded_last_column()
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "foo" }, Spec = new PodSpec() };
        var table = new TableConverter().ConvertToTable(pod, Now);

        Assert.Equal("NAME   READY   STATUS   RESTARTS   AGE\nfoo    0/0              0          <unknown>\n", TablePrinter.Render(table));
    }

    [Fact]
    public void Wide_output_adds_the_priority_columns()
    {
        var pod = new Pod { Metadata = new ObjectMeta { Name = "foo" }, Spec = new PodSpec() };
        var table = new TableConverter().ConvertToTable(pod, Now);

        Assert.Equal(
            "NAME   READY   STATUS   RESTARTS   AGE         IP       NODE     NOMINATED NODE   READINESS GATES\n" +
            "foo    0/0              0          <unknown>   <none>   <none>   <none>           <none>\n",
            TablePrinter.Render(table, wide: true));
    }

    [Fact]
    public void All_namespaces_output_prepends_a_namespace_column_from_the_row_objects()
    {
        var pods = new KubeList<Pod>
        {
            Items =
            [
                new Pod { Metadata = new ObjectMeta { Name = "foo", Namespace = "foons" }, Spec = new PodSpec() },
                new Pod { Metadata = new ObjectMeta { Name = "web-7d4b9c-x2x", Namespace = "default", CreationTimestamp = Ago(TimeSpan.FromMinutes(5)) }, Spec = new PodSpec { Containers = [new Container()] }, Status = new PodStatus { Phase = "Running", ContainerStatuses = [new() { Ready = true, State = new ContainerState { Running = new() } }] } },
            ],
        };
        var table = new TableConverter().ConvertToTable(pods, Now);

        Assert.Equal(
            "NAMESPACE   NAME             READY   STATUS    RESTARTS   AGE\n" +
            "foons       foo              0/0               0          <unknown>\n" +
            "default     web-7d4b9c-x2x   1/1     Running   0          5m\n",
            TablePrinter.Render(table, withNamespace: true));
        // Without the header line the widths come from the rows alone, as with kubectl --no-headers.
        Assert.Equal(
            "foons     foo              0/0             0     <unknown>\n" +
            "default   web-7d4b9c-x2x   1/1   Running   0     5m\n",
            TablePrinter.Render(table, withNamespace: true, noHeaders: true));
    }

    [Fact]
    public void Cells_print_as_kubectl_prints_them()
    {
        Assert.Equal("", TablePrinter.FormatCell(null));
        Assert.Equal("7", TablePrinter.FormatCell(7L));
        Assert.Equal("true", TablePrinter.FormatCell(true));
        Assert.Equal("1.5", TablePrinter.FormatCell(1.5));
        Assert.Equal("first line...", TablePrinter.FormatCell("first line\nsecond"));
    }

    [Fact]
    public void Short_columns_are_at_least_six_wide()
    {
        var table = new Table
        {
            ColumnDefinitions = [new() { Name = "A" }, new() { Name = "B" }],
            Rows = [new TableRow { Cells = ["x", "y"] }],
        };
        Assert.Equal("A     B\nx     y\n", TablePrinter.Render(table));
        Assert.Equal("", TablePrinter.Render(new Table()));
    }
}
