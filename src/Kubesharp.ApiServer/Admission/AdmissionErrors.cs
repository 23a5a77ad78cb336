using Kubesharp.ApiServer.Errors;

namespace Kubesharp.ApiServer.Admission;

/// <summary>upstream's admission.NewForbidden: <c>pods "web" is forbidden: …</c>, or <c>pods is forbidden: …</c> without a name.</summary>
internal static class AdmissionErrors
{
    public static ApiException Forbidden(AdmissionRequest request, string why)
    {
        if (request.RequestedName.Length > 0)
        {
            return ApiErrors.Forbidden(request.Type, request.RequestedName, why);
        }

        var resource = request.Type.Group.Length == 0 ? request.Type.Plural : $"{request.Type.Plural}.{request.Type.Group}";
        return new ApiException(403, "Forbidden", $"{resource} is forbidden: {why}", new StatusDetails(null, request.Type.Group.Length == 0 ? null : request.Type.Group, request.Type.Plural));
    }
}
