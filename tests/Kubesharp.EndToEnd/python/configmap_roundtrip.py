"""Debian's python3-kubernetes against kubesharp: load the kubeconfig, list namespaces, then create,
read, patch and delete a ConfigMap in a new namespace. Prints one JSON line the C# test asserts on.

usage: /usr/bin/python3 configmap_roundtrip.py KUBECONFIG NAMESPACE
"""
import json
import sys

from kubernetes import client, config
from kubernetes.client.rest import ApiException

TIMEOUT = 20  # seconds, per request


def main() -> int:
    kubeconfig, namespace = sys.argv[1], sys.argv[2]
    config.load_kube_config(config_file=kubeconfig)
    core = client.CoreV1Api()
    result = {}

    namespaces = core.list_namespace(_request_timeout=TIMEOUT)
    result["namespaces"] = sorted(n.metadata.name for n in namespaces.items)
    result["list_resource_version"] = namespaces.metadata.resource_version

    core.create_namespace(client.V1Namespace(metadata=client.V1ObjectMeta(name=namespace)), _request_timeout=TIMEOUT)
    body = client.V1ConfigMap(metadata=client.V1ObjectMeta(name="settings", labels={"app": "py"}), data={"color": "blue"})
    created = core.create_namespaced_config_map(namespace, body, _request_timeout=TIMEOUT)
    result["created_uid"] = created.metadata.uid
    result["created_namespace"] = created.metadata.namespace

    read = core.read_namespaced_config_map("settings", namespace, _request_timeout=TIMEOUT)
    result["read_uid"] = read.metadata.uid
    result["read_color"] = read.data["color"]

    # A dict body: the client picks the patch content type itself (strategic merge for core kinds).
    patched = core.patch_namespaced_config_map("settings", namespace, {"data": {"color": "green"}}, _request_timeout=TIMEOUT)
    result["patched_color"] = patched.data["color"]

    core.delete_namespaced_config_map("settings", namespace, _request_timeout=TIMEOUT)
    try:
        core.read_namespaced_config_map("settings", namespace, _request_timeout=TIMEOUT)
        result["read_after_delete_status"] = 200
    except ApiException as e:
        result["read_after_delete_status"] = e.status
        result["read_after_delete_reason"] = json.loads(e.body).get("reason")

    print(json.dumps(result, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
