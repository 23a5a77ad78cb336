using Kubesharp.Kubelet.Cri;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Server;

/// <summary>Turns every failure of a kubelet request into a metav1.Status; nothing leaks as a stack trace.</summary>
internal static partial class KubeletErrors
{
    public static async Task InvokeAsync(HttpContext context, RequestDelegate next, ILogger log)
    {
        try
        {
            await next(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (kubectl logs -f interrupted): nothing to answer.
        }
        catch (KubeletApiException e) when (!context.Response.HasStarted)
        {
            await StatusResponse.WriteAsync(context, e);
        }
        catch (CriException e) when (!context.Response.HasStarted)
        {
            var code = e.Kind switch
            {
                CriErrorKind.NotFound => 404,
                CriErrorKind.InvalidArgument => 400,
                _ => 500,
            };
            if (code == 500)
            {
                RuntimeFailed(log, context.Request.Path, e);
            }

            await StatusResponse.WriteAsync(context, new KubeletApiException(code, code switch { 404 => "NotFound", 400 => "BadRequest", _ => "InternalError" }, e.Detail));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && !context.Response.HasStarted)
        {
            await StatusResponse.WriteAsync(context, new KubeletApiException(500, "InternalError", e.Message));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "kubelet request {Path} failed in the container runtime")]
    private static partial void RuntimeFailed(ILogger logger, string path, Exception error);
}
