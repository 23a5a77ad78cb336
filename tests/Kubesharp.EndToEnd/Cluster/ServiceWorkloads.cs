namespace Kubesharp.EndToEnd.Cluster;

/// <summary>
/// What the cluster test deploys: web (3 httpd pods that serve their own host name) behind ClusterIP,
/// NodePort and LoadBalancer Services; a headless Service with a StatefulSet; an ExternalName
/// Service; a selector-less Service (its Endpoints are written by the test); a busybox client pod.
/// </summary>
internal static class ServiceWorkloads
{
    public const string NodeAddress = "192.168.5.10";
    public const int NodePort = 30080;
    public const int LoadBalancerPort = 8081;

    public const string Manifest = """
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: kubesharp/httpd
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]
        ports: [{containerPort: 8080, name: http}]
        readinessProbe: {httpGet: {path: /, port: http}, periodSeconds: 1}
---
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  selector: {app: web}
  ports: [{port: 80, targetPort: http, name: http}]
---
apiVersion: v1
kind: Service
metadata: {name: web-np}
spec:
  type: NodePort
  selector: {app: web}
  ports: [{port: 80, targetPort: 8080, nodePort: 30080}]
---
apiVersion: v1
kind: Service
metadata: {name: web-lb}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 8081, targetPort: 8080}]
---
apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  clusterIP: None
  selector: {app: db}
  ports: [{port: 8080, name: http}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: db}
spec:
  serviceName: db
  replicas: 2
  selector: {matchLabels: {app: db}}
  template:
    metadata: {labels: {app: db}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: httpd
        image: kubesharp/httpd
        imagePullPolicy: IfNotPresent
        command: ["sh", "-c", "hostname > /www/index.html && exec httpd -f -p 8080 -h /www"]
---
apiVersion: v1
kind: Service
metadata: {name: ext}
spec:
  type: ExternalName
  externalName: example.com
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  terminationGracePeriodSeconds: 1
  containers:
  - name: c
    image: busybox
    imagePullPolicy: IfNotPresent
    command: ["sleep", "3600"]
---
apiVersion: v1
kind: Service
metadata: {name: manual}
spec:
  ports: [{port: 80, targetPort: 8080, name: http}]
""";

    /// <summary>Hand-written Endpoints for the selector-less Service <c>manual</c>, pointing at one pod IP (mirrored into a slice).</summary>
    public static string ManualEndpoints(string podIp) => $$"""
apiVersion: v1
kind: Endpoints
metadata: {name: manual}
subsets:
- addresses: [{ip: "{{podIp}}"}]
  ports: [{name: http, port: 8080, protocol: TCP}]
""";
}
