namespace Kubesharp.ApiServer.ServiceAccounts;

/// <summary>An object a token is bound to (it stops working once that object is gone).</summary>
internal sealed record BoundObject(string Name, string Uid);
