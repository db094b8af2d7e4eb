using System.Text.Json.Nodes;
using KubeCore.Api;
using KubeCore.ApiServer.Protobuf;

namespace KubeCore.ApiServer.Tests;

/// <summary>
/// The protobuf decoder on request bodies captured from kubectl 1.32 (through a logging proxy in front of
/// <c>kubecore serve</c>; each constant names the command that sent it) and on hand-built malformed bodies.
/// </summary>
public sealed class ProtobufDecoderTests
{
    /// <summary><c>kubectl -n cap create namespace team-a</c></summary>
    private const string Namespace =
        "6b3873000a0f0a02763112094e616d657370616365121e0a160a067465616d2d6112001a0022002a0032003800420012001a020a001a002200";

    /// <summary><c>kubectl -n cap create configmap settings --from-literal=mode=fast --from-literal=empty=</c></summary>
    private const string ConfigMap =
        "6b3873000a0f0a0276311209436f6e6669674d617012360a1b0a0873657474696e677312001a0363617022002a0032003800420012090a05656d7074791200120c0a046d6f64651204666173741a002200";

    /// <summary><c>kubectl -n cap create secret generic creds --from-literal=user=admin --from-literal=pass=s3cr3t</c></summary>
    private const string SecretGeneric =
        "6b3873000a0c0a0276311206536563726574123b0a180a05637265647312001a0363617022002a00320038004200120e0a04706173731206733363723374120d0a0475736572120561646d696e1a001a002200";

    /// <summary><c>kubectl -n cap create secret docker-registry regcred --docker-server=registry.example --docker-username=u --docker-password=p</c></summary>
    private const string SecretDockerRegistry =
        "6b3873000a0c0a0276311206536563726574129f010a1a0a077265676372656412001a0363617022002a0032003800420012610a112e646f636b6572636f6e6669676a736f6e124c7b226175746873223a7b2272656769737472792e6578616d706c65223a7b22757365726e616d65223a2275222c2270617373776f7264223a2270222c2261757468223a2264547077227d7d7d1a1e6b756265726e657465732e696f2f646f636b6572636f6e6669676a736f6e1a002200";

    /// <summary><c>kubectl -n cap create deployment web --image=nginx:1.27 --replicas=3 --port=80</c></summary>
    private const string Deployment =
        "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412c0010a220a0377656212001a0363617022002a003200380042005a0a0a036170701203776562128b010803120c0a0a0a0361707012037765621a710a1c0a0012001a0022002a003200380042005a0a0a036170701203776562125112330a056e67696e78120a6e67696e783a312e32372a00320a0a001000185022002a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200";

    /// <summary><c>kubectl -n cap create deployment idle --image=busybox --replicas=0</c></summary>
    private const string DeploymentZeroReplicas =
        "6b3873000a150a07617070732f7631120a4465706c6f796d656e7412b7010a240a0469646c6512001a0363617022002a003200380042005a0b0a03617070120469646c651280010800120d0a0b0a03617070120469646c651a650a1d0a0012001a0022002a003200380042005a0b0a03617070120469646c65124412260a0762757379626f78120762757379626f782a0042006a007200800100880100900100a201001a00320042004a0052005800600068008201008a01009a0100c2010022020a00280038001a0c0800100018002000280038001a002200";

    /// <summary><c>kubectl -n cap create job hello --image=busybox -- echo hi</c></summary>
    private const string Job =
        "6b3873000a0f0a0862617463682f763112034a6f62128d010a180a0568656c6c6f12001a0363617022002a00320038004200126732650a100a0012001a0022002a003200380042001251122e0a0568656c6c6f120762757379626f781a046563686f1a0268692a0042006a007200800100880100900100a201001a054e65766572320042004a0052005800600068008201008a01009a0100c201001a082000280030003a001a002200";

    /// <summary><c>kubectl -n cap create cronjob tick --image=busybox --schedule="*/5 * * * *" -- date</c></summary>
    private const string CronJob =
        "6b3873000a130a0862617463682f7631120743726f6e4a6f6212ad010a170a047469636b12001a0363617022002a00320038004200128f010a0b2a2f35202a202a202a202a1a002a7e0a140a047469636b12001a0022002a00320038004200126632640a100a0012001a0022002a00320038004200125012290a047469636b120762757379626f781a04646174652a0042006a007200800100880100900100a201001a094f6e4661696c757265320042004a0052005800600068008201008a01009a0100c201001a001a002200";

