using Google.Protobuf.Collections;

namespace Kubesharp.Kubelet.Cri;

/// <summary>Translates between Kubesharp's CRI records and the generated v1 messages.</summary>
internal static class CriMapper
{
    public static V1.PodSandboxConfig ToConfig(PodSandboxSpec spec)
    {
        var config = new V1.PodSandboxConfig
        {
            Metadata = new V1.PodSandboxMetadata { Name = spec.Name, Namespace = spec.Namespace, Uid = spec.Uid, Attempt = spec.Attempt },
            Hostname = spec.Hostname,
            LogDirectory = spec.LogDirectory,
            Linux = new V1.LinuxPodSandboxConfig
            {
                CgroupParent = spec.CgroupParent,
                SecurityContext = new V1.LinuxSandboxSecurityContext
                {
                    NamespaceOptions = new V1.NamespaceOption
                    {
                        Network = spec.Network == PodNetworkMode.Node ? V1.NamespaceMode.Node : V1.NamespaceMode.Pod,
                        Pid = V1.NamespaceMode.Container,
                        Ipc = V1.NamespaceMode.Pod,
                    },
                },
            },
        };
        AddAll(config.Labels, spec.Labels);
        AddAll(config.Annotations, spec.Annotations);
        foreach (var port in spec.PortMappings)
        {
            config.PortMappings.Add(new V1.PortMapping
            {
                ContainerPort = port.ContainerPort,
                HostPort = port.HostPort,
                HostIp = port.HostIp,
                Protocol = ToProtocol(port.Protocol),
            });
        }

        if (spec.Dns is { } dns)
        {
            config.DnsConfig = new V1.DNSConfig();
            config.DnsConfig.Servers.Add(dns.Servers);
            config.DnsConfig.Searches.Add(dns.Searches);
            config.DnsConfig.Options.Add(dns.Options);
        }

        return config;
    }

    public static V1.ContainerConfig ToConfig(ContainerSpec spec)
    {
        var config = new V1.ContainerConfig
        {
            Metadata = new V1.ContainerMetadata { Name = spec.Name, Attempt = spec.Attempt },
            Image = new V1.ImageSpec { Image = spec.Image },
            WorkingDir = spec.WorkingDir,
            LogPath = spec.LogPath,
            Stdin = spec.Io.Stdin,
            StdinOnce = spec.Io.StdinOnce,
            Tty = spec.Io.Tty,
            Linux = new V1.LinuxContainerConfig(),
        };
        config.Command.Add(spec.Command);
        config.Args.Add(spec.Args);
        AddAll(config.Labels, spec.Labels);
        AddAll(config.Annotations, spec.Annotations);
        foreach (var (key, value) in spec.Env)
        {
            config.Envs.Add(new V1.KeyValue { Key = key, Value = value });
        }

        foreach (var mount in spec.Mounts)
        {
            config.Mounts.Add(new V1.Mount
            {
                ContainerPath = mount.ContainerPath,
                HostPath = mount.HostPath,
                Readonly = mount.Access == MountAccess.ReadOnly,
            });
        }

        if (spec.Resources is { } resources)
        {
            config.Linux.Resources = new V1.LinuxContainerResources
            {
                CpuPeriod = resources.CpuPeriod,
                CpuQuota = resources.CpuQuota,
                CpuShares = resources.CpuShares,
                MemoryLimitInBytes = resources.MemoryLimitBytes,
                OomScoreAdj = resources.OomScoreAdj,
            };
        }

        return config;
    }

    public static V1.PodSandboxFilter ToFilter(PodSandboxFilter filter)
    {
        var result = new V1.PodSandboxFilter { Id = filter.Id ?? "" };
        if (filter.State is { } state)
        {
            result.State = new V1.PodSandboxStateValue { State = ToState(state) };
        }

        AddAll(result.LabelSelector, filter.LabelSelector);
        return result;
    }

    public static V1.ContainerFilter ToFilter(ContainerFilter filter)
    {
        var result = new V1.ContainerFilter { Id = filter.Id ?? "", PodSandboxId = filter.PodSandboxId ?? "" };
        if (filter.State is { } state)
        {
            result.State = new V1.ContainerStateValue { State = ToState(state) };
        }

        AddAll(result.LabelSelector, filter.LabelSelector);
        return result;
    }

