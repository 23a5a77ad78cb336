using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Tests.Metrics;

/// <summary>
/// A kubelet's /stats/summary on 127.0.0.1 over HTTPS with a self-signed certificate, requiring a
/// client certificate like the real one; it records who called.
/// </summary>
internal sealed class FakeKubelet : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly X509Certificate2 certificate;

    private FakeKubelet(WebApplication app, X509Certificate2 certificate, int port)
    {
        this.app = app;
        this.certificate = certificate;
        Port = port;
    }

    public int Port { get; }

    public int Requests => requests;

    public string? LastClientSubject { get; private set; }

    /// <summary>The thumbprint of the client certificate of every request, in order.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> ClientThumbprints { get; } = new();

    private int requests;

    /// <param name="closeConnections">Answer with <c>Connection: close</c>, so every request is a new TLS handshake.</param>
    public static async Task<FakeKubelet> StartAsync(string summaryJson, bool closeConnections = false)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=fake-kubelet", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1));
        var certificate = X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (_, _, _) => true;
        })));
        var app = builder.Build();
        FakeKubelet? self = null;
        app.MapGet("/stats/summary", async context =>
        {
            Interlocked.Increment(ref self!.requests);
            self.LastClientSubject = context.Connection.ClientCertificate?.Subject;
            self.ClientThumbprints.Enqueue(context.Connection.ClientCertificate?.Thumbprint ?? "");
            if (closeConnections)
            {
                context.Response.Headers.Connection = "close";
            }

            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(summaryJson);
        });
        await app.StartAsync();
        var port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        self = new FakeKubelet(app, certificate, port);
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        certificate.Dispose();
    }
}
