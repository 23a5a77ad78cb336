namespace Kubesharp.Kubelet.Volumes;

/// <summary>A volume source cannot be read; the message is upstream's reason (what follows "MountVolume.SetUp failed for volume X : ").</summary>
internal sealed class SourceException : Exception
{
    public SourceException()
    {
    }

    public SourceException(string message)
        : base(message)
    {
    }

    public SourceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
