using KubeCore.Defaulting;
using KubeCore.Models;
using KubeCore.Serialization;
using KubeCore.Tests.Validation.Kinds;

namespace KubeCore.Tests.Defaulting;

public class KindDefaultsTests
{
    private static T Apply<T>(T obj) where T : KubeObject => (T)KindDefaults.Apply(obj);

    private static void AssertIdempotent(KubeObject obj)
    {
        var once = KindDefaults.Apply(obj);
        Assert.Same(once, KindDefaults.Apply(once));
    }

    private static Pod MinimalPod(string image = "nginx") => new()
    {
        Metadata = new ObjectMeta { Name = "web" },
        Spec = new PodSpec { Containers = [new Container { Name = "web", Image = image }] },
    };

    [Fact]
    public void Pod_spec_defaults_match_kubernetes()
    {
        var spec = Apply(MinimalPod()).Spec!;
        Assert.Equal("Always", spec.RestartPolicy);
        Assert.Equal("ClusterFirst", spec.DnsPolicy);
        Assert.Equal("default-scheduler", spec.SchedulerName);
        Assert.Equal(30, spec.TerminationGracePeriodSeconds);
        Assert.True(spec.EnableServiceLinks);
        Assert.Equal("{}", spec.SecurityContext!.Value.GetRawText());
    }

