"""Drives a cluster with Debian's python3-kubernetes the way an application would, printing one JSON line per step.

Usage: /usr/bin/python3 client.py KUBECONFIG NAMESPACE

ClientCompatibilityTests runs it against kubecore and asserts on the lines. Every step uses the client's typed API and
models (so a field the models require but the server leaves out fails deserialization), and the program exits non-zero
with the exception on the last line when a call fails.
"""
import json
import sys
import threading
import traceback

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException


def emit(step, **values):
    print(json.dumps({"step": step, **values}, separators=(",", ":")), flush=True)


def main(kubeconfig, ns):
    config.load_kube_config(config_file=kubeconfig)
    core = client.CoreV1Api()
    apps = client.AppsV1Api()

    emit("version", gitVersion=client.VersionApi().get_code().git_version)
    emit("list-namespaces", names=[n.metadata.name for n in core.list_namespace().items])
    nodes = core.list_node().items
    emit("list-nodes", names=[n.metadata.name for n in nodes], kubelet=[n.status.node_info.kubelet_version for n in nodes])

    created = core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
    emit("create-namespace", name=created.metadata.name, phase=created.status.phase)

    cm = core.create_namespaced_config_map(ns, client.V1ConfigMap(
        metadata=client.V1ObjectMeta(name="settings", labels={"app": "compat"}), data={"colour": "blue"}))
    emit("create-configmap", name=cm.metadata.name, uid=cm.metadata.uid, resourceVersion=cm.metadata.resource_version,
         created=cm.metadata.creation_timestamp.isoformat())

    # string_data is write-only: the server stores it base64-encoded under data.
    secret = core.create_namespaced_secret(ns, client.V1Secret(metadata=client.V1ObjectMeta(name="credentials"), string_data={"password": "s3cr3t"}))
    emit("create-secret", data=secret.data, stringData=secret.string_data)

    deployment = apps.create_namespaced_deployment(ns, client.V1Deployment(
        metadata=client.V1ObjectMeta(name="web"),
        spec=client.V1DeploymentSpec(
            replicas=1,
            selector=client.V1LabelSelector(match_labels={"app": "web"}),
            template=client.V1PodTemplateSpec(
                metadata=client.V1ObjectMeta(labels={"app": "web"}),
                spec=client.V1PodSpec(containers=[client.V1Container(name="web", image="nginx:1.27")])))))
    emit("create-deployment", name=deployment.metadata.name, generation=deployment.metadata.generation)

    # A dict body goes out as a strategic merge patch, a list as a JSON patch (the client picks the content type).
    patched = core.patch_namespaced_config_map("settings", ns, {"data": {"size": "large"}})
    emit("patch-configmap", data=patched.data)
    scaled = apps.patch_namespaced_deployment("web", ns, [{"op": "replace", "path": "/spec/replicas", "value": 2}])
    emit("patch-deployment", replicas=scaled.spec.replicas, generation=scaled.metadata.generation)

    # Watch ConfigMaps from the current state: the synthetic ADDED for "settings" shows the watch is open, and the
    # changes made from then on (on another thread) must arrive as ADDED, MODIFIED and DELETED.
    events = []
    changer = None
    w = watch.Watch()
    for event in w.stream(core.list_namespaced_config_map, ns, timeout_seconds=30):
        name = event["object"].metadata.name
        if name == "settings" and changer is None:
            def change():
                c = client.CoreV1Api()
                c.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="watched"), data={"v": "1"}))
                c.patch_namespaced_config_map("watched", ns, {"data": {"v": "2"}})
                c.delete_namespaced_config_map("watched", ns)
            changer = threading.Thread(target=change)
            changer.start()
        if name == "watched":
            events.append([event["type"], event["object"].data.get("v") if event["object"].data else None])
            if event["type"] == "DELETED":
                w.stop()
    if changer is not None:
        changer.join()
    emit("watch-configmaps", events=events)

    # A watch with timeoutSeconds and nothing happening ends when the server's timer fires.
    rv = core.list_namespaced_config_map(ns).metadata.resource_version
    quiet = [e["type"] for e in watch.Watch().stream(core.list_namespaced_config_map, ns, resource_version=rv, timeout_seconds=1)]
    emit("watch-timeout", events=quiet)

    # The deployment's pods, as the controllers and simulated kubelets bring them up, seen through a pod watch.
    running = set()
    w = watch.Watch()
    for event in w.stream(core.list_namespaced_pod, ns, label_selector="app=web", timeout_seconds=60):
        pod = event["object"]
        if event["type"] != "DELETED" and pod.status.phase == "Running":
            running.add(pod.metadata.name)
        if len(running) >= 2:
            w.stop()
    pods = core.list_namespaced_pod(ns, label_selector="app=web").items
    emit("list-pods", running=len(running), pods=sorted([p.metadata.name, p.status.phase, p.spec.node_name] for p in pods))

    status = core.delete_namespaced_config_map("settings", ns)
    emit("delete-configmap", status=status.status, kind=status.kind)
    try:
        core.read_namespaced_config_map("settings", ns)
        emit("read-deleted", code=200)
    except ApiException as e:
        body = json.loads(e.body)
        emit("read-deleted", code=e.status, reason=body["reason"], message=body["message"])
    try:
        core.create_namespaced_config_map(ns, client.V1ConfigMap(metadata=client.V1ObjectMeta(name="Not_Valid")))
        emit("create-invalid", code=201)
    except ApiException as e:
        emit("create-invalid", code=e.status, reason=json.loads(e.body)["reason"])
    deleted = apps.delete_namespaced_deployment("web", ns, propagation_policy="Background")
    emit("delete-deployment", status=deleted.status)
    # A namespace is not gone at once: kube-apiserver answers with the object, now Terminating, which this client
    # (declaring a V1Status return type) reads as a Status whose status is the namespace's.
    core.delete_namespace(ns)
    try:
        emit("delete-namespace", phase=core.read_namespace(ns).status.phase)
    except ApiException as e:
        emit("delete-namespace", code=e.status)


if __name__ == "__main__":
    try:
        main(sys.argv[1], sys.argv[2])
    except Exception as e:  # the test shows this line when a step fails
        emit("error", type=type(e).__name__, message=str(e), trace=traceback.format_exc())
        sys.exit(1)
