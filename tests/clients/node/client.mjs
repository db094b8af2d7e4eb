// Drives a cluster with npm's @kubernetes/client-node the way an application would, printing one JSON line per step.
//
// Usage: node client.mjs KUBECONFIG NAMESPACE
//
// ClientCompatibilityTests runs it against kubecore and asserts on the lines. A failing call ends the program with a
// non-zero exit code and an "error" line carrying the server's answer.
import * as k8s from '@kubernetes/client-node';

const [kubeconfig, ns] = process.argv.slice(2);
const emit = (step, values = {}) => console.log(JSON.stringify({ step, ...values }));

async function main() {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(kubeconfig);
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const apps = kc.makeApiClient(k8s.AppsV1Api);

    emit('version', { gitVersion: (await kc.makeApiClient(k8s.VersionApi).getCode()).gitVersion });
    emit('list-namespaces', { names: (await core.listNamespace()).items.map((n) => n.metadata.name) });
    emit('list-nodes', { names: (await core.listNode()).items.map((n) => n.metadata.name) });

    const created = await core.createNamespace({ body: { metadata: { name: ns } } });
    emit('create-namespace', { name: created.metadata.name, phase: created.status?.phase });

    const cm = await core.createNamespacedConfigMap({
        namespace: ns,
        body: { metadata: { name: 'settings', labels: { app: 'compat' } }, data: { colour: 'blue' } },
    });
    emit('create-configmap', {
        name: cm.metadata.name, uid: cm.metadata.uid, resourceVersion: cm.metadata.resourceVersion,
        created: cm.metadata.creationTimestamp instanceof Date ? cm.metadata.creationTimestamp.toISOString() : null,
    });

    const deployment = await apps.createNamespacedDeployment({
        namespace: ns,
        body: {
            metadata: { name: 'web' },
            spec: {
                replicas: 1,
                selector: { matchLabels: { app: 'web' } },
                template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } },
            },
        },
    });
    emit('create-deployment', { name: deployment.metadata.name, generation: deployment.metadata.generation });

    // client-node's default patch type is JSON patch; merge patch is chosen with a header option.
    const patched = await core.patchNamespacedConfigMap({
        name: 'settings', namespace: ns, body: [{ op: 'add', path: '/data/size', value: 'large' }],
    });
    emit('patch-configmap', { data: patched.data });
    const scaled = await apps.patchNamespacedDeployment(
        { name: 'web', namespace: ns, body: { spec: { replicas: 2 } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
    emit('patch-deployment', { replicas: scaled.spec.replicas, generation: scaled.metadata.generation });

    // Watch ConfigMaps from the current state: the synthetic ADDED for "settings" shows the watch is open, and the
    // changes made from then on must arrive as ADDED, MODIFIED and DELETED.
    const events = await new Promise((resolve, reject) => {
        const seen = [];
        let changing = null;
        let request;
        const watcher = new k8s.Watch(kc);
        watcher.watch(`/api/v1/namespaces/${ns}/configmaps`, { timeoutSeconds: 30 }, (type, obj) => {
            if (obj.metadata.name === 'settings' && changing === null) {
                changing = (async () => {
                    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'watched' }, data: { v: '1' } } });
                    await core.patchNamespacedConfigMap({ name: 'watched', namespace: ns, body: [{ op: 'replace', path: '/data/v', value: '2' }] });
                    await core.deleteNamespacedConfigMap({ name: 'watched', namespace: ns });
                })().catch(reject);
            }
            if (obj.metadata.name === 'watched') {
                seen.push([type, obj.data?.v ?? null]);
                if (type === 'DELETED') Promise.resolve(request).then((r) => r.abort());
            }
        }, (err) => (err && err.name !== 'AbortError' ? reject(err) : Promise.resolve(changing).then(() => resolve(seen))))
            .then((r) => { request = r; }, reject);
    });
    emit('watch-configmaps', { events });

    // A watch with timeoutSeconds and nothing happening ends when the server's timer fires.
    const rv = (await core.listNamespacedConfigMap({ namespace: ns })).metadata.resourceVersion;
    const quiet = await new Promise((resolve, reject) => {
        const seen = [];
        new k8s.Watch(kc).watch(`/api/v1/namespaces/${ns}/configmaps`, { resourceVersion: rv, timeoutSeconds: 1 },
            (type) => seen.push(type), (err) => (err ? reject(err) : resolve(seen))).catch(reject);
    });
    emit('watch-timeout', { events: quiet });

    // An informer (list, then watch from the list's resourceVersion) keeping a cache of the namespace's ConfigMaps.
    const informer = k8s.makeInformer(kc, `/api/v1/namespaces/${ns}/configmaps`, () => core.listNamespacedConfigMap({ namespace: ns }));
    const informed = [];
    const deletedSeen = new Promise((resolve, reject) => {
        informer.on('add', (o) => informed.push(['add', o.metadata.name]));
        informer.on('update', (o) => informed.push(['update', o.metadata.name, o.data?.v ?? null]));
        informer.on('delete', (o) => { informed.push(['delete', o.metadata.name]); if (o.metadata.name === 'informed') resolve(); });
        informer.on('error', reject);
    });
    await informer.start();
    await core.createNamespacedConfigMap({ namespace: ns, body: { metadata: { name: 'informed' }, data: { v: '1' } } });
    await core.patchNamespacedConfigMap({ name: 'informed', namespace: ns, body: [{ op: 'replace', path: '/data/v', value: '2' }] });
    await core.deleteNamespacedConfigMap({ name: 'informed', namespace: ns });
    await deletedSeen;
    emit('informer', { events: informed, cached: informer.list().map((o) => o.metadata.name) });
    await informer.stop();

    // The generic client: kind to plural through the per-group-version discovery documents.
    const objects = k8s.KubernetesObjectApi.makeApiClient(kc);
    const svc = await objects.create({
        apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
    });
    const read = await objects.read({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns } });
    emit('generic-service', { name: svc.metadata.name, kind: read.kind, ports: read.spec.ports.map((p) => p.port) });
    await objects.delete({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns } });

    const status = await core.deleteNamespacedConfigMap({ name: 'settings', namespace: ns });
    emit('delete-configmap', { status: status.status, kind: status.kind });
    try {
        await core.readNamespacedConfigMap({ name: 'settings', namespace: ns });
        emit('read-deleted', { code: 200 });
    } catch (e) {
        const body = JSON.parse(e.body);
        emit('read-deleted', { code: e.code, reason: body.reason, message: body.message });
    }
    const deleted = await apps.deleteNamespacedDeployment({ name: 'web', namespace: ns, propagationPolicy: 'Background' });
    emit('delete-deployment', { status: deleted.status });
    // A namespace is not gone at once: kube-apiserver answers with the object, now Terminating.
    await core.deleteNamespace({ name: ns });
    try {
        emit('delete-namespace', { phase: (await core.readNamespace({ name: ns })).status.phase });
    } catch (e) {
        emit('delete-namespace', { code: e.code });
    }
}

main().catch((e) => {
    emit('error', { type: e?.constructor?.name, message: String(e?.message ?? e), code: e?.code ?? null, body: e?.body ?? null });
    process.exit(1);
});
