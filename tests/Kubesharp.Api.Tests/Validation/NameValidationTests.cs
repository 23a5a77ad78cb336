using Kubesharp.Api.Validation;

namespace Kubesharp.Api.Tests.Validation;

public sealed class NameValidationTests
{
    private const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character "
        + "(e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    private const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character "
        + "(e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    [Theory]
    [InlineData("a")]
    [InlineData("my-app")]
    [InlineData("example.com")]
    [InlineData("0.1-x")]
    public void IsDNS1123Subdomain_Valid(string value) => Assert.Empty(NameValidation.IsDNS1123Subdomain(value));

    [Theory]
    [InlineData("")]
    [InlineData("My-App")]
    [InlineData("-a")]
    [InlineData("a.")]
    [InlineData("a_b")]
    [InlineData("a\n")]
    public void IsDNS1123Subdomain_Invalid_HasUpstreamMessage(string value) =>
        Assert.Equal([SubdomainMessage], NameValidation.IsDNS1123Subdomain(value));

    [Fact]
    public void IsDNS1123Subdomain_TooLong_ReportsLength()
    {
        Assert.Equal(["must be no more than 253 characters"], NameValidation.IsDNS1123Subdomain(new string('a', 254)));
    }

    [Fact]
    public void IsDNS1123Label_Messages()
    {
        Assert.Empty(NameValidation.IsDNS1123Label("kube-system"));
        Assert.Equal(["must not contain dots"], NameValidation.IsDNS1123Label("a.b"));
        Assert.Equal([LabelMessage], NameValidation.IsDNS1123Label("Bad"));
        Assert.Equal(["must be no more than 63 characters"], NameValidation.IsDNS1123Label(new string('a', 64)));
    }

    [Fact]
    public void IsDNS1035Label_MustStartWithALetter()
    {
        Assert.Empty(NameValidation.IsDNS1035Label("web"));
        Assert.Equal(
            ["a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character "
             + "(e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"],
            NameValidation.IsDNS1035Label("1web"));
    }

    [Theory]
    [InlineData("app")]
    [InlineData("App_1.x")]
    [InlineData("example.com/app")]
    [InlineData("kubernetes.io/os")]
    public void IsQualifiedName_Valid(string value) => Assert.Empty(NameValidation.IsQualifiedName(value));

    [Fact]
    public void IsQualifiedName_Invalid_Messages()
    {
        Assert.Equal(["prefix part must be non-empty"], NameValidation.IsQualifiedName("/app"));
        Assert.Equal(["name part must be non-empty", "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"],
            NameValidation.IsQualifiedName("example.com/"));
        Assert.Equal(["prefix part " + SubdomainMessage], NameValidation.IsQualifiedName("Example.com/app"));
        Assert.StartsWith("a qualified name must consist of", NameValidation.IsQualifiedName("a/b/c").Single(), StringComparison.Ordinal);
        Assert.Equal("name part must be no more than 63 characters", NameValidation.IsQualifiedName(new string('a', 64))[0]);
    }

    [Fact]
    public void IsValidLabelValue_AllowsEmpty_RejectsBadCharacters()
    {
        Assert.Empty(NameValidation.IsValidLabelValue(""));
        Assert.Empty(NameValidation.IsValidLabelValue("v1.2_x-y"));
        Assert.Equal(
            ["a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
             + "(e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"],
            NameValidation.IsValidLabelValue("a b"));
    }

    [Fact]
    public void IsValidPathSegmentName_RejectsDotsSlashAndPercent()
    {
        Assert.Empty(NameValidation.IsValidPathSegmentName("system:controller:x"));
        Assert.Equal(["may not be '..'"], NameValidation.IsValidPathSegmentName(".."));
        Assert.Equal(["may not contain '/'", "may not contain '%'"], NameValidation.IsValidPathSegmentName("a/%"));
    }
}
