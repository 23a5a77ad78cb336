using System.Text.Json.Nodes;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// A kind whose delete waits a grace period before the object goes (upstream's
/// RESTGracefulDeleteStrategy): the registry marks it with deletionTimestamp in the future and
/// something else (the kubelet for pods) deletes it for good with a grace period of 0.
/// </summary>
internal interface IGracefulDeletion
{
    /// <summary>The grace period in seconds a delete of <paramref name="obj"/> gets; 0 deletes at once.</summary>
    long GracePeriodSeconds(JsonObject obj, long? requested);
}