    /// <summary><c>kubectl -n cap create service nodeport web --tcp=80:8080 --node-port=30080</c></summary>
    private const string ServiceNodePort =
        "6b3873000a0d0a027631120753657276696365126d0a220a0377656212001a0363617022002a003200380042005a0a0a03617070120377656212430a1d0a0738302d38303830120354435018502207080010903f1a002880eb01120a0a0361707012037765621a0022084e6f6465506f72743a00420052005a00600068001a020a001a002200";

    /// <summary><c>kubectl -n cap create service externalname ext --external-name=example.com</c></summary>
    private const string ServiceExternalName =
        "6b3873000a0d0a027631120753657276696365125d0a220a0365787412001a0363617022002a003200380042005a0a0a0361707012036578741233120a0a0361707012036578741a00220c45787465726e616c4e616d653a004200520b6578616d706c652e636f6d5a00600068001a020a001a002200";

    /// <summary><c>kubectl -n cap autoscale deploy/web --min=1 --max=3 --cpu-percent=50</c></summary>
    private const string AutoscaleV1 =
        "6b3873000a290a0e6175746f7363616c696e672f76311217486f72697a6f6e74616c506f644175746f7363616c6572123f0a130a0377656212001a0022002a0032003800420012220a1a0a0a4465706c6f796d656e7412037765621a07617070732f76311001180320321a04180020001a002200";

    /// <summary><c>kubectl -n cap auth can-i create pods</c></summary>
    private const string SelfSubjectAccessReview =
        "6b3873000a320a17617574686f72697a6174696f6e2e6b38732e696f2f7631121753656c665375626a656374416363657373526576696577123b0a100a0012001a0022002a00320038004200121d0a1b0a0363617012066372656174651a0022002a04706f647332003a001a08080012001a0020001a002200";

