using System.Collections.Concurrent;

namespace Kubesharp.Storage.Sqlite;

/// <summary>
/// Reuses read connections so their prepared statements survive between calls. Connections are
/// opened on demand; at most <c>maxIdle</c> are kept, so a burst does not pin file handles.
/// </summary>
internal sealed class ReadConnectionPool(string path, int maxIdle) : IDisposable
{
    private readonly ConcurrentQueue<ReadConnection> _idle = new();
    private int _idleCount;
    private volatile bool _disposed;

    public ReadConnection Rent()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_idle.TryDequeue(out var connection))
        {
            Interlocked.Decrement(ref _idleCount);
            return connection;
        }

        return new ReadConnection(path);
    }

    public void Return(ReadConnection connection)
    {
        connection.EndSnapshot();
        if (!_disposed && Interlocked.Increment(ref _idleCount) <= maxIdle)
        {
            _idle.Enqueue(connection);
            if (!_disposed)
            {
                return;
            }
        }
        else
        {
            Interlocked.Decrement(ref _idleCount);
            connection.Dispose();
            return;
        }

        Drain();
    }

    public void Dispose()
    {
        _disposed = true;
        Drain();
    }

    private void Drain()
    {
        while (_idle.TryDequeue(out var connection))
        {
            connection.Dispose();
        }
    }
}
