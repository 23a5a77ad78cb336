using Grpc.Core;

namespace Kubesharp.Kubelet.Cri;

/// <summary>Runs one unary CRI call and turns gRPC failures into <see cref="CriException"/>.</summary>
internal static class CriCall
{
    public static async Task<TResponse> RunAsync<TResponse>(
        string operation, Func<CallOptions, AsyncUnaryCall<TResponse>> call, CancellationToken cancellationToken)
    {
        try
        {
            using var pending = call(new CallOptions(cancellationToken: cancellationToken));
            return await pending.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            throw Map(operation, e);
        }
    }

    public static CriException Map(string operation, RpcException e)
    {
        var kind = e.StatusCode switch
        {
            StatusCode.NotFound => CriErrorKind.NotFound,
            StatusCode.Unavailable => CriErrorKind.Unavailable,
            StatusCode.DeadlineExceeded => CriErrorKind.DeadlineExceeded,
            StatusCode.InvalidArgument => CriErrorKind.InvalidArgument,
            StatusCode.AlreadyExists => CriErrorKind.AlreadyExists,
            _ => CriErrorKind.Failed,
        };

        // containerd puts its whole explanation (often a runc error) in the status detail; keep it verbatim.
        var detail = string.IsNullOrEmpty(e.Status.Detail) ? e.StatusCode.ToString() : e.Status.Detail;
        if (kind == CriErrorKind.Unavailable)
        {
            detail += " (is the container runtime running and is its socket path right?)";
        }

        return new CriException(operation, kind, detail, e);
    }
}
