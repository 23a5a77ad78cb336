namespace Kubesharp.ApiServer.Authentication;

/// <summary>Who a request comes from, as authentication decided.</summary>
public sealed record UserInfo(string Name, IReadOnlyList<string> Groups)
{
    public static readonly UserInfo Anonymous = new("system:anonymous", ["system:unauthenticated"]);
}
