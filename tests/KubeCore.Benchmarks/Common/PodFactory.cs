using System.Text;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.Benchmarks.Common;

/// <summary>The pods every benchmark uses: a small one for throughput and a realistic one for JSON and memory.</summary>
public static class PodFactory
{
    public const string Namespace = "default";

    /// <summary>A minimal valid pod (one container) with <c>app=web-(i % 10)</c>, as a controller would create it.</summary>
    public static Pod Small(int i) => new()
    {
        Metadata = new ObjectMeta
        {
            Name = "pod-" + i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            Labels = new Dictionary<string, string> { ["app"] = "web-" + (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture) },
        },
        Spec = new PodSpec { Containers = [new Container { Name = "app", Image = "nginx:1.27" }] },
    };

    /// <summary>
    /// A realistic pod as kubectl would show it: labels, annotations, two containers with resources, probes, env and
    /// ports, volumes, affinity, and a running status with conditions and container statuses (about 4.5 KB of JSON).
    /// </summary>
    public static string RealisticJson(int i = 0)
    {
        var name = "web-7d9f8b6c5-" + i.ToString("x5", System.Globalization.CultureInfo.InvariantCulture);
        var app = "web-" + (i % 10).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return RealisticTemplate.Replace("{{name}}", name, StringComparison.Ordinal).Replace("{{app}}", app, StringComparison.Ordinal);
    }

    public static byte[] RealisticUtf8(int i = 0) => Encoding.UTF8.GetBytes(RealisticJson(i));

    /// <summary>The realistic pod decoded through KubeJson (a fresh object graph per call, as a request body would be).</summary>
    public static Pod Realistic(int i = 0) => KubeJson.Deserialize<Pod>(RealisticUtf8(i));

