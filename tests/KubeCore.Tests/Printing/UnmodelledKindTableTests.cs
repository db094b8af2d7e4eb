using KubeCore.Models;
using KubeCore.Serialization;
using static KubeCore.Tests.Printing.PrintingTestData;

namespace KubeCore.Tests.Printing;

// Kinds KubeCore has no records for yet still print with kube-apiserver's columns when served as GenericObject.
public class UnmodelledKindTableTests
{
    private static KubeObject Decode(string json) => KubeJson.Deserialize(json.Replace("CREATED", Ago(TimeSpan.FromMinutes(20)).ToString(), StringComparison.Ordinal));

    [Fact]
    public void StatefulSets_print_ready_over_desired()
    {
        var sts = Decode("""
            {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","creationTimestamp":"CREATED"},
             "spec":{"replicas":3,"template":{"spec":{"containers":[{"name":"pg","image":"postgres:17"}]}}},
             "status":{"readyReplicas":2}}
            """);
        Assert.Equal(["Name", "Ready", "Age", "Containers*", "Images*"], Columns(sts));
        Assert.Equal(["db", "2/3", "20m", "pg", "postgres:17"], Cells(sts));
    }

    [Fact]
    public void DaemonSets_print_scheduling_counts_and_node_selector()
    {
        var ds = Decode("""
            {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","creationTimestamp":"CREATED"},
             "spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"spec":{"nodeSelector":{"kubernetes.io/os":"linux"},"containers":[{"name":"a","image":"agent:1"}]}}},
             "status":{"desiredNumberScheduled":3,"currentNumberScheduled":3,"numberReady":2,"updatedNumberScheduled":3,"numberAvailable":2}}
            """);
        Assert.Equal(["agent", 3L, 3L, 2L, 3L, 2L, "kubernetes.io/os=linux", "20m", "a", "agent:1", "app=agent"], Cells(ds));
    }

    [Fact]
    public void StorageClasses_mark_the_default_and_fill_in_api_defaults()
    {
        var sc = Decode("""
            {"apiVersion":"storage.k8s.io/v1","kind":"StorageClass","provisioner":"rancher.io/local-path",
             "metadata":{"name":"standard","creationTimestamp":"CREATED","annotations":{"storageclass.kubernetes.io/is-default-class":"true"}},
             "volumeBindingMode":"WaitForFirstConsumer"}
            """);
        Assert.Equal(["standard (default)", "rancher.io/local-path", "Delete", "WaitForFirstConsumer", false, "20m"], Cells(sc));
    }
}
