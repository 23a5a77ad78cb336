namespace Kubesharp.ApiServer.Admission;

/// <summary>
/// One admission plugin (upstream's admission.Interface): on create it may change the object
/// (defaults); on create and update it refuses it by throwing an ApiException (typically 403
/// Forbidden).
/// </summary>
public interface IAdmissionPlugin
{
    Task AdmitCreateAsync(AdmissionRequest request, CancellationToken cancellationToken);

    /// <summary>An update of the main resource (subresource writes are not admitted, as upstream's plugins skip them); most plugins have nothing to say.</summary>
    Task AdmitUpdateAsync(AdmissionRequest request, CancellationToken cancellationToken) => Task.CompletedTask;
}