    [Fact]
    public void Container_defaults_match_kubernetes()
    {
        var pod = MinimalPod() with
        {
            Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx:1.27", Ports = [new ContainerPort { Port = 80 }] }] },
        };
        var c = Apply(pod).Spec!.Containers![0];
        Assert.Equal("IfNotPresent", c.ImagePullPolicy);
        Assert.Equal("/dev/termination-log", c.TerminationMessagePath);
        Assert.Equal("File", c.TerminationMessagePolicy);
        Assert.Equal("TCP", c.Ports![0].Protocol);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("registry.local:5000/team/app", "Always")]
    [InlineData("registry.local:5000/team/app:v2", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    public void Image_pull_policy_defaults_by_tag(string image, string expected)
    {
        Assert.Equal(expected, Apply(MinimalPod(image)).Spec!.Containers![0].ImagePullPolicy);
    }

    [Fact]
    public void Probe_defaults_match_kubernetes()
    {
        var pod = MinimalPod() with
        {
            Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx", LivenessProbe = new Probe { HttpGet = new HttpGetAction { Port = 80 } } }] },
        };
        var probe = Apply(pod).Spec!.Containers![0].LivenessProbe!;
        Assert.Equal(1, probe.TimeoutSeconds);
        Assert.Equal(10, probe.PeriodSeconds);
        Assert.Equal(1, probe.SuccessThreshold);
        Assert.Equal(3, probe.FailureThreshold);
        Assert.Equal("HTTP", probe.HttpGet!.Scheme);
        Assert.Equal("/", probe.HttpGet.Path);
    }

    [Fact]
    public void Pod_requests_default_to_limits_when_only_limits_are_set()
    {
        var limits = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("500m"), ["memory"] = Quantity.Parse("256Mi") };
        var pod = MinimalPod() with
        {
            Spec = new PodSpec { Containers = [new Container { Name = "web", Image = "nginx", Resources = new ResourceRequirements { Limits = limits } }] },
        };
        var requests = Apply(pod).Spec!.Containers![0].Resources!.Requests!;
        Assert.Equal(Quantity.Parse("500m"), requests["cpu"]);
        Assert.Equal(Quantity.Parse("256Mi"), requests["memory"]);
    }

    [Fact]
    public void Explicit_pod_values_are_kept()
    {
        var pod = MinimalPod() with
        {
            Spec = new PodSpec
            {
                RestartPolicy = "Never", DnsPolicy = "Default", TerminationGracePeriodSeconds = 5, EnableServiceLinks = false,
                Containers = [new Container { Name = "web", Image = "nginx", ImagePullPolicy = "Never" }],
            },
        };
        var spec = Apply(pod).Spec!;
        Assert.Equal("Never", spec.RestartPolicy);
        Assert.Equal("Default", spec.DnsPolicy);
        Assert.Equal(5, spec.TerminationGracePeriodSeconds);
        Assert.False(spec.EnableServiceLinks);
        Assert.Equal("Never", spec.Containers![0].ImagePullPolicy);
    }

    [Fact]
    public void Defaulting_never_mutates_the_input()
    {
        var pod = MinimalPod();
        var before = KubeJson.Serialize(pod);
        _ = KindDefaults.Apply(pod);
        Assert.Equal(before, KubeJson.Serialize(pod));
        Assert.Null(pod.Spec!.RestartPolicy);
    }

    [Fact]
    public void Defaulting_is_idempotent_for_every_kind()
    {
        AssertIdempotent(MinimalPod());
        AssertIdempotent(Fixtures.Pod());
        AssertIdempotent(Fixtures.Deployment());
        AssertIdempotent(Fixtures.ReplicaSet());
        AssertIdempotent(Fixtures.Job());
        AssertIdempotent(Fixtures.CronJob());
        AssertIdempotent(Fixtures.Service());
        AssertIdempotent(new Service { Spec = new ServiceSpec { Type = "LoadBalancer", SessionAffinity = "ClientIP", Ports = [new ServicePort { Port = 443 }] } });
        AssertIdempotent(new Secret());
        AssertIdempotent(new PersistentVolumeClaim { Spec = new PersistentVolumeClaimSpec() });
        AssertIdempotent(new PersistentVolume { Spec = new PersistentVolumeSpec() });
        AssertIdempotent(new HorizontalPodAutoscaler { Spec = new HorizontalPodAutoscalerSpec { MaxReplicas = 3 } });
    }

    [Fact]
    public void Kinds_without_defaults_are_returned_unchanged()
    {
        var ns = new Namespace { Metadata = new ObjectMeta { Name = "dev" } };
        var generic = new GenericObject("example.com/v1", "Widget");
        var cm = new ConfigMap { Metadata = new ObjectMeta { Name = "c" } };
        Assert.Same(ns, KindDefaults.Apply(ns));
        Assert.Same(generic, KindDefaults.Apply(generic));
        Assert.Same(cm, KindDefaults.Apply(cm));
    }

    [Fact]
    public void Deployment_defaults_match_kubernetes()
    {
        var d = Apply(new Deployment { Spec = new DeploymentSpec { Template = Fixtures.Template() } });
        var s = d.Spec!;
        Assert.Equal(1, s.Replicas);
        Assert.Equal("RollingUpdate", s.Strategy!.Type);
        Assert.Equal("25%", s.Strategy.RollingUpdate!.MaxSurge!.Value.StringValue);
        Assert.Equal("25%", s.Strategy.RollingUpdate.MaxUnavailable!.Value.StringValue);
        Assert.Equal(10, s.RevisionHistoryLimit);
        Assert.Equal(600, s.ProgressDeadlineSeconds);
        Assert.Equal("ClusterFirst", s.Template!.Spec!.DnsPolicy);
        Assert.Null(s.Template.Spec.EnableServiceLinks);
    }

    [Fact]
    public void Recreate_deployment_gets_no_rolling_update_parameters()
    {
        var d = Apply(new Deployment { Spec = new DeploymentSpec { Strategy = new DeploymentStrategy { Type = "Recreate" } } });
        Assert.Null(d.Spec!.Strategy!.RollingUpdate);
    }

    [Fact]
    public void Replica_set_defaults_to_one_replica()
    {
        Assert.Equal(1, Apply(new ReplicaSet { Spec = new ReplicaSetSpec() }).Spec!.Replicas);
    }

    [Fact]
    public void Job_defaults_match_kubernetes()
    {
        var job = Apply(new Job { Spec = Fixtures.PiJobSpec(withSelector: false) });
        var s = job.Spec!;
        Assert.Equal(1, s.Parallelism);
        Assert.Equal(1, s.Completions);
        Assert.Equal(6, s.BackoffLimit);
        Assert.Equal("NonIndexed", s.CompletionMode);
        Assert.False(s.Suspend);
        Assert.Equal("TerminatingOrFailed", s.PodReplacementPolicy);
        Assert.Null(s.Selector);
        Assert.Equal("ClusterFirst", s.Template!.Spec!.DnsPolicy);
    }

    [Fact]
    public void Job_completions_stay_unset_when_parallelism_is_given()
    {
        var job = Apply(new Job { Spec = Fixtures.PiJobSpec() with { Parallelism = 4 } });
        Assert.Null(job.Spec!.Completions);
        Assert.Equal(4, job.Spec.Parallelism);
    }

    [Fact]
    public void Cron_job_defaults_match_kubernetes()
    {
        var s = Apply(Fixtures.CronJob()).Spec!;
        Assert.Equal("Allow", s.ConcurrencyPolicy);
        Assert.False(s.Suspend);
        Assert.Equal(3, s.SuccessfulJobsHistoryLimit);
        Assert.Equal(1, s.FailedJobsHistoryLimit);
        Assert.Equal("default-scheduler", s.JobTemplate!.Spec!.Template!.Spec!.SchedulerName);
    }

    [Fact]
    public void Service_defaults_match_kubernetes()
    {
        var s = Apply(new Service { Spec = new ServiceSpec { Ports = [new ServicePort { Port = 8080 }] } }).Spec!;
        Assert.Equal("ClusterIP", s.Type);
        Assert.Equal("None", s.SessionAffinity);
        Assert.Equal("Cluster", s.InternalTrafficPolicy);
        Assert.Null(s.ExternalTrafficPolicy);
        Assert.Equal("TCP", s.Ports![0].Protocol);
        Assert.Equal(8080, s.Ports[0].TargetPort!.Value.IntValue);
    }

    [Fact]
    public void Load_balancer_service_defaults_external_traffic_policy_to_cluster()
    {
        var s = Apply(new Service { Spec = new ServiceSpec { Type = "LoadBalancer", Ports = [new ServicePort { Port = 443, TargetPort = "https" }] } }).Spec!;
        Assert.Equal("Cluster", s.ExternalTrafficPolicy);
        Assert.Equal("https", s.Ports![0].TargetPort!.Value.StringValue);
    }

    [Fact]
    public void Secret_type_defaults_to_opaque()
    {
        Assert.Equal("Opaque", Apply(new Secret()).Type);
    }

    [Fact]
    public void Claim_volume_mode_defaults_to_filesystem()
    {
        Assert.Equal("Filesystem", Apply(new PersistentVolumeClaim { Spec = new PersistentVolumeClaimSpec() }).Spec!.VolumeMode);
    }

    [Fact]
    public void Autoscaler_min_replicas_defaults_to_one()
    {
        Assert.Equal(1, Apply(new HorizontalPodAutoscaler { Spec = new HorizontalPodAutoscalerSpec { MaxReplicas = 3 } }).Spec!.MinReplicas);
    }

    [Fact]
    public void Defaulted_fixtures_round_trip_through_json_unchanged()
    {
        var d = KindDefaults.Apply(Fixtures.Deployment());
        var back = KubeJson.Deserialize(KubeJson.Serialize(d));
        Assert.Equal(KubeJson.Serialize(d), KubeJson.Serialize(KindDefaults.Apply(back)));
    }
}
