using Kubesharp.Api.Catalog;

namespace Kubesharp.Client.Informers;

/// <summary>
/// One informer per resource type, shared by every controller in a process (client-go's
/// SharedInformerFactory): a pod cache is listed and watched once however many loops read it.
/// Controllers ask for informers and add handlers first, then the host runs them all.
/// </summary>
public interface ISharedInformers : IDisposable
{
    /// <summary>The informer for <paramref name="type"/> (all namespaces), created on first use; only before <see cref="RunAsync"/>.</summary>
    IInformer For(ResourceType type);

    /// <summary>Runs every informer created so far until <paramref name="cancellationToken"/> fires.</summary>
    Task RunAsync(CancellationToken cancellationToken);

    /// <summary>Completes when every informer has delivered its first list.</summary>
    Task WaitForSyncAsync(CancellationToken cancellationToken);
}
