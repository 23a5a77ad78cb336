using System.Buffers.Binary;
using System.Net;
using Google.Protobuf;
using Kubesharp.Kubelet.Probes.GrpcHealth;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kubesharp.Kubelet.Tests.Probes;

/// <summary>
/// A gRPC health server on 127.0.0.1 (Kestrel, plaintext HTTP/2, gRPC framing by hand): Check answers
/// each service from <see cref="Statuses"/>; a service not listed gets NOT_FOUND, "slow" answers after
/// two seconds, and "no-health" answers UNIMPLEMENTED as a server without the Health service does.
/// </summary>
internal sealed class LoopbackGrpcHealthServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LoopbackGrpcHealthServer(WebApplication app) => this.app = app;

    public int Port { get; private set; }

    public Dictionary<string, HealthCheckResponse.Types.ServingStatus> Statuses { get; } = new(StringComparer.Ordinal);

    /// <summary>The service names asked for, in order.</summary>
    public List<string> Asked { get; } = [];

    public static async Task<LoopbackGrpcHealthServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        var app = builder.Build();
        var server = new LoopbackGrpcHealthServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        context.Response.ContentType = "application/grpc";
        if (context.Request.Path != "/grpc.health.v1.Health/Check")
        {
            TrailersOnly(context, 12, "unknown method");
            return;
        }

        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var frame = body.ToArray();
        var request = HealthCheckRequest.Parser.ParseFrom(frame, 5, (int)BinaryPrimitives.ReadUInt32BigEndian(frame.AsSpan(1, 4)));
        lock (Asked)
        {
            Asked.Add(request.Service);
        }

        switch (request.Service)
        {
            case "no-health":
                TrailersOnly(context, 12, "unknown service grpc.health.v1.Health");
                return;
            case "slow":
                await Task.Delay(TimeSpan.FromSeconds(2), context.RequestAborted);
                break;
        }

        if (!Statuses.TryGetValue(request.Service, out var status))
        {
            TrailersOnly(context, 5, "unknown service");
            return;
        }

        var message = new HealthCheckResponse { Status = status }.ToByteArray();
        var reply = new byte[5 + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(1, 4), (uint)message.Length);
        message.CopyTo(reply, 5);
        await context.Response.Body.WriteAsync(reply, context.RequestAborted);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    /// <summary>An error answer: status in the headers, no body (gRPC's "trailers-only" response).</summary>
    private static void TrailersOnly(HttpContext context, int code, string message)
    {
        context.Response.Headers["grpc-status"] = code.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.Headers["grpc-message"] = message;
    }
}
