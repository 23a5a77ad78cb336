using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Errors;

/// <summary>
/// The one place failures become responses: an <see cref="ApiException"/> is written as its Status;
/// anything unexpected is logged and answered with a 500 InternalError Status, never a stack trace.
/// </summary>
internal sealed partial class ApiErrorMiddleware
{
    private readonly ILogger _logger;

    public ApiErrorMiddleware(ILogger logger) => _logger = logger;

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        try
        {
            await next(context);
        }
        catch (ApiException e) when (!context.Response.HasStarted)
        {
            await ApiStatus.WriteFailureAsync(context, e.Code, e.Reason, e.Message, e.Details);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted && e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            await ApiStatus.WriteFailureAsync(context, 413, "RequestEntityTooLarge", "Request entity too large: the request body is larger than the server accepts");
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await ApiStatus.WriteFailureAsync(context, 400, "BadRequest", e.Message);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || IsStopping(context))
        {
            // The client went away, or the server is stopping under a watch: nobody is left to answer.
        }
        catch (Exception e)
        {
            LogUnexpected(_logger, context.Request.Method, context.Request.Path, e);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                await ApiStatus.WriteFailureAsync(context, 500, "InternalError", "Internal error occurred: the server could not complete the request");
            }
        }
    }

    private static bool IsStopping(HttpContext context) =>
        context.RequestServices.GetService(typeof(Microsoft.Extensions.Hosting.IHostApplicationLifetime)) is Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime
        && lifetime.ApplicationStopping.IsCancellationRequested;

    [LoggerMessage(Level = LogLevel.Error, Message = "unexpected failure serving {Method} {Path}")]
    private static partial void LogUnexpected(ILogger logger, string method, string path, Exception exception);
}
