using KubeCore.Models;
using static KubeCore.Tests.Validation.Kinds.Fixtures;

namespace KubeCore.Tests.Validation.Kinds;

public class ServiceValidationTests
{
    [Fact]
    public void Realistic_service_is_valid()
    {
        Assert.Empty(Errors(Service()));
    }

    [Fact]
    public void Service_type_must_be_known()
    {
        Assert.Equal(["spec.type: Unsupported value: \"Ingress\": supported values: \"ClusterIP\", \"ExternalName\", \"LoadBalancer\", \"NodePort\""],
            Errors(Service(s => s with { Type = "Ingress" })));
    }

    [Fact]
    public void Service_ports_are_required()
    {
        Assert.Equal(["spec.ports: Required value"], Errors(Service(s => s with { Ports = null })));
    }

    [Fact]
    public void Headless_service_may_have_no_ports()
    {
        Assert.Empty(Errors(Service(s => s with { ClusterIP = "None", Ports = null, Selector = null })));
    }

    [Fact]
    public void Service_port_must_be_in_range()
    {
        Assert.Equal(["spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive"],
            Errors(Service(s => s with { Ports = [new ServicePort { Port = 70000, TargetPort = 80 }] })));
    }

    [Fact]
    public void Service_port_names_are_required_when_there_are_several_ports()
    {
        Assert.Equal(["spec.ports[1].name: Required value"],
            Errors(Service(s => s with { Ports = [new ServicePort { Name = "http", Port = 80 }, new ServicePort { Port = 443 }] })));
    }

    [Fact]
    public void Service_port_names_must_be_unique()
    {
        Assert.Equal(["spec.ports[1].name: Duplicate value: \"http\""],
            Errors(Service(s => s with { Ports = [new ServicePort { Name = "http", Port = 80 }, new ServicePort { Name = "http", Port = 8080 }] })));
    }

    [Fact]
    public void Service_port_protocol_must_be_known()
    {
        Assert.Equal(["spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\", \"TCP\", \"UDP\""],
            Errors(Service(s => s with { Ports = [new ServicePort { Port = 80, Protocol = "ICMP" }] })));
    }

    [Fact]
    public void Node_port_is_forbidden_for_cluster_ip_services()
    {
        Assert.Equal(["spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'"],
            Errors(Service(s => s with { Ports = [new ServicePort { Port = 80, NodePort = 30080 }] })));
    }

    [Fact]
    public void Node_port_is_allowed_for_node_port_services()
    {
        Assert.Empty(Errors(Service(s => s with { Type = "NodePort", Ports = [new ServicePort { Port = 80, NodePort = 30080 }] })));
    }

    [Fact]
    public void External_name_service_needs_an_external_name()
    {
        Assert.Equal(["spec.externalName: Required value"], Errors(Service(s => s with { Type = "ExternalName", Ports = null, Selector = null })));
    }

    [Fact]
    public void External_name_must_be_a_dns_subdomain()
    {
        var errors = Errors(Service(s => s with { Type = "ExternalName", ExternalName = "Not_A_Host", Ports = null }));
        Assert.Equal(["spec.externalName: Invalid value: \"Not_A_Host\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"], errors);
    }

    [Fact]
    public void Session_affinity_must_be_known()
    {
        Assert.Equal(["spec.sessionAffinity: Unsupported value: \"Cookie\": supported values: \"ClientIP\", \"None\""],
            Errors(Service(s => s with { SessionAffinity = "Cookie" })));
    }

    [Fact]
    public void Cluster_ip_is_immutable_once_set()
    {
        Assert.Equal(["spec.clusterIP: Invalid value: \"10.96.0.20\": field is immutable"],
            UpdateErrors(Service(s => s with { ClusterIP = "10.96.0.20" }), Service(s => s with { ClusterIP = "10.96.0.10" })));
    }

    [Fact]
    public void Cluster_ip_may_be_assigned_when_it_was_empty()
    {
        Assert.Empty(UpdateErrors(Service(s => s with { ClusterIP = "10.96.0.20" }), Service()));
    }
}
