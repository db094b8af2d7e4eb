using KubeCore.Models;
using static KubeCore.Tests.Printing.PrintingTestData;

namespace KubeCore.Tests.Printing;

// Expectations follow kube-apiserver's TestPrintPod / TestPrintPodwide cases (pkg/printers/internalversion/printers_test.go).
public class PodTableTests
{
    private static readonly ContainerState Running = new() { Running = new ContainerStateRunning() };
    private static ContainerState WaitingFor(string? reason) => new() { Waiting = new ContainerStateWaiting { Reason = reason } };
    private static ContainerState TerminatedWith(string? reason = null, int exitCode = 0, int? signal = null) =>
        new() { Terminated = new ContainerStateTerminated { Reason = reason, ExitCode = exitCode, Signal = signal } };
    private static ContainerState LastTerminated(TimeSpan ago) => new() { Terminated = new ContainerStateTerminated { FinishedAt = Ago(ago) } };

    private static Pod Pod(string name, int containers, PodStatus status, int initContainers = 0, ObjectMeta? meta = null) => new()
    {
        Metadata = meta ?? new ObjectMeta { Name = name },
        Spec = new PodSpec
        {
            Containers = Enumerable.Range(0, containers).Select(_ => new Container()).ToArray(),
            InitContainers = initContainers == 0 ? null : Enumerable.Range(0, initContainers).Select(_ => new Container()).ToArray(),
        },
        Status = status,
    };

    private static object?[] Basic(Pod pod) => Cells(pod)[..5];

    [Fact]
    public void Columns_are_kube_apiservers_with_the_wide_ones_at_priority_1()
    {
        Assert.Equal(["Name", "Ready", "Status", "Restarts", "Age", "IP*", "Node*", "Nominated Node*", "Readiness Gates*"], Columns(new Pod()));
    }

    [Fact]
    public void Ready_counts_running_ready_containers_and_restarts_sum_over_containers()
    {
        var pod = Pod("test1", 2, new PodStatus
        {
            Phase = "podPhase",
            ContainerStatuses = [new() { Ready = true, RestartCount = 3, State = Running }, new() { RestartCount = 3 }],
        });
        Assert.Equal(["test1", "1/2", "podPhase", "6", "<unknown>"], Basic(pod));
    }

    [Fact]
    public void A_waiting_container_reason_overrides_the_phase_and_the_first_container_wins()
    {
        Assert.Equal(["test2", "1/2", "ContainerWaitingReason", "6", "<unknown>"], Basic(Pod("test2", 2, new PodStatus
        {
            Phase = "podPhase",
            ContainerStatuses = [new() { Ready = true, RestartCount = 3, State = Running }, new() { State = WaitingFor("ContainerWaitingReason"), RestartCount = 3 }],
        })));
        Assert.Equal(["test3", "0/2", "ContainerWaitingReason", "6", "<unknown>"], Basic(Pod("test3", 2, new PodStatus
        {
            Phase = "podPhase",
            ContainerStatuses = [new() { State = WaitingFor("ContainerWaitingReason"), RestartCount = 3 }, new() { State = TerminatedWith("ContainerTerminatedReason"), RestartCount = 3 }],
        })));
    }

    [Fact]
    public void Ready_without_running_is_not_counted_and_the_pod_reason_overrides_the_phase()
    {
        Assert.Equal(["test4", "1/2", "podPhase", "6", "<unknown>"], Basic(Pod("test4", 2, new PodStatus
        {
            Phase = "podPhase",
            ContainerStatuses = [new() { Ready = true, RestartCount = 3, State = Running }, new() { Ready = true, RestartCount = 3 }],
        })));
        Assert.Equal(["test5", "1/2", "podReason", "6", "<unknown>"], Basic(Pod("test5", 2, new PodStatus
        {
            Reason = "podReason",
            Phase = "podPhase",
            ContainerStatuses = [new() { Ready = true, RestartCount = 3, State = Running }, new() { Ready = true, RestartCount = 3 }],
        })));
    }

    [Fact]
    public void A_completed_container_next_to_a_running_one_reads_NotReady_or_Running_by_the_Ready_condition()
    {
        var status = new PodStatus
        {
            Phase = "Running",
            ContainerStatuses = [new() { Ready = true, RestartCount = 3, State = TerminatedWith("Completed") }, new() { Ready = true, RestartCount = 3, State = Running }],
        };
        Assert.Equal(["test6", "1/2", "NotReady", "6", "<unknown>"], Basic(Pod("test6", 2, status)));
        Assert.Equal(["test6", "1/2", "Running", "6", "<unknown>"], Basic(Pod("test6", 2, status with { Conditions = [new() { Type = "Ready", Status = "True" }] })));
    }

