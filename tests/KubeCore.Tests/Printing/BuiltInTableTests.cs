using KubeCore.Models;
using static KubeCore.Tests.Printing.PrintingTestData;

namespace KubeCore.Tests.Printing;

// Expectations follow kube-apiserver's printers_test.go cases; the server always prints wide rows.
public class BuiltInTableTests
{
    private static readonly TimeSpan TenYears = TimeSpan.FromDays(10 * 365);

    [Fact]
    public void Deployments_print_ready_over_desired_with_integer_counts()
    {
        var deployment = new Deployment
        {
            Metadata = Meta("test1", TimeSpan.FromMinutes(10)),
            Spec = new DeploymentSpec
            {
                Replicas = 5,
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["foo"] = "bar" } },
                Template = new PodTemplateSpec { Spec = new PodSpec { Containers = [new() { Name = "fake-container1", Image = "fake-image1" }, new() { Name = "fake-container2", Image = "fake-image2" }] } },
            },
            Status = new DeploymentStatus { Replicas = 10, UpdatedReplicas = 2, AvailableReplicas = 1, UnavailableReplicas = 4 },
        };
        Assert.Equal(["Name", "Ready", "Up-to-date", "Available", "Age", "Containers*", "Images*", "Selector*"], Columns(deployment));
        Assert.Equal(["test1", "0/5", 2L, 1L, "10m", "fake-container1,fake-container2", "fake-image1,fake-image2", "foo=bar"], Cells(deployment));
    }

    [Fact]
    public void ReplicaSets_print_desired_current_and_ready_as_integers()
    {
        var rs = new ReplicaSet
        {
            Metadata = Meta("test1", TimeSpan.FromHours(3) + TimeSpan.FromMinutes(2)),
            Spec = new ReplicaSetSpec
            {
                Replicas = 5,
                Template = new PodTemplateSpec { Spec = new PodSpec { Containers = [new() { Name = "c", Image = "nginx:1.27" }] } },
                Selector = new LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } },
            },
            Status = new ReplicaSetStatus { Replicas = 5, ReadyReplicas = 2 },
        };
        Assert.Equal(["test1", 5L, 5L, 2L, "3h2m", "c", "nginx:1.27", "app=web"], Cells(rs));
    }

    [Fact]
    public void Jobs_print_status_completions_and_duration()
    {
        var start = Ago(TimeSpan.FromMinutes(5));
        Job Job(JobSpec spec, JobStatus status, ObjectMeta? meta = null) => new() { Metadata = meta ?? Meta("job1", TimeSpan.FromDays(2) + TimeSpan.FromHours(3)), Spec = spec, Status = status };

        Assert.Equal(["job1", "Running", "1/3", "5m", "2d3h", "", "", "<none>"],
            Cells(Job(new JobSpec { Completions = 3 }, new JobStatus { Succeeded = 1, StartTime = start })));
        Assert.Equal("0/1 of 4", Cells(Job(new JobSpec { Parallelism = 4 }, new JobStatus()))[2]);
        Assert.Equal("0/1", Cells(Job(new JobSpec(), new JobStatus()))[2]);
        Assert.Equal("", Cells(Job(new JobSpec(), new JobStatus()))[3]);

        var complete = Cells(Job(new JobSpec { Completions = 1 }, new JobStatus
        {
            Succeeded = 1,
            StartTime = start,
            CompletionTime = Ago(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(45)),
            Conditions = [new() { Type = "Complete", Status = "True" }],
        }));
        Assert.Equal(("Complete", "1/1", "45s"), (complete[1], complete[2], complete[3]));
        Assert.Equal("Failed", Cells(Job(new JobSpec(), new JobStatus { Conditions = [new() { Type = "Failed", Status = "True" }] }))[1]);
        Assert.Equal("Suspended", Cells(Job(new JobSpec(), new JobStatus { Conditions = [new() { Type = "Suspended", Status = "True" }] }))[1]);
        Assert.Equal("Terminating", Cells(Job(new JobSpec(), new JobStatus(), new ObjectMeta { Name = "j", DeletionTimestamp = Ago(TimeSpan.Zero) }))[1]);
    }

    [Fact]
    public void CronJobs_print_schedule_timezone_suspend_active_and_last_schedule()
    {
        var cronJob = new CronJob
        {
            Metadata = Meta("cronjob1", TimeSpan.FromDays(1)),
            Spec = new CronJobSpec
            {
                Schedule = "0/5 * * * ?",
                Suspend = false,
                JobTemplate = new JobTemplateSpec { Spec = new JobSpec { Template = new PodTemplateSpec { Spec = new PodSpec { Containers = [new() { Name = "c", Image = "busybox" }] } } } },
            },
            Status = new CronJobStatus { LastScheduleTime = Ago(TimeSpan.FromSeconds(30)) },
        };
        Assert.Equal(["Name", "Schedule", "Timezone", "Suspend", "Active", "Last Schedule", "Age", "Containers*", "Images*", "Selector*"], Columns(cronJob));
        Assert.Equal(["cronjob1", "0/5 * * * ?", "<none>", "False", 0L, "30s", "24h", "c", "busybox", "<none>"], Cells(cronJob));
        Assert.Equal(["<unset>", "<none>"], new[] { Cells(new CronJob { Spec = new CronJobSpec { Schedule = "@daily" } })[3], Cells(new CronJob { Spec = new CronJobSpec { Schedule = "@daily" } })[5] });
    }

    [Fact]
    public void Services_print_cluster_ip_external_ip_and_ports()
    {
        Service Svc(string name, ServiceSpec spec, ServiceStatus? status = null) => new() { Metadata = new ObjectMeta { Name = name }, Spec = spec, Status = status };
        var lb = Svc("service4", new ServiceSpec
        {
            ClusterIPs = ["1.5.6.7"], Type = "LoadBalancer",
            Ports = [new() { Port = 80, Protocol = "TCP" }, new() { Port = 8090, Protocol = "UDP" }, new() { Port = 8000, Protocol = "TCP" }],
            Selector = new Dictionary<string, string> { ["foo"] = "bar" },
        }, new ServiceStatus { LoadBalancer = new LoadBalancerStatus { Ingress = [new() { Ip = "2.3.4.5" }, new() { Ip = "3.4.5.6" }, new() { Ip = "5.6.7.8", Hostname = "host5678" }] } });
        Assert.Equal(["service4", "LoadBalancer", "1.5.6.7", "2.3.4.5,3.4.5.6,5.6.7.8", "80/TCP,8090/UDP,8000/TCP", "<unknown>", "foo=bar"], Cells(lb));

        Assert.Equal(["service2", "LoadBalancer", "1.3.4.5", "<pending>", "80/TCP,8090/UDP,8000/TCP,7777/SCTP", "<unknown>", "<none>"], Cells(Svc("service2", new ServiceSpec
        {
            ClusterIPs = ["1.3.4.5"], Type = "LoadBalancer",
            Ports = [new() { Port = 80, Protocol = "TCP" }, new() { Port = 8090, Protocol = "UDP" }, new() { Port = 8000, Protocol = "TCP" }, new() { Port = 7777, Protocol = "SCTP" }],
        })));

        var nodePort = Cells(Svc("web", new ServiceSpec { Type = "NodePort", ClusterIPs = ["10.0.0.12"], Ports = [new() { Port = 80, NodePort = 30080, Protocol = "TCP" }] }));
        Assert.Equal(("<none>", "80:30080/TCP"), (nodePort[3], nodePort[4]));

        var clusterIp = Cells(Svc("db", new ServiceSpec { Type = "ClusterIP", ClusterIPs = ["10.0.0.13"], ExternalIPs = ["192.168.1.10", "192.168.1.11"] }));
        Assert.Equal(("192.168.1.10,192.168.1.11", "<none>"), (clusterIp[3], clusterIp[4]));

        var external = Cells(Svc("ext", new ServiceSpec { Type = "ExternalName", ExternalName = "db.example.com" }));
        Assert.Equal(("<none>", "db.example.com"), (external[2], external[3]));
    }

    [Fact]
    public void Endpoints_and_slices_list_up_to_three_addresses()
    {
        var endpoints = new Endpoints
        {
            Metadata = new ObjectMeta { Name = "web" },
            Subsets =
            [
                new() { Addresses = [new() { Ip = "10.1.1.1" }, new() { Ip = "10.1.1.2" }], Ports = [new() { Port = 8080 }, new() { Port = 8443 }] },
                new() { Addresses = [new() { Ip = "fd00::1" }] },
            ],
        };
        Assert.Equal(["web", "10.1.1.1:8080,10.1.1.2:8080,10.1.1.1:8443 + 2 more...", "<unknown>"], Cells(endpoints));
        Assert.Equal("<none>", Cells(new Endpoints { Metadata = new ObjectMeta { Name = "empty" } })[1]);
        Assert.Equal("[fd00::1]:80", Cells(new Endpoints { Subsets = [new() { Addresses = [new() { Ip = "fd00::1" }], Ports = [new() { Port = 80 }] }] })[1]);

        var slice = new EndpointSlice
        {
            Metadata = Meta("web-abc", TimeSpan.FromSeconds(90)),
            AddressType = "IPv4",
            Ports = [new() { Port = 80 }, new() { Name = "metrics" }],
            Endpoints = [new() { Addresses = ["10.1.1.1"] }, new() { Addresses = ["10.1.1.2"] }],
        };
        Assert.Equal(["web-abc", "IPv4", "80,metrics", "10.1.1.1,10.1.1.2", "90s"], Cells(slice));
        Assert.Equal(["<unset>", "<unset>"], Cells(new EndpointSlice { AddressType = "IPv4" })[2..4]);
    }

    [Fact]
    public void Ingresses_and_ingress_classes_print_like_upstream()
    {
        var ingress = new Ingress
        {
            Metadata = Meta("test1", TenYears),
            Spec = new IngressSpec
            {
                IngressClassName = "foo",
                DefaultBackend = new IngressBackend { Service = new IngressServiceBackend { Name = "default-backend", Port = new ServiceBackendPort { Name = "default-backend", Number = 80 } } },
            },
            Status = new IngressStatus { LoadBalancer = new LoadBalancerStatus { Ingress = [new() { Ip = "2.3.4.5", Hostname = "localhost.localdomain" }] } },
        };
        Assert.Equal(["test1", "foo", "*", "2.3.4.5", "80", "10y"], Cells(ingress));

        var withRules = ingress with { Spec = ingress.Spec! with { Rules = [new() { Host = "a.com" }, new() { Host = "b.com" }, new() { Host = "c.com" }, new() { Host = "d.com" }], Tls = [new() { Hosts = ["a.com"] }] } };
        Assert.Equal(("a.com,b.com,c.com + 1 more...", "80, 443"), (Cells(withRules)[2], Cells(withRules)[4]));

        var ingressClass = new IngressClass
        {
            Metadata = Meta("test1", TenYears),
            Spec = new IngressClassSpec { Controller = "example.com/controller", Parameters = new IngressClassParametersReference { ApiGroup = "example.com", Kind = "customgroup", Name = "example" } },
        };
        Assert.Equal(["test1", "example.com/controller", "customgroup.example.com/example", "10y"], Cells(ingressClass));
        Assert.Equal("<none>", Cells(new IngressClass { Spec = new IngressClassSpec { Controller = "c" } })[2]);
    }

    [Fact]
    public void Nodes_print_status_roles_and_addresses()
    {
        Assert.Equal(["foo3", "Unknown", "<none>", "<unknown>", "", "2.2.2.2", "3.3.3.3", "<unknown>", "<unknown>", "<unknown>"], Cells(new Node
        {
            Metadata = new ObjectMeta { Name = "foo3" },
            Status = new NodeStatus { Addresses = [new() { Type = "InternalIP", Address = "2.2.2.2" }, new() { Type = "ExternalIP", Address = "3.3.3.3" }, new() { Type = "InternalIP", Address = "4.4.4.4" }] },
        }));

        var node = new Node
        {
            Metadata = new ObjectMeta
            {
                Name = "node-1",
                CreationTimestamp = Ago(TimeSpan.FromDays(3) + TimeSpan.FromHours(4)),
                Labels = new Dictionary<string, string> { ["node-role.kubernetes.io/control-plane"] = "", ["kubernetes.io/role"] = "etcd", ["node-role.kubernetes.io/"] = "" },
            },
            Spec = new NodeSpec { Unschedulable = true },
            Status = new NodeStatus
            {
                Conditions = [new() { Type = "Ready", Status = "True" }, new() { Type = "MemoryPressure", Status = "False" }],
                NodeInfo = new NodeSystemInfo { KubeletVersion = "v1.32.0", OsImage = "KubeCore", KernelVersion = "6.1", ContainerRuntimeVersion = "simulated://1.0" },
            },
        };
        Assert.Equal(["node-1", "Ready,SchedulingDisabled", "control-plane,etcd", "3d4h", "v1.32.0", "<none>", "<none>", "KubeCore", "6.1", "simulated://1.0"], Cells(node));
        Assert.Equal("NotReady", Cells(new Node { Status = new NodeStatus { Conditions = [new() { Type = "Ready", Status = "Unknown" }] } })[1]);
    }

    [Fact]
    public void Events_print_last_seen_type_reason_object_and_message_with_wide_details()
    {
        var e = new Event
        {
            Metadata = new ObjectMeta { Name = "web-1.17f3a", Namespace = "default" },
            InvolvedObject = new ObjectReference { Kind = "Pod", Name = "web-1", FieldPath = "spec.containers{app}" },
            Reason = "BackOff",
            Message = "Back-off restarting failed container\n",
            Type = "Warning",
            Source = new EventSource { Component = "kubelet", Host = "node-1" },
            FirstTimestamp = Ago(TimeSpan.FromMinutes(12)),
            LastTimestamp = Ago(TimeSpan.FromMinutes(2)),
            Count = 7,
        };
        Assert.Equal(["Last Seen", "Type", "Reason", "Object", "Subobject*", "Source*", "Message", "First Seen*", "Count*", "Name*"], Columns(e));
        Assert.Equal(["2m", "Warning", "BackOff", "pod/web-1", "spec.containers{app}", "kubelet, node-1", "Back-off restarting failed container", "12m", 7L, "web-1.17f3a"], Cells(e));

        // events.k8s.io-style events: eventTime instead of timestamps, reporting controller as the source, count 1.
        var fresh = new Event
        {
            Metadata = new ObjectMeta { Name = "n" },
            InvolvedObject = new ObjectReference { Kind = "Node" },
            EventTime = MicroTime.FromDateTimeOffset(Now.AddSeconds(-40)),
            ReportingComponent = "scheduler",
        };
        Assert.Equal(["40s", "", "", "node", "", "scheduler", "", "40s", 1L, "n"], Cells(fresh));

        var series = fresh with { Series = new EventSeries { Count = 4, LastObservedTime = MicroTime.FromDateTimeOffset(Now.AddSeconds(-5)) } };
        Assert.Equal(("5s", 4L), (Cells(series)[0], Cells(series)[8]));
    }

    [Fact]
    public void Config_kinds_print_their_data_counts()
    {
        Assert.Equal(["app-config", 3L, "45s"], Cells(new ConfigMap
        {
            Metadata = Meta("app-config", TimeSpan.FromSeconds(45)),
            Data = new Dictionary<string, string> { ["a"] = "1", ["b"] = "2" },
            BinaryData = new Dictionary<string, byte[]> { ["c"] = [1] },
        }));
        Assert.Equal(["tls", "kubernetes.io/tls", 2L, "5m"], Cells(new Secret
        {
            Metadata = Meta("tls", TimeSpan.FromMinutes(5)),
            Type = "kubernetes.io/tls",
            Data = new Dictionary<string, byte[]> { ["tls.crt"] = [1], ["tls.key"] = [2] },
        }));
        Assert.Equal(["default", 0L, "<unknown>"], Cells(new ServiceAccount { Metadata = new ObjectMeta { Name = "default" } }));
    }

    [Fact]
    public void Volumes_and_claims_print_capacity_modes_and_classes()
    {
        var pv = new PersistentVolume
        {
            Metadata = Meta("pv-1", TimeSpan.FromHours(1)),
            Spec = new PersistentVolumeSpec
            {
                Capacity = new Dictionary<string, Quantity> { ["storage"] = Quantity.Parse("10Gi") },
                AccessModes = ["ReadWriteMany", "ReadWriteOnce"],
                PersistentVolumeReclaimPolicy = "Retain",
                ClaimRef = new ObjectReference { Namespace = "default", Name = "data" },
                StorageClassName = "standard",
                VolumeMode = "Filesystem",
            },
            Status = new PersistentVolumeStatus { Phase = "Bound" },
        };
        Assert.Equal(["pv-1", "10Gi", "RWO,RWX", "Retain", "Bound", "default/data", "standard", "<unset>", "", "60m", "Filesystem"], Cells(pv));

        var pvc = new PersistentVolumeClaim
        {
            Metadata = Meta("data", TimeSpan.FromMinutes(30)),
            Spec = new PersistentVolumeClaimSpec { VolumeName = "pv-1", StorageClassName = "standard" },
            Status = new PersistentVolumeClaimStatus { Phase = "Bound", AccessModes = ["ReadWriteOnce"], Capacity = new Dictionary<string, Quantity> { ["storage"] = Quantity.Parse("10Gi") } },
        };
        Assert.Equal(["data", "Bound", "pv-1", "10Gi", "RWO", "standard", "<unset>", "30m", "<unset>"], Cells(pvc));
        var pending = new PersistentVolumeClaim { Metadata = new ObjectMeta { Name = "p", DeletionTimestamp = Ago(TimeSpan.Zero) }, Status = new PersistentVolumeClaimStatus { Phase = "Pending" } };
        Assert.Equal(["p", "Terminating", "", "", ""], Cells(pending)[..5]);
    }

    [Fact]
    public void Autoscalers_print_reference_targets_and_bounds()
    {
        var hpa = new HorizontalPodAutoscaler
        {
            Metadata = new ObjectMeta { Name = "web" },
            Spec = new HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new CrossVersionObjectReference { Kind = "Deployment", Name = "web" },
                MinReplicas = 2,
                MaxReplicas = 10,
                Metrics =
                [
                    new() { Type = "Resource", Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = "Utilization", AverageUtilization = 80 } } },
                    new() { Type = "Resource", Resource = new ResourceMetricSource { Name = "memory", Target = new MetricTarget { Type = "AverageValue", AverageValue = Quantity.Parse("100Mi") } } },
                    new() { Type = "Resource", Resource = new ResourceMetricSource { Name = "cpu", Target = new MetricTarget { Type = "Utilization" } } },
                ],
            },
            Status = new HorizontalPodAutoscalerStatus
            {
                CurrentReplicas = 3,
                CurrentMetrics = [new() { Type = "Resource", Resource = new ResourceMetricStatus { Name = "cpu", Current = new MetricValueStatus { AverageUtilization = 50 } } }],
            },
        };
        Assert.Equal(["web", "Deployment/web", "cpu: 50%/80%, memory: <unknown>/100Mi + 1 more...", "2", 10L, 3L, "<unknown>"], Cells(hpa));
        Assert.Equal(("<none>", "<unset>"), (Cells(new HorizontalPodAutoscaler())[2], Cells(new HorizontalPodAutoscaler())[3]));
    }

    [Fact]
    public void Cluster_kinds_print_like_upstream()
    {
        Assert.Equal(["default", "Active", "5m"], Cells(new Namespace { Metadata = Meta("default", TimeSpan.FromMinutes(5)), Status = new NamespaceStatus { Phase = "Active" } }));
        Assert.Equal(["kube-scheduler", "node-1_abc", "<unknown>"], Cells(new Lease { Metadata = new ObjectMeta { Name = "kube-scheduler" }, Spec = new LeaseSpec { HolderIdentity = "node-1_abc" } }));
        Assert.Equal(["high", 1000L, true, "2d", "PreemptLowerPriority"], Cells(new PriorityClass { Metadata = Meta("high", TimeSpan.FromDays(2)), Value = 1000, GlobalDefault = true, PreemptionPolicy = "PreemptLowerPriority" }));

        var binding = new RoleBinding
        {
            Metadata = new ObjectMeta { Name = "read-pods" },
            RoleRef = new RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = "pod-reader" },
            Subjects = [new() { Kind = "User", Name = "jane" }, new() { Kind = "Group", Name = "devs" }, new() { Kind = "ServiceAccount", Namespace = "default", Name = "bot" }, new() { Kind = "User", Name = "joe" }],
        };
        Assert.Equal(["read-pods", "Role/pod-reader", "<unknown>", "jane, joe", "devs", "default/bot"], Cells(binding));
    }

    [Fact]
    public void Kinds_without_a_printer_get_name_and_created_at()
    {
        var role = new Role { Metadata = new ObjectMeta { Name = "pod-reader", CreationTimestamp = KubeTime.Parse("2030-05-06T07:00:00Z") } };
        var table = new KubeCore.Printing.TableConverter().ConvertToTable(role, Now);
        Assert.Equal([("Name", "string", "name"), ("Created At", "date", "")], table.ColumnDefinitions.Select(c => (c.Name, c.Type, c.Format)));
        Assert.Equal(["pod-reader", "2030-05-06T07:00:00Z"], table.Rows[0].Cells);
        Assert.Equal(["crontabs.stable.example.com", "0001-01-01T00:00:00Z"], Cells(new CustomResourceDefinition { Metadata = new ObjectMeta { Name = "crontabs.stable.example.com" } }));
    }
}
