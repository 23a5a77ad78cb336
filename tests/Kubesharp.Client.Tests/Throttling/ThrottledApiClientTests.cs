using System.Text;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Client.Tests.Fakes;
using Kubesharp.Client.Throttling;
using Kubesharp.Client.Transport;

namespace Kubesharp.Client.Tests.Throttling;

public sealed class ThrottledApiClientTests
{
    private static readonly ResourceType Pods = BuiltInResources.Get("", "pods");

    [Fact]
    public async Task Calls_MoreThanMaxInFlight_WaitForOneToFinish()
    {
        var ct = TestContext.Current.CancellationToken;
        var transport = new HeldTransport();
        var client = ApiClients.Throttled(ApiClients.Create(transport), new ClientThrottle { MaxInFlight = 2 });

        var calls = Enumerable.Range(0, 5).Select(i => client.GetAsync(Pods, "default", $"p{i}", ct)).ToList();
        await Eventually.TrueAsync(() => transport.Sent == 2, "2 requests sent");
        await Task.Delay(100, ct);
        Assert.Equal(2, transport.Sent); // the other three wait in the client, not in the server

        transport.ReleaseOne();
        await Eventually.TrueAsync(() => transport.Sent == 3, "3 requests sent");
        transport.ReleaseAll();
        await Task.WhenAll(calls);
        Assert.Equal(5, transport.Sent);
        Assert.Equal(2, transport.MostInFlight);
    }

    [Fact]
    public async Task Calls_WithQps_BurstGoesAtOnceTheRestWaitForTokens()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new FakeTimeProvider();
        var transport = new HeldTransport();
        transport.ReleaseAll();
        var client = ApiClients.Throttled(ApiClients.Create(transport), new ClientThrottle { Qps = 10, Burst = 2 }, time);

        var calls = Enumerable.Range(0, 3).Select(i => client.GetAsync(Pods, "default", $"p{i}", ct)).ToList();
        await Eventually.TrueAsync(() => transport.Sent == 2, "2 requests sent");
        await Task.Delay(100, ct);
        Assert.Equal(2, transport.Sent);

        time.Advance(TimeSpan.FromMilliseconds(100)); // one token at 10 qps
        await Task.WhenAll(calls);
        Assert.Equal(3, transport.Sent);
    }

    [Fact]
    public async Task Watch_AtMaxInFlight_IsNotHeldBack()
    {
        var ct = TestContext.Current.CancellationToken;
        var transport = new HeldTransport();
        var client = ApiClients.Throttled(ApiClients.Create(transport), new ClientThrottle { MaxInFlight = 1 });
        var blocked = client.GetAsync(Pods, "default", "p", ct);
        await Eventually.TrueAsync(() => transport.Sent == 1, "1 requests sent");

        await using var watch = client.WatchAsync(Pods, "default", new WatchRequest(), ct).GetAsyncEnumerator(ct);
        var next = watch.MoveNextAsync().AsTask();
        await Eventually.TrueAsync(() => transport.Sent == 2, "2 requests sent");

        transport.ReleaseAll();
        await blocked;
        Assert.False(await next); // the held watch ends with an empty body
    }

    [Fact]
    public void Throttled_Unlimited_ReturnsTheSameClient()
    {
        var inner = ApiClients.Create(new HeldTransport());

        Assert.Same(inner, ApiClients.Throttled(inner, new ClientThrottle()));
        Assert.Throws<ArgumentOutOfRangeException>(() => ApiClients.Throttled(inner, new ClientThrottle { Qps = 5, Burst = 0 }));
    }

    /// <summary>Answers every request with an empty pod once released; counts what reached it.</summary>
    private sealed class HeldTransport : IApiTransport
    {
        private readonly SemaphoreSlim _released = new(0, int.MaxValue);
        private int _sent;
        private int _inFlight;
        private int _mostInFlight;
        private volatile bool _open;

        public int Sent => Volatile.Read(ref _sent);

        public int MostInFlight => Volatile.Read(ref _mostInFlight);

        public void ReleaseOne() => _released.Release();

        public void ReleaseAll()
        {
            _open = true;
            _released.Release(1000);
        }

        public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _sent);
            var now = Interlocked.Increment(ref _inFlight);
            int seen;
            while ((seen = Volatile.Read(ref _mostInFlight)) < now && Interlocked.CompareExchange(ref _mostInFlight, now, seen) != seen)
            {
            }

            try
            {
                if (!_open)
                {
                    await _released.WaitAsync(cancellationToken);
                }

                return new ApiResponse(200, new MemoryStream(Encoding.UTF8.GetBytes(request.Streaming ? "" : """{"kind":"Pod"}""")));
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