    [Fact]
    public void Init_containers_show_progress_and_their_restarts_with_the_last_restart_age()
    {
        Assert.Equal(["test7", "0/1", "Init:0/1", "3 (10s ago)", "<unknown>"], Basic(Pod("test7", 1, new PodStatus
        {
            Phase = "podPhase",
            InitContainerStatuses = [new() { RestartCount = 3, State = Running, LastState = LastTerminated(TimeSpan.FromSeconds(10)) }],
            ContainerStatuses = [new() { State = WaitingFor(null) }],
        }, initContainers: 1)));

        Assert.Equal(["test10", "0/1", "Init:1/2", "5 (10s ago)", "<unknown>"], Basic(Pod("test10", 1, new PodStatus
        {
            Phase = "podPhase",
            InitContainerStatuses =
            [
                new() { RestartCount = 2, State = TerminatedWith(), LastState = LastTerminated(TimeSpan.FromMinutes(2)) },
                new() { RestartCount = 3, State = Running, LastState = LastTerminated(TimeSpan.FromSeconds(10)) },
            ],
            ContainerStatuses = [new() { State = WaitingFor(null) }],
        }, initContainers: 2)));
    }

    [Fact]
    public void Once_initialized_only_app_container_restarts_count()
    {
        Assert.Equal(["test11", "0/1", "Running", "4 (20s ago)", "<unknown>"], Basic(Pod("test11", 1, new PodStatus
        {
            Phase = "Running",
            InitContainerStatuses = [new() { RestartCount = 2, State = TerminatedWith(), LastState = LastTerminated(TimeSpan.FromMinutes(2)) }],
            ContainerStatuses = [new() { RestartCount = 4, State = Running, LastState = LastTerminated(TimeSpan.FromSeconds(20)) }],
        }, initContainers: 1)));
    }

    [Fact]
    public void Restarts_show_the_most_recent_restart_across_containers()
    {
        Assert.Equal(["test14", "2/2", "Running", "9 (5d ago)", "<unknown>"], Basic(Pod("test14", 2, new PodStatus
        {
            Phase = "Running",
            ContainerStatuses =
            [
                new() { Ready = true, RestartCount = 6, State = Running, LastState = LastTerminated(TimeSpan.FromDays(5)) },
                new() { Ready = true, RestartCount = 3, State = Running, LastState = LastTerminated(TimeSpan.FromDays(20)) },
            ],
        })));
    }

    [Fact]
    public void Init_failures_and_waiting_reasons_are_prefixed_with_Init()
    {
        Assert.Equal("Init:CrashLoopBackOff", Cells(Pod("p", 1, new PodStatus
        {
            Phase = "Pending",
            InitContainerStatuses = [new() { State = WaitingFor("CrashLoopBackOff"), RestartCount = 4 }],
        }, initContainers: 1))[2]);
        Assert.Equal("Init:Error", Cells(Pod("p", 1, new PodStatus { Phase = "Pending", InitContainerStatuses = [new() { State = TerminatedWith("Error", 1) }] }, initContainers: 1))[2]);
        Assert.Equal("Init:ExitCode:2", Cells(Pod("p", 1, new PodStatus { Phase = "Pending", InitContainerStatuses = [new() { State = TerminatedWith(null, 2) }] }, initContainers: 1))[2]);
        Assert.Equal("Init:Signal:9", Cells(Pod("p", 1, new PodStatus { Phase = "Pending", InitContainerStatuses = [new() { State = TerminatedWith(null, 137, 9) }] }, initContainers: 1))[2]);
        // PodInitializing is not a failure: it shows progress.
        Assert.Equal("Init:0/1", Cells(Pod("p", 1, new PodStatus { Phase = "Pending", InitContainerStatuses = [new() { State = WaitingFor("PodInitializing") }] }, initContainers: 1))[2]);
    }

    [Fact]
    public void Waiting_app_containers_show_their_reason()
    {
        Assert.Equal(["web", "0/1", "CrashLoopBackOff", "5 (3m ago)", "<unknown>"], Basic(Pod("web", 1, new PodStatus
        {
            Phase = "Running",
            ContainerStatuses = [new() { State = WaitingFor("CrashLoopBackOff"), RestartCount = 5, LastState = LastTerminated(TimeSpan.FromMinutes(3)) }],
        })));
        Assert.Equal("ContainerCreating", Cells(Pod("web", 1, new PodStatus { Phase = "Pending", ContainerStatuses = [new() { State = WaitingFor("ContainerCreating") }] }))[2]);
        Assert.Equal("PodInitializing", Cells(Pod("web", 1, new PodStatus { Phase = "Pending", ContainerStatuses = [new() { State = WaitingFor("PodInitializing") }] }))[2]);
        Assert.Equal("ExitCode:3", Cells(Pod("web", 1, new PodStatus { Phase = "Running", ContainerStatuses = [new() { State = TerminatedWith(null, 3) }] }))[2]);
    }

