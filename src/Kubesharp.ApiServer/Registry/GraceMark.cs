namespace Kubesharp.ApiServer.Registry;

/// <summary>What a graceful kind's delete does to the object's deletion marks.</summary>
internal enum GraceMark
{
    /// <summary>No grace period: deleted now, or marked only when finalizers keep it.</summary>
    None,

    /// <summary>deletionTimestamp set in the future: the object stays until deleted with a period of 0.</summary>
    Marked,

    /// <summary>Already terminating and not shortened: the delete changes nothing.</summary>
    Pending,
}
