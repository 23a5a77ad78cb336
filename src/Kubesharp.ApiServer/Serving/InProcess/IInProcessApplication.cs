using Microsoft.AspNetCore.Http.Features;

namespace Kubesharp.ApiServer.Serving.InProcess;

/// <summary>The host's application with its context type erased: one request in, run to completion.</summary>
internal interface IInProcessApplication
{
    /// <summary>
    /// Runs one request over <paramref name="features"/>, then <paramref name="finishAsync"/> with what
    /// the pipeline threw (or null) before the request's context is disposed, as a server would.
    /// </summary>
    Task RunAsync(IFeatureCollection features, Func<Exception?, Task> finishAsync);
}
