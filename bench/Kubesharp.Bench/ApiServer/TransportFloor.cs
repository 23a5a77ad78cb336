using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Bench.ApiServer;

/// <summary>
/// What the closed-loop creates cost without the API: the same clients, client certificate, TLS and
/// HTTP/2 against a bare Kestrel endpoint that reads the body and answers 201 with a fixed object of
/// the size the API returns; with a store, the handler first stores the body (the same await on a
/// group commit an API create has). The API's own CPU per request is the API figure minus this one.
/// </summary>
internal static class TransportFloor
{
    public static async Task<(TimedRun Run, CpuUse Cpu)> RunAsync(string dataDirectory, int clientCount, TimeSpan duration, Kubesharp.Storage.IStore? store, CancellationToken cancellationToken)
    {
        var tls = Path.Combine(dataDirectory, "tls");
        using var serving = X509Certificate2.CreateFromPemFile(Path.Combine(tls, "serving.crt"), Path.Combine(tls, "serving.key"));
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(https =>
                {
                    https.ServerCertificate = serving;
                    https.ClientCertificateMode = ClientCertificateMode.AllowCertificate;
                    https.ClientCertificateValidation = (_, _, _) => true;
                });
            });
        });
        await using var app = builder.Build();
        var written = 0L;
        var reply = System.Text.Encoding.UTF8.GetBytes(
            $$$$$"""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"c-0-0","namespace":"bench-write","uid":"{{{{{Guid.NewGuid()}}}}}","resourceVersion":"12345","creationTimestamp":"2026-01-01T00:00:00Z","managedFields":[{"manager":"Kubesharp.Bench","operation":"Update","apiVersion":"v1","time":"2026-01-01T00:00:00Z","fieldsType":"FieldsV1","fieldsV1":{"f:data":{".":{},"f:payload":{}}}}]},"data":{"payload":"{{{{{ApiWorkloads.Payload}}}}}"}}""");
        app.MapPost("/api/v1/namespaces/{ns}/configmaps", async context =>
        {
            var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            if (store is not null)
            {
                await store.CreateAsync($"/registry/floor/{Interlocked.Increment(ref written)}", buffer.ToArray(), cancellationToken: context.RequestAborted);
            }

            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = reply.Length;
            await context.Response.Body.WriteAsync(reply, context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        using var clients = new ApiClients(dataDirectory, new Uri(address));
        var workers = Enumerable.Range(0, clientCount).Select(_ => clients.Create(TimeSpan.FromSeconds(30))).ToArray();
        _ = await ApiWorkloads.CreateAsync(workers, "warm", TimeSpan.FromSeconds(1), cancellationToken);
        var meter = CpuMeter.Start();
        var (run, _) = await ApiWorkloads.CreateAsync(workers, "bench-write", duration, cancellationToken);
        var cpu = meter.Stop(run.Requests);
        await app.StopAsync(cancellationToken);
        return (run, cpu);
    }
}
