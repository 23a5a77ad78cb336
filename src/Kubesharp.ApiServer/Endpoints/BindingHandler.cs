using Kubesharp.ApiServer.Errors;
using Kubesharp.ApiServer.Registry;
using Kubesharp.ApiServer.Subresources;
using Microsoft.AspNetCore.Http;

namespace Kubesharp.ApiServer.Endpoints;

/// <summary>POST pods/{name}/binding with a v1 Binding: 201 and a Success Status, as upstream.</summary>
internal sealed class BindingHandler : ISubresourceHandler
{
    private readonly PodBinding _binding;
    private readonly long _maxBodyBytes;

    public BindingHandler(PodBinding binding, long maxBodyBytes)
    {
        _binding = binding;
        _maxBodyBytes = maxBodyBytes;
    }

    public async Task HandleAsync(HttpContext context, ObjectRef target, CancellationToken cancellationToken)
    {
        var body = await RequestBody.ReadPostedObjectAsync(context, _maxBodyBytes);
        await _binding.BindAsync(target, body, QueryOptions.DryRun(context.Request.Query), cancellationToken);
        await Responses.WriteAsync(context, StatusCodes.Status201Created, Responses.CreatedSuccess());
    }
}
