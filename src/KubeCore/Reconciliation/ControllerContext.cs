using KubeCore.Api;
using KubeCore.Client;
using KubeCore.Events;
using KubeCore.Informers;
using Microsoft.Extensions.Logging;

namespace KubeCore.Reconciliation;

/// <summary>What a controller is built against: the cluster's client, informers, clock, logging and (optionally) DI.</summary>
internal sealed record ControllerContext(
    KubeClient Client,
    SharedInformerFactory Informers,
    ResourceRegistry Resources,
    TimeProvider TimeProvider,
    ILoggerFactory LoggerFactory,
    Func<string, IEventRecorder> RecorderFor,
    IServiceProvider? Services);
