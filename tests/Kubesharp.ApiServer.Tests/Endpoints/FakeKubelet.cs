using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kubesharp.ApiServer.Tests.Endpoints;

/// <summary>
/// A kubelet stand-in on loopback (HTTPS, client certificate required): records what the API
/// server asks, answers logs with a fixed text and upgrades exec to an echo of the bytes it gets.
/// </summary>
internal sealed class FakeKubelet : IAsyncDisposable
{
    public const string LogText = "fake log line\n";
    private readonly WebApplication _app;

    private FakeKubelet(WebApplication app) => _app = app;

    public ConcurrentQueue<string> Requests { get; } = new();

    public ConcurrentQueue<string> ClientNames { get; } = new();

    public int Port { get; private set; }

    public static async Task<FakeKubelet> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        FakeKubelet? self = null;
        var certificate = SelfSigned();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(https =>
        {
            https.ServerCertificate = certificate;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (c, _, _) =>
            {
                self!.ClientNames.Enqueue(c.GetNameInfo(X509NameType.SimpleName, false));
                return true;
            };
        })));
        var app = builder.Build();
        self = new FakeKubelet(app);
        app.Run(self.HandleAsync);
        await app.StartAsync();
        self.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return self;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue(context.Request.Method + " " + context.Request.Path + context.Request.QueryString);
        if (context.Request.Path.StartsWithSegments("/containerLogs"))
        {
            await context.Response.WriteAsync(LogText);
            return;
        }

        var upgrade = context.Features.Get<IHttpUpgradeFeature>()!;
        context.Response.Headers["X-Stream-Protocol-Version"] = "v4.channel.k8s.io";
        context.Response.Headers.Upgrade = "SPDY/3.1";
        await using var stream = await upgrade.UpgradeAsync();
        var buffer = new byte[64];
        var read = await stream.ReadAsync(buffer);
        await stream.WriteAsync("echo:"u8.ToArray());
        await stream.WriteAsync(buffer.AsMemory(0, read));
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=fake-kubelet", key, HashAlgorithmName.SHA256);
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
