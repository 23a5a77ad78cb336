using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;

namespace Kubesharp.ApiServer.Serving.InProcess;

/// <summary>Drives the host's <see cref="IHttpApplication{TContext}"/> the way a server does for one request.</summary>
internal sealed class InProcessApplication<TContext>(IHttpApplication<TContext> application) : IInProcessApplication
    where TContext : notnull
{
    public async Task RunAsync(IFeatureCollection features, Func<Exception?, Task> finishAsync)
    {
        var context = application.CreateContext(features);
        Exception? failure = null;
        try
        {
            await application.ProcessRequestAsync(context);
        }
        catch (Exception e)
        {
            failure = e;
        }

        try
        {
            await finishAsync(failure);
        }
        catch (Exception e)
        {
            failure ??= e;
        }
        finally
        {
            application.DisposeContext(context, failure);
        }
    }
}