    private const string RealisticTemplate = """
    {
      "apiVersion": "v1",
      "kind": "Pod",
      "metadata": {
        "name": "{{name}}",
        "namespace": "default",
        "labels": {
          "app": "{{app}}",
          "pod-template-hash": "7d9f8b6c5",
          "app.kubernetes.io/name": "web",
          "app.kubernetes.io/version": "1.27.3",
          "tier": "frontend"
        },
        "annotations": {
          "kubectl.kubernetes.io/restartedAt": "2026-11-20T10:15:00Z",
          "prometheus.io/scrape": "true",
          "prometheus.io/port": "9090",
          "checksum/config": "3f7a9c1e0b5d2f8a6c4e1b9d7f3a5c8e2b6d4f1a9c7e5b3d8f2a6c4e1b9d7f3a"
        },
        "ownerReferences": [
          { "apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "web-7d9f8b6c5", "uid": "5b8f0c3e-2a41-4f7d-9b6e-1c3d5e7f9a0b", "controller": true, "blockOwnerDeletion": true }
        ]
      },
      "spec": {
        "volumes": [
          { "name": "config", "configMap": { "name": "web-config", "defaultMode": 420 } },
          { "name": "cache", "emptyDir": { "sizeLimit": "512Mi" } },
          { "name": "tls", "secret": { "secretName": "web-tls", "defaultMode": 256 } }
        ],
        "containers": [
          {
            "name": "web",
            "image": "registry.example.com/web/frontend:1.27.3",
            "args": ["--config=/etc/web/config.yaml", "--port=8080"],
            "ports": [
              { "name": "http", "containerPort": 8080, "protocol": "TCP" },
              { "name": "metrics", "containerPort": 9090, "protocol": "TCP" }
            ],
            "env": [
              { "name": "LOG_LEVEL", "value": "info" },
              { "name": "POD_NAME", "valueFrom": { "fieldRef": { "apiVersion": "v1", "fieldPath": "metadata.name" } } },
              { "name": "POD_IP", "valueFrom": { "fieldRef": { "apiVersion": "v1", "fieldPath": "status.podIP" } } },
              { "name": "DB_PASSWORD", "valueFrom": { "secretKeyRef": { "name": "web-db", "key": "password" } } }
            ],
            "resources": {
              "limits": { "cpu": "1", "memory": "512Mi" },
              "requests": { "cpu": "250m", "memory": "256Mi" }
            },
            "volumeMounts": [
              { "name": "config", "mountPath": "/etc/web", "readOnly": true },
              { "name": "cache", "mountPath": "/var/cache/web" },
              { "name": "tls", "mountPath": "/etc/tls", "readOnly": true }
            ],
            "livenessProbe": { "httpGet": { "path": "/healthz", "port": 8080, "scheme": "HTTP" }, "initialDelaySeconds": 10, "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3 },
            "readinessProbe": { "httpGet": { "path": "/ready", "port": "http", "scheme": "HTTP" }, "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3 },
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "imagePullPolicy": "IfNotPresent"
          },
          {
            "name": "sidecar",
            "image": "registry.example.com/infra/log-shipper:2.4.1",
            "ports": [ { "name": "admin", "containerPort": 2020, "protocol": "TCP" } ],
            "env": [ { "name": "OUTPUT", "value": "loki" }, { "name": "NODE_NAME", "valueFrom": { "fieldRef": { "apiVersion": "v1", "fieldPath": "spec.nodeName" } } } ],
            "resources": { "limits": { "cpu": "200m", "memory": "128Mi" }, "requests": { "cpu": "50m", "memory": "64Mi" } },
            "volumeMounts": [ { "name": "cache", "mountPath": "/var/cache/web", "readOnly": true } ],
            "livenessProbe": { "tcpSocket": { "port": 2020 }, "periodSeconds": 20, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3 },
            "terminationMessagePath": "/dev/termination-log",
            "terminationMessagePolicy": "File",
            "imagePullPolicy": "IfNotPresent"
          }
        ],
        "restartPolicy": "Always",
        "terminationGracePeriodSeconds": 30,
        "dnsPolicy": "ClusterFirst",
        "serviceAccountName": "web",
        "nodeName": "node-3",
        "schedulerName": "default-scheduler",
        "affinity": {
          "podAntiAffinity": {
            "preferredDuringSchedulingIgnoredDuringExecution": [
              { "weight": 100, "podAffinityTerm": { "labelSelector": { "matchLabels": { "app": "{{app}}" } }, "topologyKey": "kubernetes.io/hostname" } }
            ]
          },
          "nodeAffinity": {
            "requiredDuringSchedulingIgnoredDuringExecution": {
              "nodeSelectorTerms": [ { "matchExpressions": [ { "key": "kubernetes.io/os", "operator": "In", "values": ["linux"] } ] } ]
            }
          }
        },
        "tolerations": [
          { "key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300 },
          { "key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300 }
        ],
        "priority": 0,
        "enableServiceLinks": true,
        "preemptionPolicy": "PreemptLowerPriority"
      },
      "status": {
        "phase": "Running",
        "conditions": [
          { "type": "PodReadyToStartContainers", "status": "True", "lastTransitionTime": "2026-11-20T10:15:04Z" },
          { "type": "Initialized", "status": "True", "lastTransitionTime": "2026-11-20T10:15:02Z" },
          { "type": "Ready", "status": "True", "lastTransitionTime": "2026-11-20T10:15:16Z" },
          { "type": "ContainersReady", "status": "True", "lastTransitionTime": "2026-11-20T10:15:16Z" },
          { "type": "PodScheduled", "status": "True", "lastTransitionTime": "2026-11-20T10:15:01Z" }
        ],
        "hostIP": "10.0.3.17",
        "hostIPs": [ { "ip": "10.0.3.17" } ],
        "podIP": "10.244.3.41",
        "podIPs": [ { "ip": "10.244.3.41" } ],
        "startTime": "2026-11-20T10:15:01Z",
        "containerStatuses": [
          { "name": "sidecar", "state": { "running": { "startedAt": "2026-11-20T10:15:05Z" } }, "ready": true, "restartCount": 0, "image": "registry.example.com/infra/log-shipper:2.4.1", "imageID": "registry.example.com/infra/log-shipper@sha256:9b1e4f7a2c5d8e0b3f6a9c2d5e8f1a4b7c0d3e6f9a2b5c8d1e4f7a0b3c6d9e2f", "containerID": "containerd://a1b2c3d4e5f60718293a4b5c6d7e8f901a2b3c4d5e6f708192a3b4c5d6e7f809", "started": true },
          { "name": "web", "state": { "running": { "startedAt": "2026-11-20T10:15:04Z" } }, "ready": true, "restartCount": 0, "image": "registry.example.com/web/frontend:1.27.3", "imageID": "registry.example.com/web/frontend@sha256:4d7a0c3f6b9e2d5a8c1f4b7e0a3d6c9f2b5e8a1d4c7f0b3e6a9d2c5f8b1e4a7d", "containerID": "containerd://0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0", "started": true }
        ],
        "qosClass": "Burstable"
      }
    }
    """;
}
