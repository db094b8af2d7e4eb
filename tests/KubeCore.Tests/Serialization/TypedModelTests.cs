using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Tests.Serialization;

public class TypedModelTests
{
    [Fact]
    public void Deployment_fields_the_engine_needs_are_typed()
    {
        var d = (Deployment)KubeJson.Deserialize(TestFiles.Read("RoundTrip", "deployment.json"));

        Assert.Equal("apps/v1", d.ApiVersion);
        Assert.Equal(3, d.Spec!.Replicas);
        Assert.Equal("25%", d.Spec.Strategy!.RollingUpdate!.MaxSurge!.Value.StringValue);
        Assert.Equal(0, d.Spec.Strategy.RollingUpdate.MaxUnavailable!.Value.IntValue);
        Assert.False(d.Spec.Strategy.RollingUpdate.MaxUnavailable.Value.IsString);
        var pod = d.Spec.Template!.Spec!;
        var web = pod.Containers![0];
        Assert.Equal("500m", web.Resources!.Requests!["cpu"].ToString());
        Assert.Equal("http", web.LivenessProbe!.HttpGet!.Port.StringValue);
        Assert.Equal(8080, web.ReadinessProbe!.TcpSocket!.Port.IntValue);
        Assert.Equal(9090, pod.Containers[1].ReadinessProbe!.Grpc!.Port);
        Assert.Equal("password", web.Env![1].ValueFrom!.SecretKeyRef!.Key);
        Assert.Equal(8080, web.Ports![0].Port);
        Assert.Equal("topology.kubernetes.io/zone", pod.Affinity!.NodeAffinity!.RequiredDuringSchedulingIgnoredDuringExecution!.NodeSelectorTerms![0].MatchExpressions![0].Key);
        Assert.Equal(300, pod.Tolerations![1].TolerationSeconds);
        Assert.Equal("web-data", pod.Volumes![3].PersistentVolumeClaim!.ClaimName);
        Assert.True(pod.Volumes[4].ExtensionData!.ContainsKey("downwardAPI"));
        Assert.True(pod.ExtensionData!.ContainsKey("hostAliases"));
        Assert.True(web.ExtensionData!.ContainsKey("x-unknown"));
        Assert.Equal("RuntimeDefault", pod.SecurityContext!.Value.GetProperty("seccompProfile").GetProperty("type").GetString());
        Assert.Equal(new KubeTime(new DateTimeOffset(2025, 3, 4, 5, 7, 0, TimeSpan.Zero)), d.Status!.Conditions![0].LastTransitionTime);
    }

    [Fact]
    public void Node_status_is_typed_including_the_capitalised_kubelet_port()
    {
        var node = (Node)KubeJson.Deserialize(TestFiles.Read("RoundTrip", "node.json"));

        Assert.Equal(10250, node.Status!.DaemonEndpoints!.KubeletEndpoint!.Port);
        Assert.Equal("v1.31.1", node.Status.NodeInfo!.KubeletVersion);
        Assert.Equal("7800m", node.Status.Allocatable!["cpu"].ToString());
        Assert.True(node.Spec!.Unschedulable);
        Assert.Equal("NoSchedule", node.Spec.Taints![0].Effect);
        Assert.Contains("\"Port\":10250", KubeJson.Serialize(node), StringComparison.Ordinal);
    }

    [Fact]
    public void New_kinds_carry_their_api_version_and_kind()
    {
        Assert.Equal(("v1", "Pod"), (new Pod().ApiVersion, new Pod().Kind));
        Assert.Equal(("apps/v1", "Deployment"), (new Deployment().ApiVersion, new Deployment().Kind));
        Assert.Equal(("coordination.k8s.io/v1", "Lease"), (new Lease().ApiVersion, new Lease().Kind));
        Assert.Equal(("autoscaling/v2", "HorizontalPodAutoscaler"), (new HorizontalPodAutoscaler().ApiVersion, new HorizontalPodAutoscaler().Kind));
        foreach (var (apiVersion, kind, type) in KubeTypeMap.Default.Registrations)
        {
            var instance = (KubeObject)Activator.CreateInstance(type)!;
            Assert.Equal((apiVersion, kind), (instance.ApiVersion, instance.Kind));
        }
    }

