namespace Kubesharp.ApiServer.Authentication;

/// <summary>A client certificate the cluster CA verified, with the window in which it stays valid.</summary>
internal sealed record CertificateIdentity(UserInfo User, DateTime NotBefore, DateTime NotAfter)
{
    public bool ValidAt(DateTime utcNow) => utcNow >= NotBefore && utcNow <= NotAfter;
}