    private static JsonObject Decode(string hex) => ProtobufDecoder.Decode(Convert.FromHexString(hex));

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    [Fact]
    public void Namespace_decodes_to_its_name_and_drops_zero_values()
    {
        var ns = Decode(Namespace);
        Assert.Equal("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a"},"spec":{},"status":{}}""", ns.ToJsonString());
    }

    [Fact]
    public void ConfigMap_literals_keep_empty_values()
    {
        var cm = Decode(ConfigMap);
        Assert.Equal("ConfigMap", Text(cm["kind"]));
        Assert.Equal("settings", Text(cm["metadata"]!["name"]));
        Assert.Equal("cap", Text(cm["metadata"]!["namespace"]));
        Assert.Equal("""{"empty":"","mode":"fast"}""", cm["data"]!.ToJsonString());
        Assert.Null(cm["metadata"]!["creationTimestamp"]);
    }

    [Fact]
    public void Secret_bytes_become_base64()
    {
        var secret = Decode(SecretGeneric);
        Assert.Equal(Convert.ToBase64String("admin"u8), Text(secret["data"]!["user"]));
        Assert.Equal(Convert.ToBase64String("s3cr3t"u8), Text(secret["data"]!["pass"]));

        var registry = Decode(SecretDockerRegistry);
        Assert.Equal("kubernetes.io/dockerconfigjson", Text(registry["type"]));
        var config = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(Text(registry["data"]![".dockerconfigjson"])!));
        var auth = JsonNode.Parse(config)!["auths"]!["registry.example"]!;
        Assert.Equal("u", Text(auth["username"]));
        Assert.Equal("p", Text(auth["password"]));
    }

    [Fact]
    public void Deployment_decodes_selector_template_containers_and_ports()
    {
        var d = Decode(Deployment);
        Assert.Equal("apps/v1", Text(d["apiVersion"]));
        Assert.Equal("""{"app":"web"}""", d["metadata"]!["labels"]!.ToJsonString());
        var spec = d["spec"]!;
        Assert.Equal(3, spec["replicas"]!.GetValue<int>());
        Assert.Equal("""{"matchLabels":{"app":"web"}}""", spec["selector"]!.ToJsonString());
        Assert.Equal("""{"app":"web"}""", spec["template"]!["metadata"]!["labels"]!.ToJsonString());
        Assert.Equal("""[{"name":"nginx","image":"nginx:1.27","ports":[{"containerPort":80}],"resources":{}}]""",
            spec["template"]!["spec"]!["containers"]!.ToJsonString());
        Assert.Equal("{}", spec["strategy"]!.ToJsonString());
    }

    [Fact]
    public void A_pointer_field_keeps_its_zero_value()
    {
        // replicas is *int32: 0 was asked for and must not read as "unset" (which defaults to 1).
        Assert.Equal(0, Decode(DeploymentZeroReplicas)["spec"]!["replicas"]!.GetValue<int>());
    }

    [Fact]
    public void Job_and_CronJob_keep_commands_and_schedule()
    {
        var job = Decode(Job);
        var container = job["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("""["echo","hi"]""", container["command"]!.ToJsonString());
        Assert.Equal("Never", Text(job["spec"]!["template"]!["spec"]!["restartPolicy"]));

        var cron = Decode(CronJob);
        Assert.Equal("*/5 * * * *", Text(cron["spec"]!["schedule"]));
        var jobTemplate = cron["spec"]!["jobTemplate"]!;
        Assert.Equal("tick", Text(jobTemplate["metadata"]!["name"]));
        Assert.Equal("""["date"]""", jobTemplate["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.ToJsonString());
        Assert.Equal("OnFailure", Text(jobTemplate["spec"]!["template"]!["spec"]!["restartPolicy"]));
    }

    [Fact]
    public void Services_decode_ports_with_IntOrString_target_ports()
    {
        var svc = Decode(ServiceNodePort);
        Assert.Equal("NodePort", Text(svc["spec"]!["type"]));
        Assert.Equal("""[{"name":"80-8080","protocol":"TCP","port":80,"targetPort":8080,"nodePort":30080}]""", svc["spec"]!["ports"]!.ToJsonString());
        Assert.Equal("""{"app":"web"}""", svc["spec"]!["selector"]!.ToJsonString());

        var ext = Decode(ServiceExternalName);
        Assert.Equal("ExternalName", Text(ext["spec"]!["type"]));
        Assert.Equal("example.com", Text(ext["spec"]!["externalName"]));
    }

    [Fact]
    public void Autoscale_sends_an_autoscaling_v1_HorizontalPodAutoscaler()
    {
        var hpa = Decode(AutoscaleV1);
        Assert.Equal("autoscaling/v1", Text(hpa["apiVersion"]));
        Assert.Equal("""{"scaleTargetRef":{"kind":"Deployment","name":"web","apiVersion":"apps/v1"},"minReplicas":1,"maxReplicas":3,"targetCPUUtilizationPercentage":50}""",
            hpa["spec"]!.ToJsonString());
    }

    [Fact]
    public void Auth_can_i_sends_a_SelfSubjectAccessReview()
    {
        var review = Decode(SelfSubjectAccessReview);
        Assert.Equal("authorization.k8s.io/v1", Text(review["apiVersion"]));
        Assert.Equal("""{"namespace":"cap","verb":"create","resource":"pods"}""", review["spec"]!["resourceAttributes"]!.ToJsonString());
    }

    // Hand-built bodies: the k8s\0 envelope around a message built field by field.

    private static byte[] Varint(ulong v)
    {
        var bytes = new List<byte>();
        do { var b = (byte)(v & 0x7F); v >>= 7; bytes.Add(v != 0 ? (byte)(b | 0x80) : b); } while (v != 0);
        return [.. bytes];
    }

    private static byte[] Field(int number, byte[] payload) => [.. Varint((ulong)(number << 3 | 2)), .. Varint((ulong)payload.Length), .. payload];

    private static byte[] Field(int number, string text) => Field(number, System.Text.Encoding.UTF8.GetBytes(text));

    private static byte[] VarintField(int number, long value) => [.. Varint((ulong)(number << 3)), .. Varint(unchecked((ulong)value))];

    private static byte[] Envelope(string apiVersion, string kind, byte[] raw, string contentEncoding = "") =>
        [.. "k8s\0"u8, .. Field(1, [.. Field(1, apiVersion), .. Field(2, kind)]), .. Field(2, raw), .. Field(3, contentEncoding), .. Field(4, "")];

    [Fact]
    public void Packed_repeated_scalars_unknown_fields_and_times_decode()
    {
        // Pod: metadata{name, creationTimestamp{seconds}, field 99 (unknown)}, spec{containers[{name, ports[...]}],
        // terminationGracePeriodSeconds: -1 as a ten-byte varint}.
        var metadata = Field(1, [.. Field(1, "p"), .. Field(8, VarintField(1, 1735787045)), .. Field(99, "ignored")]);
        var container = Field(2, [.. Field(1, "c"), .. Field(2, "img")]);
        var spec = Field(2, [.. container, .. VarintField(4, -1)]);
        var pod = ProtobufDecoder.Decode(Envelope("v1", "Pod", [.. metadata, .. spec]));
        Assert.Equal("""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","creationTimestamp":"2025-01-02T03:04:05Z"},"spec":{"containers":[{"name":"c","image":"img"}],"terminationGracePeriodSeconds":-1}}""",
            pod.ToJsonString());

        // A packed repeated int32 (SupplementalGroups is int64 in PodSecurityContext field 4).
        var securityContext = Field(14, Field(4, [.. Varint(1000), .. Varint(2000)]));
        var packed = ProtobufDecoder.Decode(Envelope("v1", "Pod", Field(2, securityContext)));
        Assert.Equal("[1000,2000]", packed["spec"]!["securityContext"]!["supplementalGroups"]!.ToJsonString());
    }

    [Fact]
    public void Malformed_bodies_are_400_and_unsupported_kinds_415()
    {
        var notK8s = Assert.Throws<BadRequestException>(() => ProtobufDecoder.Decode("{}"u8));
        Assert.Contains("k8s\\x00", notK8s.Status.Message);

        var body = Convert.FromHexString(Deployment);
        var truncated = Assert.Throws<BadRequestException>(() => ProtobufDecoder.Decode(body.AsSpan(0, body.Length - 20)));
        Assert.Equal(400, truncated.Status.Code);
        Assert.Contains("could not be decoded", truncated.Status.Message);

        // A string field (ObjectMeta.name) sent as a varint.
        var wrongType = Assert.Throws<BadRequestException>(() => ProtobufDecoder.Decode(Envelope("v1", "ConfigMap", Field(1, VarintField(1, 5)))));
        Assert.Contains("field 1 (name) of meta/v1.ObjectMeta has wire type 0", wrongType.Status.Message);

        var unsupported = Assert.Throws<KubeCore.Api.NotSupportedException>(() => ProtobufDecoder.Decode(Envelope("apps/v1", "ReplicaSet", Field(1, Field(1, "rs")))));
        Assert.Equal(415, unsupported.Status.Code);
        Assert.Equal("UnsupportedMediaType", unsupported.Status.Reason);
        Assert.Contains("KubeCore does not decode apps/v1 ReplicaSet from application/vnd.kubernetes.protobuf; send it as application/json", unsupported.Status.Message);

        var gzip = Assert.Throws<KubeCore.Api.NotSupportedException>(() => ProtobufDecoder.Decode(Envelope("v1", "ConfigMap", [], "gzip")));
        Assert.Contains("content encoding \"gzip\"", gzip.Status.Message);
    }
}

