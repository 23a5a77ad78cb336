using Kubesharp.Client.Events;
using Kubesharp.Client.Informers;
using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Controllers.Manager;

/// <summary>What every controller gets: the API, the shared caches, events, logs and a clock.</summary>
/// <param name="Events">Creates a recorder whose source is the given component name.</param>
public sealed record ControllerContext(
    IApiClient Client,
    ISharedInformers Informers,
    Func<string, IEventRecorder> Events,
    ILoggerFactory LoggerFactory,
    TimeProvider Time);
