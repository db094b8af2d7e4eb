using KubeCore.Defaulting;
using KubeCore.Models;
using KubeCore.Validation;

namespace KubeCore.Tests.Validation.Kinds;

/// <summary>Realistic objects, defaulted as the API server would before validating them.</summary>
internal static class Fixtures
{
    public static readonly Dictionary<string, string> WebLabels = new() { ["app"] = "web" };

    public static PodSpec WebPodSpec(string restartPolicy = "Always") => new()
    {
        RestartPolicy = restartPolicy,
        Volumes = [new Volume { Name = "data", EmptyDir = new EmptyDirVolumeSource() }],
        Containers =
        [
            new Container
            {
                Name = "web",
                Image = "nginx:1.27",
                Ports = [new ContainerPort { Name = "http", Port = 80 }],
                Env = [new EnvVar { Name = "LOG_LEVEL", Value = "info" }],
                Resources = new ResourceRequirements
                {
                    Requests = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("100m"), ["memory"] = Quantity.Parse("64Mi") },
                    Limits = new Dictionary<string, Quantity> { ["cpu"] = Quantity.Parse("1"), ["memory"] = Quantity.Parse("128Mi") },
                },
                VolumeMounts = [new VolumeMount { Name = "data", MountPath = "/data" }],
                LivenessProbe = new Probe { HttpGet = new HttpGetAction { Path = "/healthz", Port = 80 } },
                ReadinessProbe = new Probe { TcpSocket = new TcpSocketAction { Port = "http" } },
            },
        ],
        Tolerations = [new Toleration { Key = "dedicated", Operator = "Equal", Value = "web", Effect = "NoSchedule" }],
        NodeSelector = new Dictionary<string, string> { ["kubernetes.io/os"] = "linux" },
    };

    public static Pod Pod(PodSpec? spec = null) =>
        new() { Metadata = new ObjectMeta { Name = "web", Namespace = "default" }, Spec = spec ?? WebPodSpec() };

    public static PodTemplateSpec Template(PodSpec? spec = null, Dictionary<string, string>? labels = null) =>
        new() { Metadata = new ObjectMeta { Labels = labels ?? WebLabels }, Spec = spec ?? WebPodSpec() };

    public static Deployment Deployment(DeploymentSpec? spec = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web", Namespace = "default" },
        Spec = spec ?? new DeploymentSpec { Replicas = 3, Selector = new LabelSelector { MatchLabels = WebLabels }, Template = Template() },
    };

    public static ReplicaSet ReplicaSet(ReplicaSetSpec? spec = null) => new()
    {
        Metadata = new ObjectMeta { Name = "web-5d4f8", Namespace = "default" },
        Spec = spec ?? new ReplicaSetSpec { Replicas = 3, Selector = new LabelSelector { MatchLabels = WebLabels }, Template = Template() },
    };

    public static readonly Dictionary<string, string> JobLabels = new() { ["batch.kubernetes.io/controller-uid"] = "1234", ["job-name"] = "pi" };

    public static JobSpec PiJobSpec(bool withSelector = true) => new()
    {
        Selector = withSelector ? new LabelSelector { MatchLabels = new Dictionary<string, string> { ["batch.kubernetes.io/controller-uid"] = "1234" } } : null,
        Template = new PodTemplateSpec
        {
            Metadata = new ObjectMeta { Labels = withSelector ? JobLabels : null },
            Spec = new PodSpec
            {
                RestartPolicy = "Never",
                Containers = [new Container { Name = "pi", Image = "perl:5.34.0", Command = ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"] }],
            },
        },
    };

    public static Job Job(JobSpec? spec = null) => new()
    {
        Metadata = new ObjectMeta { Name = "pi", Namespace = "default" },
        Spec = spec ?? PiJobSpec(),
    };

    public static CronJob CronJob(Func<CronJobSpec, CronJobSpec>? change = null)
    {
        var spec = new CronJobSpec { Schedule = "*/5 * * * *", JobTemplate = new JobTemplateSpec { Spec = PiJobSpec(withSelector: false) } };
        return new CronJob { Metadata = new ObjectMeta { Name = "pi", Namespace = "default" }, Spec = change is null ? spec : change(spec) };
    }

    public static Service Service(Func<ServiceSpec, ServiceSpec>? change = null)
    {
        var spec = new ServiceSpec
        {
            Selector = WebLabels,
            Ports = [new ServicePort { Name = "http", Port = 80, TargetPort = "http" }],
        };
        return new Service { Metadata = new ObjectMeta { Name = "web", Namespace = "default" }, Spec = change is null ? spec : change(spec) };
    }

    /// <summary>The messages of validating <paramref name="obj"/> after defaulting it.</summary>
    public static string[] Errors(KubeObject obj) =>
        KindValidation.Validate(KindDefaults.Apply(obj)).Select(e => e.ToString()).ToArray();

    /// <summary>The messages of validating an update after defaulting both objects.</summary>
    public static string[] UpdateErrors(KubeObject updated, KubeObject current) =>
        KindValidation.ValidateUpdate(KindDefaults.Apply(updated), KindDefaults.Apply(current)).Select(e => e.ToString()).ToArray();

    public static Container With(this Container c, Func<Container, Container> f) => f(c);

    /// <summary>The fixture pod spec with its only container changed.</summary>
    public static PodSpec WithContainer(Func<Container, Container> f)
    {
        var spec = WebPodSpec();
        return spec with { Containers = [f(spec.Containers![0])] };
    }
}