/// <summary>
/// The real kubectl 1.32 against the API server: the commands that send protobuf bodies with no JSON fallback
/// (<c>create &lt;kind&gt;</c>, <c>autoscale</c>, <c>auth can-i</c>) succeed, and the objects read back as JSON carry what was asked.
/// </summary>
public sealed class ProtobufKubectlTests : ApiServerTest
{
    private Kubectl K => Kubectl;

    private async Task<JsonNode> GetJsonAsync(string path)
    {
        var (code, body, _) = await SendAsync(HttpMethod.Get, path, accept: "application/json");
        Assert.True(code == 200, $"GET {path}: {code} {body}");
        return JsonNode.Parse(body)!;
    }

    [Fact]
    public async Task Kubectl_create_commands_work_and_read_back_as_JSON()
    {
        // The create reply (JSON, though kubectl asked for protobuf first) is what kubectl prints with -o.
        Assert.Equal("team-a", await K.OkAsync("create namespace team-a -o jsonpath={.metadata.name}"));
        var ns = await GetJsonAsync("/api/v1/namespaces/team-a");
        Assert.Equal("Active", ns["status"]!["phase"]!.GetValue<string>());

        await K.OkAsync(["create", "configmap", "settings", "--from-literal=mode=fast", "--from-literal=empty=", "--from-file=notes.txt=" + WriteFile("notes.txt", "line 1\nline 2\n")]);
        var cm = await GetJsonAsync("/api/v1/namespaces/default/configmaps/settings");
        Assert.Equal("""{"empty":"","mode":"fast","notes.txt":"line 1\nline 2\n"}""", cm["data"]!.ToJsonString());

        await K.OkAsync("create secret generic creds --from-literal=user=admin --from-literal=pass=s3cr3t");
        var secret = await GetJsonAsync("/api/v1/namespaces/default/secrets/creds");
        Assert.Equal("Opaque", secret["type"]!.GetValue<string>());
        Assert.Equal(Convert.ToBase64String("s3cr3t"u8), secret["data"]!["pass"]!.GetValue<string>());

        var (cert, key) = SelfSignedPem();
        await K.OkAsync(["create", "secret", "tls", "web-tls", "--cert=" + WriteFile("tls.crt", cert), "--key=" + WriteFile("tls.key", key)]);
        var tls = await GetJsonAsync("/api/v1/namespaces/default/secrets/web-tls");
        Assert.Equal("kubernetes.io/tls", tls["type"]!.GetValue<string>());
        Assert.Equal(cert, System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(tls["data"]!["tls.crt"]!.GetValue<string>())));

