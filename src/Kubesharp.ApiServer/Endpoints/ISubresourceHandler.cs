using Kubesharp.ApiServer.Registry;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>
/// Serves one subresource other than /status (scale, binding, eviction) for every resource that
/// has it: the handler maps the HTTP verb onto a small piece of logic over the generic registry.
/// </summary>
internal interface ISubresourceHandler
{
    Task HandleAsync(HttpContext context, ObjectRef target, CancellationToken cancellationToken);
}
