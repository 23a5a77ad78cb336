using System.IO.Pipelines;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kubesharp.ApiServer.Serving.InProcess;

/// <summary>
/// The server's side of one in-process request: the response status, headers and body the pipeline
/// writes, and the abort signal. The body goes through a <see cref="Pipe"/> whose reader is the
/// caller's response stream, so a watch streams as it is written and a slow reader holds the writer back.
/// </summary>
internal sealed class InProcessExchange : IHttpResponseFeature, IHttpResponseBodyFeature, IHttpRequestLifetimeFeature, IDisposable
{
    private readonly Lock _abortGate = new();
    private readonly Pipe _pipe = new(new PipeOptions(useSynchronizationContext: false));
    private readonly TaskCompletionSource _headersSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _aborted = new();
    private readonly StartingPipeWriter _writer;
    private Stack<(Func<object, Task> Callback, object State)>? _onStarting;
    private Stack<(Func<object, Task> Callback, object State)>? _onCompleted;
    private Stream? _stream;
    private bool _started;
    private bool _disposed;

    public InProcessExchange()
    {
        _writer = new StartingPipeWriter(_pipe.Writer, this);
        RequestAborted = _aborted.Token;
    }

    /// <summary>Completes when the status and headers are final (first flush, start, or the end of the request).</summary>
    public Task HeadersSent => _headersSent.Task;

    /// <summary>What the caller reads the body from.</summary>
    public PipeReader BodyReader => _pipe.Reader;

    public int StatusCode { get; set; } = StatusCodes.Status200OK;

    public string? ReasonPhrase { get; set; }

    public IHeaderDictionary Headers { get; set; } = new HeaderDictionary();

    public Stream Body
    {
        get => _stream ??= _writer.AsStream(leaveOpen: true);
        set => _stream = value;
    }

    Stream IHttpResponseBodyFeature.Stream => Body;

    public PipeWriter Writer => _writer;

    // Bytes written but not yet flushed count as started: the pipeline must not change the status under them.
    public bool HasStarted => _started || _writer.Written;

    public CancellationToken RequestAborted { get; set; }

    /// <summary>The caller went away: the pipeline sees RequestAborted. Harmless after the request ended.</summary>
    public void Abort()
    {
        lock (_abortGate)
        {
            if (!_disposed)
            {
                _aborted.Cancel();
            }
        }
    }

    /// <summary>Called once the pipeline is done with the request; a later <see cref="Abort"/> does nothing.</summary>
    public void Dispose()
    {
        lock (_abortGate)
        {
            _disposed = true;
            _aborted.Dispose();
        }
    }

    public void OnStarting(Func<object, Task> callback, object state) => (_onStarting ??= new()).Push((callback, state));

    public void OnCompleted(Func<object, Task> callback, object state) => (_onCompleted ??= new()).Push((callback, state));

    public void DisableBuffering()
    {
        // Nothing is buffered beyond the pipe, which the reader drains as it likes.
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_started)
        {
            return;
        }

        _started = true;
        while (_onStarting is { Count: > 0 } callbacks)
        {
            var (callback, state) = callbacks.Pop();
            await callback(state);
        }

        _headersSent.TrySetResult();
    }

    public Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default) =>
        SendFileFallback.SendFileAsync(Body, path, offset, count, cancellationToken);

    public Task CompleteAsync() => _writer.CompleteAsync().AsTask();

    /// <summary>
    /// Ends the response after the pipeline returned: a failure before anything was sent becomes a 500
    /// (as Kestrel answers), a failure mid-body breaks the caller's stream instead of ending it cleanly.
    /// </summary>
    public async Task FinishAsync(Exception? failure)
    {
        if (failure is not null && !HasStarted)
        {
            StatusCode = StatusCodes.Status500InternalServerError;
            Headers.Clear();
        }

        try
        {
            await StartAsync();
        }
        finally
        {
            _headersSent.TrySetResult();
            await _pipe.Writer.CompleteAsync(_started && failure is not null && _writer.Written ? failure : null);
        }

        while (_onCompleted is { Count: > 0 } callbacks)
        {
            var (callback, state) = callbacks.Pop();
            await callback(state);
        }
    }

    /// <summary>The pipe's writer, noting the first write so headers are sent before the first bytes are visible.</summary>
    private sealed class StartingPipeWriter(PipeWriter inner, InProcessExchange exchange) : PipeWriter
    {
        public bool Written { get; private set; }

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes;

        public override void Advance(int bytes)
        {
            Written |= bytes > 0;
            inner.Advance(bytes);
        }

        public override Memory<byte> GetMemory(int sizeHint = 0) => inner.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => inner.GetSpan(sizeHint);

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            // Only asynchronous paths may run OnStarting callbacks; a synchronous completion just marks the start.
            exchange._started = true;
            exchange._headersSent.TrySetResult();
            inner.Complete(exception);
        }

        public override async ValueTask CompleteAsync(Exception? exception = null)
        {
            await exchange.StartAsync();
            await inner.CompleteAsync(exception);
        }

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
            exchange._started ? inner.FlushAsync(cancellationToken) : StartThenFlushAsync(cancellationToken);

        public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
        {
            Written |= !source.IsEmpty;
            return exchange._started ? inner.WriteAsync(source, cancellationToken) : StartThenWriteAsync(source, cancellationToken);
        }

        private async ValueTask<FlushResult> StartThenFlushAsync(CancellationToken cancellationToken)
        {
            await exchange.StartAsync(cancellationToken);
            return await inner.FlushAsync(cancellationToken);
        }

        private async ValueTask<FlushResult> StartThenWriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken)
        {
            await exchange.StartAsync(cancellationToken);
            return await inner.WriteAsync(source, cancellationToken);
        }
    }
}
