using System.Net;
using System.Text;
using Kubesharp.ApiServer.Authentication;
using Kubesharp.ApiServer.Serving.InProcess;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kubesharp.ApiServer.Tests.Serving.InProcess;

/// <summary>The handler and exchange over a scripted application: headers, streaming, abort and failures as a server gives them.</summary>
public sealed class InProcessExchangeTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Send_ReturnsAtTheFirstFlush_ThenStreamsTheRest()
    {
        var more = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = Client(new Scripted(async features =>
        {
            var response = features.Get<IHttpResponseFeature>()!;
            var body = features.Get<IHttpResponseBodyFeature>()!;
            response.StatusCode = 202;
            response.Headers.ContentType = "text/plain";
            await body.Writer.WriteAsync("first\n"u8.ToArray());
            await more.Task;
            await body.Writer.WriteAsync("second\n"u8.ToArray());
        }));

        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/x"), HttpCompletionOption.ResponseHeadersRead, Ct);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        var first = await reader.ReadLineAsync(Ct);
        more.SetResult();
        var rest = await reader.ReadToEndAsync(Ct);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(("first", "second\n"), (first, rest));
    }

    [Fact]
    public async Task Send_PassesMethodPathQueryBodyAndCaller()
    {
        IFeatureCollection? seen = null;
        string? body = null;
        using var client = Client(new Scripted(async features =>
        {
            seen = features;
            using var reader = new StreamReader(features.Get<IHttpRequestFeature>()!.Body);
            body = await reader.ReadToEndAsync();
        }));

        using var response = await client.PutAsync(new Uri("/api/v1/namespaces/a%20b/pods?labelSelector=app%3Dx", UriKind.Relative), new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        var request = seen!.Get<IHttpRequestFeature>()!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(("PUT", "/api/v1/namespaces/a b/pods", "?labelSelector=app%3Dx"), (request.Method, request.Path, request.QueryString));
        Assert.StartsWith("application/json", request.Headers.ContentType.ToString(), StringComparison.Ordinal);
        Assert.Equal("{}", body);
        Assert.Equal("tester", seen.Get<InProcessCaller>()!.User.Name);
    }

    [Fact]
    public async Task DisposingTheBody_AbortsTheRequest()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = Client(new Scripted(async features =>
        {
            var lifetime = features.Get<IHttpRequestLifetimeFeature>()!;
            await features.Get<IHttpResponseBodyFeature>()!.StartAsync();
            lifetime.RequestAborted.Register(aborted.SetResult);
            await Task.Delay(Timeout.Infinite, lifetime.RequestAborted);
        }));

        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/watch"), HttpCompletionOption.ResponseHeadersRead, Ct);
        response.Dispose();

        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task CancellingBeforeHeaders_ThrowsAndAbortsTheRequest()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var client = Client(new Scripted(async features =>
        {
            var lifetime = features.Get<IHttpRequestLifetimeFeature>()!;
            lifetime.RequestAborted.Register(aborted.SetResult);
            await Task.Delay(Timeout.Infinite, lifetime.RequestAborted);
        }));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetAsync(new Uri("/slow", UriKind.Relative), cancel.Token));
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
    }

    [Fact]
    public async Task FailureBeforeTheBody_IsA500_FailureMidBody_BreaksTheStream()
    {
        using var early = Client(new Scripted(_ => throw new InvalidOperationException("boom")));
        using var late = Client(new Scripted(async features =>
        {
            await features.Get<IHttpResponseBodyFeature>()!.Writer.WriteAsync("partial"u8.ToArray());
            throw new InvalidOperationException("boom");
        }));

        using var failed = await early.GetAsync(new Uri("/x", UriKind.Relative), Ct);
        using var broken = await late.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/x"), HttpCompletionOption.ResponseHeadersRead, Ct);
        var stream = await broken.Content.ReadAsStreamAsync(Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, broken.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await new StreamReader(stream).ReadToEndAsync(Ct));
    }

    [Fact]
    public async Task OnStarting_RunsBeforeHeadersAreReturned()
    {
        using var client = Client(new Scripted(async features =>
        {
            var response = features.Get<IHttpResponseFeature>()!;
            response.OnStarting(_ =>
            {
                response.Headers["X-Started"] = "yes";
                return Task.CompletedTask;
            }, response);
            await features.Get<IHttpResponseBodyFeature>()!.Writer.WriteAsync("x"u8.ToArray());
        }));

        using var response = await client.GetAsync(new Uri("/x", UriKind.Relative), Ct);

        Assert.Equal("yes", response.Headers.GetValues("X-Started").Single());
    }

    private static HttpClient Client(IInProcessApplication application) =>
        new(new InProcessHandler(() => application, new UserInfo("tester", ["system:authenticated"])), disposeHandler: true)
        {
            BaseAddress = new Uri("https://127.0.0.1:6443"),
            Timeout = TimeSpan.FromSeconds(30),
        };

    /// <summary>An application that runs a script over the request's features, as the host's pipeline would.</summary>
    private sealed class Scripted(Func<IFeatureCollection, Task> script) : IInProcessApplication
    {
        public async Task RunAsync(IFeatureCollection features, Func<Exception?, Task> finishAsync)
        {
            Exception? failure = null;
            try
            {
                await script(features);
            }
            catch (Exception e)
            {
                failure = e;
            }

            await finishAsync(failure);
        }
    }
}
