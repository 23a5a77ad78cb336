using Kubesharp.Kubelet.Tests.Probes;

namespace Kubesharp.Kubelet.Tests.Pods;

/// <summary>The manifest <see cref="KubeletPodFeaturesTests"/> applies: one pod per feature of the issue, all at once.</summary>
internal static class FeaturePods
{
    public const int GrpcPort = 50051;
    public const string FolderImage = "docker.io/kubesharp/folder-image:1.0";
    public const string CliImage = "docker.io/kubesharp/cli-image:2.0";

    /// <summary>Everything but the pod whose image the test imports with the CLI after start.</summary>
    public static string Manifest(string hostDirectory) => $$$$"""
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: app-config}
        data: {mode: prod, greeting.txt: hello from a configmap}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: app-secret}
        stringData: {password: hunter2}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: backend}
        spec:
          selector: {app: nothing}
          ports: [{name: redis, port: 6379}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: features, labels: {app: features, tier: test}}
        spec:
          terminationGracePeriodSeconds: 20
          initContainers:
          - name: init-one
            image: busybox
            command: [sh, -c, "echo one >> /work/order"]
            volumeMounts: [{name: work, mountPath: /work}]
          - name: init-two
            image: busybox
            command: [sh, -c, "echo two >> /work/order"]
            volumeMounts: [{name: work, mountPath: /work}]
          containers:
          - name: main
            image: busybox
            command: [sh, -c, "trap 'echo term > /host/term; exit 0' TERM; sleep 2; touch /tmp/alive; while true; do sleep 0.2; done"]
            env:
            - {name: MODE, valueFrom: {configMapKeyRef: {name: app-config, key: mode}}}
            - {name: PASSWORD, valueFrom: {secretKeyRef: {name: app-secret, key: password}}}
            - {name: POD_NAME, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
            - {name: POD_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
            - {name: NODE, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}
            - {name: MEM_LIMIT_MI, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}}
            - {name: GREETING, value: "mode=$(MODE)"}
            resources:
              requests: {cpu: 100m, memory: 32Mi}
              limits: {cpu: 250m, memory: 64Mi}
            lifecycle:
              postStart: {exec: {command: [sh, -c, "echo started > /work/poststart"]}}
              preStop: {exec: {command: [sh, -c, "echo prestop > /host/prestop"]}}
            startupProbe: {exec: {command: [test, -f, /tmp/alive]}, periodSeconds: 1, failureThreshold: 30}
            readinessProbe: {exec: {command: [test, -f, /tmp/alive]}, periodSeconds: 1}
            volumeMounts:
            - {name: work, mountPath: /work}
            - {name: mem, mountPath: /mem}
            - {name: config, mountPath: /etc/config}
            - {name: secret, mountPath: /etc/secret}
            - {name: podinfo, mountPath: /etc/podinfo}
            - {name: token, mountPath: /var/run/secrets/tokens}
            - {name: host, mountPath: /host}
          volumes:
          - {name: work, emptyDir: {}}
          - {name: mem, emptyDir: {medium: Memory, sizeLimit: 16Mi}}
          - {name: config, configMap: {name: app-config}}
          - {name: secret, secret: {secretName: app-secret}}
          - name: podinfo
            downwardAPI:
              items:
              - {path: labels, fieldRef: {fieldPath: metadata.labels}}
              - {path: cpu_limit, resourceFieldRef: {containerName: main, resource: limits.cpu, divisor: 1m}}
          - name: token
            projected:
              sources: [{serviceAccountToken: {path: token, expirationSeconds: 3600, audience: features-test}}]
          - {name: host, hostPath: {path: {{{{hostDirectory}}}}, type: DirectoryOrCreate}}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: web}
        spec:
          containers:
          - name: web
            image: docker.io/kubesharp/httpd:latest
            readinessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 1}
            livenessProbe: {tcpSocket: {port: 80}, periodSeconds: 1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: unhealthy}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: busybox
            command: [sleep, "3600"]
            livenessProbe: {httpGet: {path: /healthz, port: 8080}, periodSeconds: 1, failureThreshold: 2}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: grpc-ok}
        spec:
          containers:
          - name: app
            image: busybox
            command: [sh, -c, {{{{Quoted(BusyboxGrpcHealth.ServeCommand(1, GrpcPort))}}}}]
            readinessProbe: {grpc: {port: {{{{GrpcPort}}}} }, periodSeconds: 1}
            livenessProbe: {grpc: {port: {{{{GrpcPort}}}}, service: liveness}, periodSeconds: 1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: grpc-sick}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - name: app
            image: busybox
            command: [sh, -c, {{{{Quoted(BusyboxGrpcHealth.ServeCommand(2, GrpcPort))}}}}]
            readinessProbe: {grpc: {port: {{{{GrpcPort}}}} }, periodSeconds: 1}
            livenessProbe: {grpc: {port: {{{{GrpcPort}}}} }, periodSeconds: 1, failureThreshold: 2, initialDelaySeconds: 1}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: crasher}
        spec:
          containers:
          - {name: app, image: busybox, command: [sh, -c, "sleep 1; exit 3"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: done-ok}
        spec:
          restartPolicy: Never
          containers:
          - {name: app, image: busybox, command: [sh, -c, "echo done"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: done-fail}
        spec:
          restartPolicy: Never
          containers:
          - {name: app, image: busybox, command: [sh, -c, "exit 1"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: on-failure}
        spec:
          restartPolicy: OnFailure
          containers:
          - name: app
            image: busybox
            command: [sh, -c, "if [ -f /work/ran ]; then exit 0; fi; touch /work/ran; exit 1"]
            volumeMounts: [{name: work, mountPath: /work}]
          volumes: [{name: work, emptyDir: {}}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: stubborn}
        spec:
          terminationGracePeriodSeconds: 3
          containers:
          - {name: app, image: busybox, command: [sh, -c, "trap '' TERM; while true; do sleep 1; done"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: hostnet}
        spec:
          hostNetwork: true
          containers:
          - {name: app, image: busybox, command: [sleep, "3600"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: logger}
        spec:
          containers:
          - {name: a, image: busybox, command: [sh, -c, "echo early; sleep 3; echo late; exec sleep 3600"]}
          - {name: b, image: busybox, command: [sh, -c, "echo from b; exec sleep 3600"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: talker}
        spec:
          terminationGracePeriodSeconds: 1
          containers:
          - {name: app, image: busybox, command: [sh, -c, "i=0; while true; do echo talk $i; i=$((i+1)); sleep 0.2; done"]}
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: folder}
        spec:
          containers:
          - {name: app, image: {{{{FolderImage}}}}, imagePullPolicy: IfNotPresent, command: [sleep, "3600"]}
        """;

    public static string CliPod => $$$$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: cli-imported}
        spec:
          containers:
          - {name: app, image: {{{{CliImage}}}}, imagePullPolicy: IfNotPresent, command: [sleep, "3600"]}
        """;

    // A YAML double-quoted scalar: the script has quotes, newlines and backslashes.
    private static string Quoted(string text) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal) + "\"";
}
