namespace Kubesharp.Storage.Tests;

public sealed class DatastoreEndpointTests
{
    [Fact]
    public void Parse_Empty_IsEmbeddedSqliteUnderDataDir()
    {
        var endpoint = DatastoreEndpoint.Parse("", "/var/lib/kubesharp");

        Assert.Null(endpoint.Etcd);
        Assert.Equal("/var/lib/kubesharp/db/state.db", endpoint.Sqlite!.Path);
    }

    [Fact]
    public void Parse_SqliteUrl_UsesThatFile()
    {
        Assert.Equal("/tmp/x.db", DatastoreEndpoint.Parse("sqlite:///tmp/x.db", "/d").Sqlite!.Path);
    }

    [Theory]
    [InlineData("etcd://127.0.0.1:2379", "http://127.0.0.1:2379/")]
    [InlineData("etcd://127.0.0.1:2379,127.0.0.2:2379", "http://127.0.0.1:2379/ http://127.0.0.2:2379/")]
    [InlineData("http://10.0.0.1:2379, https://10.0.0.2:2379", "http://10.0.0.1:2379/ https://10.0.0.2:2379/")]
    public void Parse_EtcdLists_GiveEveryMember(string text, string expected)
    {
        var endpoint = DatastoreEndpoint.Parse(text, "/d");

        Assert.Null(endpoint.Sqlite);
        Assert.Equal(expected, string.Join(' ', endpoint.Etcd!.Endpoints));
    }

    [Theory]
    [InlineData("ftp://host:1")]
    [InlineData("sqlite://")]
    [InlineData(",,,")]
    [InlineData("etcd://")]
    public void Parse_Nonsense_SaysWhatIsAccepted(string text)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => DatastoreEndpoint.Parse(text, "/d"));

        Assert.Contains("sqlite://", error.Message, StringComparison.Ordinal);
    }
}
