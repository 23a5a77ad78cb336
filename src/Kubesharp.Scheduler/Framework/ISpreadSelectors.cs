using Kubesharp.Api.Selectors;
using Kubesharp.Scheduler.Model;

namespace Kubesharp.Scheduler.Framework;

/// <summary>
/// upstream's DefaultSelector: the pods a pod is spread against when it has no constraints of its
/// own — those selected by every Service, ReplicationController, ReplicaSet and StatefulSet in its
/// namespace that selects it (their selectors ANDed). Null when nothing selects it.
/// </summary>
internal interface ISpreadSelectors
{
    LabelSelector? For(PodInfo pod);
}
