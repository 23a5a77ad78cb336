using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Tests.Probes;

/// <summary>Kestrel on 127.0.0.1 (HTTP and HTTPS with a throwaway self-signed certificate) answering with one handler.</summary>
internal sealed class LoopbackHttpServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;

    private LoopbackHttpServer(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        this.certificate = certificate;
    }

    public int HttpPort { get; private set; }

    public int HttpsPort { get; private set; }

    public static async Task<LoopbackHttpServer> StartAsync(RequestDelegate handler)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=probe-test", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
        });
        var app = builder.Build();
        app.Run(handler);
        await app.StartAsync();
        var ports = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToArray();
        return new LoopbackHttpServer(app, certificate)
        {
            HttpPort = ports.Single(u => u.Scheme == "http").Port,
            HttpsPort = ports.Single(u => u.Scheme == "https").Port,
        };
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }
}
