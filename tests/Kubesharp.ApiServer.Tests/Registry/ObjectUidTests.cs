using Kubesharp.ApiServer.Registry;

namespace Kubesharp.ApiServer.Tests.Registry;

public sealed class ObjectUidTests
{
    [Fact]
    public void New_Always_RandomVersion4UuidInCanonicalForm()
    {
        var uids = Enumerable.Range(0, 1000).Select(_ => ObjectUid.New()).ToList();

        Assert.Equal(uids.Count, uids.Distinct(StringComparer.Ordinal).Count());
        Assert.All(uids, uid => Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$", uid));
    }
}
