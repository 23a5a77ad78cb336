using System.Buffers.Binary;
using System.Collections;
using System.Net;
using System.Net.Sockets;

namespace Kubesharp.Controllers.NodeIpam;

/// <summary>
/// The node ranges of one IPv4 cluster CIDR (upstream's cidrset): the cluster range cut into
/// subnets of one prefix length, each used or free. Allocation hands out the next free subnet after
/// the last one given (round robin, so a released range is not reused at once). Not thread-safe.
/// </summary>
internal sealed class CidrSet
{
    /// <summary>Upstream caps the difference between the cluster and node prefix at 16 bits (65,536 node ranges).</summary>
    public const int MaxSubnetBits = 16;

    private readonly uint _base;
    private readonly int _nodePrefix;
    private readonly BitArray _used;
    private int _next;

    public CidrSet(IPNetwork cluster, int nodePrefix)
    {
        if (cluster.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"cluster CIDR {cluster} is not IPv4; only IPv4 is supported");
        }

        if (nodePrefix < cluster.PrefixLength || nodePrefix > 32)
        {
            throw new ArgumentException($"node CIDR mask size /{nodePrefix} must lie between the cluster CIDR's /{cluster.PrefixLength} and /32");
        }

        if (nodePrefix - cluster.PrefixLength > MaxSubnetBits)
        {
            throw new ArgumentException($"cluster CIDR {cluster} with node mask /{nodePrefix} has more than 2^{MaxSubnetBits} node ranges; use a larger node mask or a smaller cluster CIDR");
        }

        Cluster = cluster;
        _base = ToUInt(cluster.BaseAddress);
        _nodePrefix = nodePrefix;
        _used = new BitArray(1 << (nodePrefix - cluster.PrefixLength));
    }

    public IPNetwork Cluster { get; }

    public int Capacity => _used.Length;

    public int Used { get; private set; }

    /// <summary>The next free node range, or false when every one is taken.</summary>
    public bool TryAllocate(out IPNetwork cidr)
    {
        for (var i = 0; i < _used.Length; i++)
        {
            var candidate = (_next + i) % _used.Length;
            if (!_used[candidate])
            {
                Mark(candidate, true);
                _next = (candidate + 1) % _used.Length;
                cidr = Subnet(candidate);
                return true;
            }
        }

        cidr = default;
        return false;
    }

    /// <summary>
    /// Marks every node range that <paramref name="cidr"/> overlaps as used (a range someone else
    /// assigned, or one read back after a restart). False when it lies outside the cluster CIDR.
    /// </summary>
    public bool Occupy(IPNetwork cidr) => Apply(cidr, used: true);

    /// <summary>Frees every node range <paramref name="cidr"/> overlaps; false when it lies outside the cluster CIDR.</summary>
    public bool Release(IPNetwork cidr) => Apply(cidr, used: false);

    private bool Apply(IPNetwork cidr, bool used)
    {
        if (!Indices(cidr, out var first, out var last))
        {
            return false;
        }

        for (var i = first; i <= last; i++)
        {
            Mark(i, used);
        }

        return true;
    }

    private bool Indices(IPNetwork cidr, out int first, out int last)
    {
        first = last = 0;
        if (cidr.BaseAddress.AddressFamily != AddressFamily.InterNetwork || cidr.PrefixLength < Cluster.PrefixLength || !Cluster.Contains(cidr.BaseAddress))
        {
            return false;
        }

        var start = ToUInt(cidr.BaseAddress) - _base;
        var size = (1UL << (32 - cidr.PrefixLength)) - 1;
        var end = start + size;
        var shift = 32 - _nodePrefix;
        first = (int)(start >> shift);
        last = (int)Math.Min((ulong)_used.Length - 1, end >> shift);
        return true;
    }

    private void Mark(int index, bool used)
    {
        if (_used[index] != used)
        {
            _used[index] = used;
            Used += used ? 1 : -1;
        }
    }

    private IPNetwork Subnet(int index)
    {
        var address = _base + ((ulong)index << (32 - _nodePrefix));
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)address);
        return new IPNetwork(new IPAddress(bytes), _nodePrefix);
    }

    private static uint ToUInt(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }
}
