using Kubesharp.Client.Rest;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Components;

/// <summary>What a component gets from the process that hosts it.</summary>
/// <param name="Client">A client of the API server (admin identity; in the single binary it calls the API server in-process).</param>
/// <param name="LoggerFactory">The process's logging.</param>
/// <param name="DataDirectory">The cluster's data directory; a component keeps its files in a subfolder named after it.</param>
/// <param name="ApiUrl">Where the API server listens.</param>
/// <param name="KubeconfigPath">The admin kubeconfig, for components that start child processes.</param>
/// <param name="Ready">Called once by a component when it is ready (prints "NAME ready").</param>
internal sealed record ComponentContext(
    IApiClient Client,
    ILoggerFactory LoggerFactory,
    string DataDirectory,
    Uri ApiUrl,
    string KubeconfigPath,
    Action<string> Ready);