        await K.OkAsync("create secret docker-registry regcred --docker-server=registry.example --docker-username=u --docker-password=p");
        var regcred = await GetJsonAsync("/api/v1/namespaces/default/secrets/regcred");
        Assert.Contains("registry.example", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(regcred["data"]![".dockerconfigjson"]!.GetValue<string>())));

        await K.OkAsync("create deployment web --image=nginx:1.27 --image=busybox:1.36 --replicas=3 --port=80");
        var deploy = await GetJsonAsync("/apis/apps/v1/namespaces/default/deployments/web");
        Assert.Equal(3, deploy["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal("web", deploy["spec"]!["selector"]!["matchLabels"]!["app"]!.GetValue<string>());
        var containers = deploy["spec"]!["template"]!["spec"]!["containers"]!.AsArray();
        Assert.Equal(["nginx:1.27", "busybox:1.36"], containers.Select(c => c!["image"]!.GetValue<string>()));
        Assert.Equal(80, containers[0]!["ports"]![0]!["containerPort"]!.GetValue<int>());
        await K.OkAsync("create deployment idle --image=busybox --replicas=0");
        Assert.Equal(0, (await GetJsonAsync("/apis/apps/v1/namespaces/default/deployments/idle"))["spec"]!["replicas"]!.GetValue<int>());

        await K.OkAsync(["create", "job", "hello", "--image=busybox", "--", "echo", "hi"]);
        var job = await GetJsonAsync("/apis/batch/v1/namespaces/default/jobs/hello");
        Assert.Equal("""["echo","hi"]""", job["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.ToJsonString());

        await K.OkAsync(["create", "cronjob", "tick", "--image=busybox", "--schedule=*/5 * * * *", "--", "date"]);
        var cron = await GetJsonAsync("/apis/batch/v1/namespaces/default/cronjobs/tick");
        Assert.Equal("*/5 * * * *", cron["spec"]!["schedule"]!.GetValue<string>());
        // create job --from GETs the CronJob as JSON and POSTs the Job as protobuf.
        await K.OkAsync("create job manual --from=cronjob/tick");
        var manual = await GetJsonAsync("/apis/batch/v1/namespaces/default/jobs/manual");
        Assert.Equal("""["date"]""", manual["spec"]!["template"]!["spec"]!["containers"]![0]!["command"]!.ToJsonString());
        Assert.Equal("tick", manual["metadata"]!["ownerReferences"]![0]!["name"]!.GetValue<string>());

        await K.OkAsync("create service clusterip web --tcp=80:8080");
        var clusterIp = await GetJsonAsync("/api/v1/namespaces/default/services/web");
        Assert.Equal("ClusterIP", clusterIp["spec"]!["type"]!.GetValue<string>());
        Assert.Equal(8080, clusterIp["spec"]!["ports"]![0]!["targetPort"]!.GetValue<int>());
        await K.OkAsync("create service nodeport web-np --tcp=80:8080 --node-port=30080");
        var nodePort = await GetJsonAsync("/api/v1/namespaces/default/services/web-np");
        Assert.Equal(30080, nodePort["spec"]!["ports"]![0]!["nodePort"]!.GetValue<int>());
        await K.OkAsync("create service loadbalancer web-lb --tcp=443:8443");
        Assert.Equal("LoadBalancer", (await GetJsonAsync("/api/v1/namespaces/default/services/web-lb"))["spec"]!["type"]!.GetValue<string>());
        await K.OkAsync("create service externalname ext --external-name=example.com");
        Assert.Equal("example.com", (await GetJsonAsync("/api/v1/namespaces/default/services/ext"))["spec"]!["externalName"]!.GetValue<string>());
    }

    [Fact]
    public async Task Kubectl_autoscale_creates_an_HPA_through_autoscaling_v1()
    {
        await K.OkAsync("create deployment web --image=nginx");
        Assert.Contains("horizontalpodautoscaler.autoscaling/web autoscaled", await K.OkAsync("autoscale deploy/web --min=1 --max=3 --cpu-percent=50"));

        var v2 = await GetJsonAsync("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web");
        Assert.Equal(3, v2["spec"]!["maxReplicas"]!.GetValue<int>());
        Assert.Equal("""[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}}]""", v2["spec"]!["metrics"]!.ToJsonString());

        var v1 = await GetJsonAsync("/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web");
        Assert.Equal("autoscaling/v1", v1["apiVersion"]!.GetValue<string>());
        Assert.Equal(50, v1["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
        Assert.Null(v1["spec"]!["metrics"]);

        // Updating through v1 keeps what v1 cannot express.
        var (code, body, _) = await SendAsync(HttpMethod.Patch, "/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web",
            """{"spec":{"metrics":[{"type":"Resource","resource":{"name":"cpu","target":{"type":"Utilization","averageUtilization":50}}},{"type":"Resource","resource":{"name":"memory","target":{"type":"AverageValue","averageValue":"100Mi"}}}]}}""",
            "application/merge-patch+json");
        Assert.True(code == 200, body);
        await K.OkAsync(["patch", "horizontalpodautoscalers.v1.autoscaling", "web", "--type=merge", "-p", """{"spec":{"targetCPUUtilizationPercentage":70}}"""]);
        var metrics = (await GetJsonAsync("/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers/web"))["spec"]!["metrics"]!.AsArray();
        Assert.Equal([70], metrics.Where(m => m!["resource"]!["name"]!.GetValue<string>() == "cpu").Select(m => m!["resource"]!["target"]!["averageUtilization"]!.GetValue<int>()));
        Assert.Equal("100Mi", metrics.Single(m => m!["resource"]!["name"]!.GetValue<string>() == "memory")!["resource"]!["target"]!["averageValue"]!.GetValue<string>());

        var list = await GetJsonAsync("/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers");
        Assert.Equal("HorizontalPodAutoscalerList", list["kind"]!.GetValue<string>());
        Assert.Equal(70, list["items"]![0]!["spec"]!["targetCPUUtilizationPercentage"]!.GetValue<int>());
        Assert.Contains("horizontalpodautoscalers", await K.OkAsync("api-resources --api-group=autoscaling"));
    }

    [Fact]
    public async Task Kubectl_auth_can_i_answers_yes()
    {
        Assert.Equal("yes", (await K.OkAsync("auth can-i create pods")).Trim());
        Assert.Equal("yes", (await K.OkAsync("auth can-i list deployments.apps -n kube-system")).Trim());
        Assert.Equal("yes", (await K.OkAsync("auth can-i get /healthz")).Trim());

        var (code, body, _) = await SendAsync(HttpMethod.Post, "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
            """{"apiVersion":"authorization.k8s.io/v1","kind":"SelfSubjectAccessReview","spec":{}}""");
        Assert.Equal(422, code);
        Assert.Contains("exactly one of nonResourceAttributes or resourceAttributes must be specified", body);
    }

    [Fact]
    public async Task A_protobuf_body_of_an_unsupported_kind_is_415()
    {
        // apps/v1 ReplicaSet {metadata {name: "rs"}} in the k8s\0 runtime.Unknown envelope.
        byte[] body = [.. "k8s\0"u8, 0x0a, 0x15, 0x0a, 0x07, .. "apps/v1"u8, 0x12, 0x0a, .. "ReplicaSet"u8, 0x12, 0x06, 0x0a, 0x04, 0x0a, 0x02, .. "rs"u8];
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/vnd.kubernetes.protobuf");
        using var response = await Http.PostAsync("/apis/apps/v1/namespaces/default/replicasets", content);
        var status = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(415, (int)response.StatusCode);
        Assert.Equal("Status", status["kind"]!.GetValue<string>());
        Assert.Equal("UnsupportedMediaType", status["reason"]!.GetValue<string>());
        Assert.StartsWith("KubeCore does not decode apps/v1 ReplicaSet from application/vnd.kubernetes.protobuf; send it as application/json",
            status["message"]!.GetValue<string>());
    }

    private string WriteFile(string name, string text)
    {
        var path = Path.Combine(KubectlDirectory, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static (string Cert, string Key) SelfSignedPem()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=web", rsa,
            System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return (cert.ExportCertificatePem() + "\n", rsa.ExportRSAPrivateKeyPem() + "\n");
    }
}
