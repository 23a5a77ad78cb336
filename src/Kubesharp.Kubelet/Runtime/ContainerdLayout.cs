namespace Kubesharp.Kubelet.Runtime;

/// <summary>Where a supervised containerd keeps its files, all under the node's data directory.</summary>
internal sealed record ContainerdLayout(string DataDirectory)
{
    public string Home => Path.Combine(DataDirectory, "containerd");

    public string Root => Path.Combine(Home, "root");

    public string State => Path.Combine(Home, "state");

    public string Socket => Path.Combine(Home, "containerd.sock");

    public string TtrpcSocket => Path.Combine(Home, "containerd.sock.ttrpc");

    public string ConfigFile => Path.Combine(Home, "config.toml");

    public string LogFile => Path.Combine(Home, "containerd.log");

    public string OptDirectory => Path.Combine(Home, "opt");

    public string CniConfDirectory => Path.Combine(DataDirectory, "cni", "net.d");

    public string CniIpamDirectory => Path.Combine(DataDirectory, "cni", "ipam");
}
