using Kubesharp.ApiServer.Errors;
using Kubesharp.Storage;

namespace Kubesharp.ApiServer.Tests.Registry;

public sealed class ApiErrorsTests
{
    [Theory]
    [InlineData(StoreErrorCode.KeyExists, 409, "AlreadyExists")]
    [InlineData(StoreErrorCode.Conflict, 409, "Conflict")]
    [InlineData(StoreErrorCode.KeyNotFound, 404, "NotFound")]
    [InlineData(StoreErrorCode.Compacted, 410, "Expired")]
    [InlineData(StoreErrorCode.Unavailable, 503, "ServiceUnavailable")]
    public void FromStore_MapsEveryCode(StoreErrorCode code, int status, string reason)
    {
        var e = ApiErrors.FromStore(new StoreException(code, "x"), Resources.ConfigMaps, "a");

        Assert.Equal(status, e.Code);
        Assert.Equal(reason, e.Reason);
    }
}
