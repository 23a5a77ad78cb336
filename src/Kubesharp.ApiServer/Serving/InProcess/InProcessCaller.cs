using Kubesharp.ApiServer.Authentication;

namespace Kubesharp.ApiServer.Serving.InProcess;

/// <summary>
/// The identity of a request made inside this process. Only <see cref="InProcessHandler"/> sets this
/// feature; requests from the network arrive through Kestrel, whose feature collections never hold it,
/// so it cannot be claimed from outside.
/// </summary>
internal sealed record InProcessCaller(UserInfo User);