    [Fact]
    public void A_new_pod_serializes_compactly_without_nulls()
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "p", Namespace = "default" },
            Spec = new PodSpec { Containers = [new Container { Name = "c", Image = "nginx" }] },
        };

        Assert.Equal("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"default"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}""", KubeJson.Serialize(pod));
    }

    [Fact]
    public void Timestamps_are_written_at_second_precision_and_micro_times_keep_microseconds()
    {
        var json = """{"apiVersion":"v1","kind":"Event","metadata":{"name":"e","creationTimestamp":"2025-03-04T05:06:07.987Z"},"involvedObject":{"kind":"Pod","name":"p"},"firstTimestamp":"2025-03-04T07:06:07+02:00","eventTime":"2025-03-04T05:06:07.123456Z"}""";

        var e = (Event)KubeJson.Deserialize(json);
        var written = KubeJson.Serialize(e);

        Assert.Contains("\"creationTimestamp\":\"2025-03-04T05:06:07Z\"", written, StringComparison.Ordinal);
        Assert.Contains("\"firstTimestamp\":\"2025-03-04T05:06:07Z\"", written, StringComparison.Ordinal);
        Assert.Contains("\"eventTime\":\"2025-03-04T05:06:07.123456Z\"", written, StringComparison.Ordinal);
        Assert.Equal(1234560, e.EventTime!.Value.Value.Ticks % TimeSpan.TicksPerSecond);
    }

    [Fact]
    public void Lease_renew_time_keeps_microseconds()
    {
        var lease = new Lease
        {
            Metadata = new ObjectMeta { Name = "l" },
            Spec = new LeaseSpec { HolderIdentity = "me", RenewTime = MicroTime.FromDateTimeOffset(new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(5_000_010)) },
        };

        Assert.Contains("\"renewTime\":\"2025-01-02T03:04:05.500001Z\"", KubeJson.Serialize(lease), StringComparison.Ordinal);
    }

    [Fact]
    public void Int_or_string_fields_keep_their_wire_type()
    {
        var svc = (Service)KubeJson.Deserialize(TestFiles.Read("RoundTrip", "service.json"));

        Assert.True(svc.Spec!.Ports![0].TargetPort!.Value.IsString);
        Assert.Equal("http", svc.Spec.Ports[0].TargetPort!.Value.StringValue);
        Assert.False(svc.Spec.Ports[1].TargetPort!.Value.IsString);
        var written = KubeJson.Serialize(svc with { Spec = svc.Spec with { Ports = [new ServicePort { Port = 80, TargetPort = 8080 }, new ServicePort { Port = 81, TargetPort = "web" }] } });
        Assert.Contains("\"targetPort\":8080", written, StringComparison.Ordinal);
        Assert.Contains("\"targetPort\":\"web\"", written, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_data_is_base64_on_the_wire_and_bytes_in_the_model()
    {
        var secret = new Secret { Metadata = new ObjectMeta { Name = "s" }, Data = new Dictionary<string, byte[]> { ["k"] = "s3cr3t"u8.ToArray() } };

        var json = KubeJson.Serialize(secret);
        var back = (Secret)KubeJson.Deserialize(json);

        Assert.Contains("\"k\":\"czNjcjN0\"", json, StringComparison.Ordinal);
        Assert.Equal("s3cr3t"u8.ToArray(), back.Data!["k"]);
    }

    [Fact]
    public void Spec_and_status_operations_work_for_typed_and_spec_only_kinds()
    {
        var a = new Deployment { Spec = new DeploymentSpec { Replicas = 1 }, Status = new DeploymentStatus { Replicas = 1 } };
        var b = new Deployment { Spec = new DeploymentSpec { Replicas = 1 }, Status = new DeploymentStatus { Replicas = 5 } };
        Assert.True(a.SpecEquals(b));
        Assert.Equal(5, ((Deployment)a.WithStatusFrom(b)).Status!.Replicas);

        var l1 = new Lease { Spec = new LeaseSpec { HolderIdentity = "x" } };
        var l2 = new Lease { Spec = new LeaseSpec { HolderIdentity = "y" } };
        Assert.True(l1.HasSpec);
        Assert.False(l1.HasStatus);
        Assert.False(l1.SpecEquals(l2));
        Assert.Equal("y", ((Lease)l1.WithSpecFrom(l2)).Spec!.HolderIdentity);
    }
}
