namespace Kubesharp.ApiServer.Admission;

/// <summary>
/// One admission plugin on the create path (upstream's admission.Interface): it may change the
/// object (defaults) and refuses it by throwing an ApiException (typically 403 Forbidden).
/// </summary>
public interface IAdmissionPlugin
{
    Task AdmitCreateAsync(AdmissionRequest request, CancellationToken cancellationToken);
}