    [Fact]
    public void Scheduling_gated_pods_say_so()
    {
        Assert.Equal(["test15", "0/2", "SchedulingGated", "0", "<unknown>"], Basic(Pod("test15", 2, new PodStatus
        {
            Phase = "podPhase",
            Conditions = [new() { Type = "PodScheduled", Status = "False", Reason = "SchedulingGated" }],
        })));
    }

    [Fact]
    public void Completed_and_failed_pods_carry_a_Completed_row_condition()
    {
        var table = new KubeCore.Printing.TableConverter().ConvertToTable(Pod("test16", 1, new PodStatus
        {
            Phase = "Succeeded",
            ContainerStatuses = [new() { State = TerminatedWith("Completed") }],
        }), Now);
        Assert.Equal(["test16", "0/1", "Completed", "0", "<unknown>"], table.Rows[0].Cells.Take(5));
        var condition = Assert.Single(table.Rows[0].Conditions!);
        Assert.Equal(("Completed", "True", "Succeeded"), (condition.Type, condition.Status, condition.Reason));

        var failed = new KubeCore.Printing.TableConverter().ConvertToTable(Pod("test17", 1, new PodStatus
        {
            Phase = "Failed",
            ContainerStatuses = [new() { State = TerminatedWith("Error", 1) }],
        }), Now).Rows[0];
        Assert.Equal("Error", failed.Cells[2]);
        Assert.Equal("Failed", Assert.Single(failed.Conditions!).Reason);
    }

    [Fact]
    public void Deleted_pods_read_Terminating_unless_finished_and_Unknown_when_the_node_is_lost()
    {
        var deleting = new ObjectMeta { Name = "p", DeletionTimestamp = Ago(TimeSpan.FromSeconds(10)) };
        Assert.Equal("Terminating", Cells(Pod("p", 1, new PodStatus { Phase = "Running", ContainerStatuses = [new() { Ready = true, State = Running }] }, meta: deleting))[2]);
        Assert.Equal("Completed", Cells(Pod("p", 1, new PodStatus { Phase = "Succeeded", ContainerStatuses = [new() { State = TerminatedWith("Completed") }] }, meta: deleting))[2]);
        Assert.Equal("Unknown", Cells(Pod("p", 1, new PodStatus { Phase = "Running", Reason = "NodeLost" }, meta: deleting))[2]);
        Assert.Equal("NodeLost", Cells(Pod("p", 1, new PodStatus { Phase = "Running", Reason = "NodeLost" }))[2]);
    }

    [Fact]
    public void Sidecar_init_containers_count_towards_ready_once_started()
    {
        var pod = new Pod
        {
            Metadata = new ObjectMeta { Name = "with-sidecar" },
            Spec = new PodSpec
            {
                InitContainers = [new Container { Name = "proxy", RestartPolicy = "Always" }],
                Containers = [new Container { Name = "app" }],
            },
            Status = new PodStatus
            {
                Phase = "Running",
                Conditions = [new() { Type = "Initialized", Status = "True" }],
                InitContainerStatuses = [new() { Name = "proxy", Ready = true, Started = true, State = Running, RestartCount = 1, LastState = LastTerminated(TimeSpan.FromMinutes(3)) }],
                ContainerStatuses = [new() { Name = "app", Ready = true, State = Running }],
            },
        };
        Assert.Equal(["with-sidecar", "2/2", "Running", "1 (3m ago)", "<unknown>"], Basic(pod));
    }

    [Fact]
    public void Wide_cells_show_ip_node_nominated_node_and_readiness_gates()
    {
        var pod = new Pod
        {
            Metadata = Meta("test1", TimeSpan.FromMinutes(5)),
            Spec = new PodSpec
            {
                Containers = [new Container(), new Container()],
                NodeName = "test1",
                ReadinessGates = [new() { ConditionType = "condition1" }, new() { ConditionType = "condition2" }],
            },
            Status = new PodStatus
            {
                Phase = "podPhase",
                PodIPs = [new() { Ip = "1.1.1.1" }],
                NominatedNodeName = "node1",
                Conditions = [new() { Type = "condition1", Status = "True" }, new() { Type = "condition2", Status = "False" }],
                ContainerStatuses = [new() { Ready = true, RestartCount = 3, State = Running }, new() { RestartCount = 3 }],
            },
        };
        Assert.Equal(["test1", "1/2", "podPhase", "6", "5m", "1.1.1.1", "test1", "node1", "1/2"], Cells(pod));

        var bare = Pod("test2", 1, new PodStatus { Phase = "Pending" });
        Assert.Equal(["<none>", "<none>", "<none>", "<none>"], Cells(bare)[5..]);
    }
}
