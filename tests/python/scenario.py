#!/usr/bin/python3
"""A scenario for the official Kubernetes Python client against Kubedeck.

Usage: scenario.py KUBECONFIG NAMESPACE NODE_NAME

Each step prints "ok <step>" when it holds, or raises (non-zero exit). The
410 step prints "NEED_COMPACTION" and waits for a line on stdin, so the
harness can compact the store's history first.
"""
import sys
import time

from kubernetes import client, config, watch
from kubernetes.client.rest import ApiException
from kubernetes.stream import stream

kubeconfig, ns, node = sys.argv[1], sys.argv[2], sys.argv[3]
config.load_kube_config(config_file=kubeconfig)
v1 = client.CoreV1Api()
apps = client.AppsV1Api()


def ok(step):
    print("ok " + step, flush=True)


def poll(check, what, timeout=60):
    """poll calls check until it returns something truthy or the deadline passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for " + what)
        time.sleep(0.2)


def expect_status(code, fn, *args, **kwargs):
    try:
        fn(*args, **kwargs)
    except ApiException as e:
        assert e.status == code, "expected %d, got %d: %s" % (code, e.status, e.body)
        return e
    raise AssertionError("expected HTTP %d from %s" % (code, fn.__name__))


def cm(name, data, labels=None):
    return client.V1ConfigMap(metadata=client.V1ObjectMeta(name=name, labels=labels or {}), data=data)


# Namespace and create/read.
v1.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=ns)))
created = v1.create_namespaced_config_map(ns, cm("cm1", {"a": "1"}))
read = v1.read_namespaced_config_map("cm1", ns)
assert read.data == {"a": "1"} and read.metadata.uid == created.metadata.uid
expect_status(409, v1.create_namespaced_config_map, ns, cm("cm1", {}))
expect_status(404, v1.read_namespaced_config_map, "missing", ns)
ok("create-read")

# Patch (the client sends a strategic merge patch for a dict body), then replace: current wins, stale conflicts.
patched = v1.patch_namespaced_config_map("cm1", ns, {"data": {"b": "2"}, "metadata": {"labels": {"patched": "yes"}}})
assert patched.data == {"a": "1", "b": "2"} and patched.metadata.labels["patched"] == "yes"
patched.data["c"] = "3"
replaced = v1.replace_namespaced_config_map("cm1", ns, patched)
assert replaced.data["c"] == "3" and replaced.metadata.resource_version != patched.metadata.resource_version
e = expect_status(409, v1.replace_namespaced_config_map, "cm1", ns, patched)  # patched still carries the old resourceVersion
assert "the object has been modified" in e.body, e.body
json_patched = v1.patch_namespaced_config_map("cm1", ns, [{"op": "replace", "path": "/data/a", "value": "one"}])
assert json_patched.data["a"] == "one"
ok("patch-replace-conflict")

# List pagination with limit and continue.
for i in range(7):
    v1.create_namespaced_config_map(ns, cm("page-%d" % i, {"i": str(i)}, {"page": "yes"}))
names, token, pages = [], None, 0
while True:
    kwargs = {"label_selector": "page=yes", "limit": 3}
    if token:
        kwargs["_continue"] = token
    page = v1.list_namespaced_config_map(ns, **kwargs)
    pages += 1
    assert len(page.items) <= 3
    names += [c.metadata.name for c in page.items]
    token = page.metadata._continue
    if not token:
        break
assert pages == 3 and sorted(names) == ["page-%d" % i for i in range(7)], (pages, names)
ok("list-pagination")

# Watch: add, modify, delete from a list's resourceVersion; then resume from the MODIFIED event's.
start_rv = v1.list_namespaced_config_map(ns, label_selector="watch=yes").metadata.resource_version
v1.create_namespaced_config_map(ns, cm("w1", {"v": "1"}, {"watch": "yes"}))
v1.patch_namespaced_config_map("w1", ns, {"data": {"v": "2"}})
v1.delete_namespaced_config_map("w1", ns)
w = watch.Watch()
events = []
for ev in w.stream(v1.list_namespaced_config_map, ns, label_selector="watch=yes", resource_version=start_rv, timeout_seconds=20):
    events.append((ev["type"], ev["object"].metadata.name, ev["object"].metadata.resource_version, ev["object"].data))
    if ev["type"] == "DELETED":
        w.stop()
assert [t for t, *_ in events] == ["ADDED", "MODIFIED", "DELETED"], events
assert events[1][3] == {"v": "2"}
modified_rv = events[1][2]
w = watch.Watch()
resumed = []
for ev in w.stream(v1.list_namespaced_config_map, ns, label_selector="watch=yes", resource_version=modified_rv, timeout_seconds=20):
    resumed.append(ev["type"])
    w.stop()
assert resumed == ["DELETED"], resumed
ok("watch-resume")

# 410: once history is compacted, a watch from the old resourceVersion gets Expired.
print("NEED_COMPACTION", flush=True)
sys.stdin.readline()
try:
    for _ in watch.Watch().stream(v1.list_namespaced_config_map, ns, resource_version=start_rv, timeout_seconds=10):
        pass
    raise AssertionError("a watch from a compacted resourceVersion was not refused")
except ApiException as e:
    assert e.status == 410, (e.status, e.reason)
# What an informer does next: relist, and watch from the new resourceVersion.
fresh = v1.list_namespaced_config_map(ns)
assert len(fresh.items) == 8
ok("watch-410-relist")

# Scale subresource of a Deployment.
labels = {"app": "py-web"}
dep = client.V1Deployment(
    metadata=client.V1ObjectMeta(name="py-web"),
    spec=client.V1DeploymentSpec(
        replicas=1,
        selector=client.V1LabelSelector(match_labels=labels),
        template=client.V1PodTemplateSpec(
            metadata=client.V1ObjectMeta(labels=labels),
            spec=client.V1PodSpec(
                node_name=node,
                termination_grace_period_seconds=1,
                containers=[client.V1Container(name="main", image="busybox:latest", image_pull_policy="IfNotPresent", command=["sleep", "3600"])],
            ),
        ),
    ),
)
apps.create_namespaced_deployment(ns, dep)
scale = apps.read_namespaced_deployment_scale("py-web", ns)
assert scale.spec.replicas == 1 and scale.kind == "Scale"
apps.patch_namespaced_deployment_scale("py-web", ns, {"spec": {"replicas": 2}})
assert apps.read_namespaced_deployment("py-web", ns).spec.replicas == 2
scale = apps.read_namespaced_deployment_scale("py-web", ns)
scale.spec.replicas = 0
apps.replace_namespaced_deployment_scale("py-web", ns, scale)
assert apps.read_namespaced_deployment("py-web", ns).spec.replicas == 0
ok("scale")

# Logs and exec of a running pod.
pod = client.V1Pod(
    metadata=client.V1ObjectMeta(name="talker"),
    spec=client.V1PodSpec(
        node_name=node,
        termination_grace_period_seconds=1,
        containers=[client.V1Container(name="main", image="busybox:latest", image_pull_policy="IfNotPresent", command=["sh", "-c", "echo hello-from-python-scenario; exec sleep 3600"])],
    ),
)
v1.create_namespaced_pod(ns, pod)
poll(lambda: v1.read_namespaced_pod("talker", ns).status.phase == "Running", "pod talker Running")
logs = poll(lambda: v1.read_namespaced_pod_log("talker", ns), "talker's log")
assert "hello-from-python-scenario" in logs, logs
out = stream(v1.connect_get_namespaced_pod_exec, "talker", ns, command=["sh", "-c", "echo out-$((6*7))"], stderr=True, stdin=False, stdout=True, tty=False)
assert out.strip() == "out-42", repr(out)
resp = stream(v1.connect_get_namespaced_pod_exec, "talker", ns, command=["sh", "-c", "echo to-stderr >&2; exit 3"], stderr=True, stdin=False, stdout=True, tty=False, _preload_content=False)
resp.run_forever(timeout=20)
err = resp.read_stderr()
assert "to-stderr" in err, repr(err)
assert resp.returncode == 3, resp.returncode
resp.close()
ok("logs-exec")

# Delete with propagation: Orphan keeps the dependent (ownerReference removed); Foreground removes it first.
owner = v1.create_namespaced_config_map(ns, cm("owner", {}))
ref = client.V1OwnerReference(api_version="v1", kind="ConfigMap", name="owner", uid=owner.metadata.uid)
dependent = cm("dependent", {})
dependent.metadata.owner_references = [ref]
v1.create_namespaced_config_map(ns, dependent)
v1.delete_namespaced_config_map("owner", ns, body=client.V1DeleteOptions(propagation_policy="Orphan"))
poll(lambda: not v1.read_namespaced_config_map("dependent", ns).metadata.owner_references, "dependent orphaned")
expect_status(404, v1.read_namespaced_config_map, "owner", ns)
owner = v1.create_namespaced_config_map(ns, cm("owner2", {}))
dependent = cm("dependent2", {})
dependent.metadata.owner_references = [client.V1OwnerReference(api_version="v1", kind="ConfigMap", name="owner2", uid=owner.metadata.uid, block_owner_deletion=True)]
v1.create_namespaced_config_map(ns, dependent)
v1.delete_namespaced_config_map("owner2", ns, propagation_policy="Foreground")


def gone(name):
    try:
        v1.read_namespaced_config_map(name, ns)
        return False
    except ApiException as e:
        return e.status == 404


poll(lambda: gone("dependent2") and gone("owner2"), "foreground deletion of owner2 and dependent2")
apps.delete_namespaced_deployment("py-web", ns, propagation_policy="Background")
poll(lambda: not apps.list_namespaced_replica_set(ns, label_selector="app=py-web").items, "the Deployment's ReplicaSets collected")
ok("delete-propagation")

v1.delete_namespace(ns)
print("scenario passed", flush=True)