    public static PodSandboxInfo FromStatus(V1.PodSandboxStatus status) =>
        new(status.Id, status.Metadata?.Name ?? "", status.Metadata?.Namespace ?? "", status.Metadata?.Uid ?? "",
            status.Metadata?.Attempt ?? 0, FromState(status.State))
        {
            CreatedAt = CriTime.FromNanoseconds(status.CreatedAt),
            Ip = status.Network?.Ip ?? "",
            AdditionalIps = status.Network?.AdditionalIps.Select(ip => ip.Ip).ToArray() ?? [],
            Labels = Copy(status.Labels),
            Annotations = Copy(status.Annotations),
        };

    public static PodSandboxInfo FromListItem(V1.PodSandbox item) =>
        new(item.Id, item.Metadata?.Name ?? "", item.Metadata?.Namespace ?? "", item.Metadata?.Uid ?? "",
            item.Metadata?.Attempt ?? 0, FromState(item.State))
        {
            CreatedAt = CriTime.FromNanoseconds(item.CreatedAt),
            Labels = Copy(item.Labels),
            Annotations = Copy(item.Annotations),
        };

    public static ContainerInfo FromListItem(V1.Container item) =>
        new(item.Id, item.PodSandboxId, item.Metadata?.Name ?? "", item.Metadata?.Attempt ?? 0, FromState(item.State))
        {
            Image = item.Image?.Image ?? "",
            ImageRef = item.ImageRef,
            CreatedAt = CriTime.FromNanoseconds(item.CreatedAt),
            Labels = Copy(item.Labels),
            Annotations = Copy(item.Annotations),
        };

    // ContainerStatus carries no sandbox id; callers that need it list with an id filter.
    public static ContainerInfo FromStatus(V1.ContainerStatus status) =>
        new(status.Id, "", status.Metadata?.Name ?? "", status.Metadata?.Attempt ?? 0, FromState(status.State))
        {
            Image = status.Image?.Image ?? "",
            ImageRef = status.ImageRef,
            CreatedAt = CriTime.FromNanoseconds(status.CreatedAt),
            StartedAt = CriTime.FromNanosecondsOrNull(status.StartedAt),
            FinishedAt = CriTime.FromNanosecondsOrNull(status.FinishedAt),
            ExitCode = status.ExitCode,
            Reason = status.Reason,
            Message = status.Message,
            LogPath = status.LogPath,
            Labels = Copy(status.Labels),
            Annotations = Copy(status.Annotations),
        };

    public static ImageInfo FromImage(V1.Image image) =>
        new(image.Id, image.RepoTags.ToArray(), image.RepoDigests.ToArray(), image.Size) { Pinned = image.Pinned };

    private static V1.Protocol ToProtocol(string protocol) => protocol.ToUpperInvariant() switch
    {
        "TCP" => V1.Protocol.Tcp,
        "UDP" => V1.Protocol.Udp,
        "SCTP" => V1.Protocol.Sctp,
        _ => throw new ArgumentException($"unknown port protocol '{protocol}' (want TCP, UDP or SCTP)", nameof(protocol)),
    };

    private static V1.PodSandboxState ToState(PodSandboxState state) =>
        state == PodSandboxState.Ready ? V1.PodSandboxState.SandboxReady : V1.PodSandboxState.SandboxNotready;

    private static PodSandboxState FromState(V1.PodSandboxState state) =>
        state == V1.PodSandboxState.SandboxReady ? PodSandboxState.Ready : PodSandboxState.NotReady;

    private static V1.ContainerState ToState(ContainerState state) => state switch
    {
        ContainerState.Created => V1.ContainerState.ContainerCreated,
        ContainerState.Running => V1.ContainerState.ContainerRunning,
        ContainerState.Exited => V1.ContainerState.ContainerExited,
        _ => V1.ContainerState.ContainerUnknown,
    };

    private static ContainerState FromState(V1.ContainerState state) => state switch
    {
        V1.ContainerState.ContainerCreated => ContainerState.Created,
        V1.ContainerState.ContainerRunning => ContainerState.Running,
        V1.ContainerState.ContainerExited => ContainerState.Exited,
        _ => ContainerState.Unknown,
    };

    private static void AddAll(MapField<string, string> target, IReadOnlyDictionary<string, string> source)
    {
        foreach (var (key, value) in source)
        {
            target[key] = value;
        }
    }

    private static Dictionary<string, string> Copy(MapField<string, string> map) => new(map);
}
