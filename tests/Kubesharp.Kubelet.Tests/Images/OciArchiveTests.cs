using System.Formats.Tar;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Kubesharp.Kubelet.Images;

namespace Kubesharp.Kubelet.Tests.Images;

public sealed class OciArchiveTests
{
    private static readonly OciImageSpec Spec = new("docker.io/library/demo:1.0", "amd64",
    [
        ImageFile.Directory("bin"),
        ImageFile.ExecutableFile("bin/tool", Encoding.UTF8.GetBytes("#!/bin/sh\necho hi\n")),
        ImageFile.Symlink("bin/sh", "tool"),
        ImageFile.Text("etc/motd", "hello"),
    ])
    { Entrypoint = ["/bin/tool"], Cmd = ["-x"], ExposedPorts = ["80/tcp"] };

    [Fact]
    public async Task WriteAsync_Archive_HasOciLayoutWithBlobsNamedByDigest()
    {
        var (entries, info) = await WriteAsync(Spec);

        Assert.Contains("oci-layout", entries.Keys);
        Assert.Contains("index.json", entries.Keys);
        foreach (var (name, content) in entries.Where(e => e.Key.StartsWith("blobs/sha256/", StringComparison.Ordinal)))
        {
            Assert.Equal("sha256:" + name["blobs/sha256/".Length..], OciArchive.Digest(content));
        }

        Assert.Contains("blobs/sha256/" + info.ManifestDigest[7..], entries.Keys);
        Assert.Contains("blobs/sha256/" + info.ConfigDigest[7..], entries.Keys);
        Assert.Contains("blobs/sha256/" + info.LayerDigest[7..], entries.Keys);
    }

    [Fact]
    public async Task WriteAsync_Index_PointsAtManifestWithImageName()
    {
        var (entries, info) = await WriteAsync(Spec);

        using var index = JsonDocument.Parse(entries["index.json"]);
        var manifest = index.RootElement.GetProperty("manifests")[0];
        Assert.Equal(info.ManifestDigest, manifest.GetProperty("digest").GetString());
        Assert.Equal(entries["blobs/sha256/" + info.ManifestDigest[7..]].Length, manifest.GetProperty("size").GetInt64());
        Assert.Equal("docker.io/library/demo:1.0", manifest.GetProperty("annotations").GetProperty(OciArchive.ContainerdImageNameAnnotation).GetString());
        Assert.Equal("1.0", manifest.GetProperty("annotations").GetProperty(OciArchive.RefNameAnnotation).GetString());
        Assert.Equal("amd64", manifest.GetProperty("platform").GetProperty("architecture").GetString());
    }

    [Fact]
    public async Task WriteAsync_ManifestAndConfig_DescribeTheLayer()
    {
        var (entries, info) = await WriteAsync(Spec);

        using var manifest = JsonDocument.Parse(entries["blobs/sha256/" + info.ManifestDigest[7..]]);
        Assert.Equal(2, manifest.RootElement.GetProperty("schemaVersion").GetInt32());
        Assert.Equal(info.ConfigDigest, manifest.RootElement.GetProperty("config").GetProperty("digest").GetString());
        var layer = manifest.RootElement.GetProperty("layers")[0];
        Assert.Equal(OciArchive.LayerMediaType, layer.GetProperty("mediaType").GetString());
        Assert.Equal(info.LayerDigest, layer.GetProperty("digest").GetString());

        using var config = JsonDocument.Parse(entries["blobs/sha256/" + info.ConfigDigest[7..]]);
        Assert.Equal(info.DiffId, config.RootElement.GetProperty("rootfs").GetProperty("diff_ids")[0].GetString());
        Assert.Equal("/bin/tool", config.RootElement.GetProperty("config").GetProperty("Entrypoint")[0].GetString());
        Assert.Equal("-x", config.RootElement.GetProperty("config").GetProperty("Cmd")[0].GetString());
        Assert.Equal("linux", config.RootElement.GetProperty("os").GetString());
    }

    [Fact]
    public async Task WriteAsync_Layer_GunzipsToTarWithDiffIdAndFiles()
    {
        var (entries, info) = await WriteAsync(Spec);

        using var gunzipped = new MemoryStream();
        await using (var gzip = new GZipStream(new MemoryStream(entries["blobs/sha256/" + info.LayerDigest[7..]]), CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(gunzipped, TestContext.Current.CancellationToken);
        }

        Assert.Equal(info.DiffId, OciArchive.Digest(gunzipped.ToArray()));
        gunzipped.Position = 0;
        var layer = await ReadTarAsync(gunzipped);
        Assert.Equal(["bin/", "bin/tool", "bin/sh", "etc/motd"], layer.Select(e => e.Name));
        Assert.Equal(TarEntryType.SymbolicLink, layer[2].Type);
        Assert.Equal("tool", layer[2].LinkName);
        Assert.Equal((UnixFileMode)0b111_101_101, layer[1].Mode);
    }

    [Fact]
    public async Task WriteAsync_SameSpecTwice_SameDigests()
    {
        var (_, first) = await WriteAsync(Spec);
        var (_, second) = await WriteAsync(Spec);

        Assert.Equal(first, second);
    }

    [Fact]
    public void Specs_LocalImages_PauseSleepsAndHttpdServesIndex()
    {
        var specs = LocalImages.Specs(new LocalImageOptions { OutputDirectory = "/x" }, new byte[] { 1 }, ["sh", "sleep", "httpd", "wget"], "amd64");

        Assert.Equal(["registry.k8s.io/pause:3.10", "docker.io/library/busybox:latest", "docker.io/kubesharp/httpd:latest"], specs.Select(s => s.Name));
        Assert.Contains(specs[0].Files, f => f.Path == "bin/sleep" && f.LinkTarget == "busybox");
        Assert.Contains(specs[1].Files, f => f.Path == "bin/wget");
        Assert.Contains(specs[2].Files, f => f.Path == "www/index.html");
        Assert.Equal("/bin/httpd", specs[2].Entrypoint[0]);
    }

    private static async Task<(Dictionary<string, byte[]> Entries, OciArchiveInfo Info)> WriteAsync(OciImageSpec spec)
    {
        using var archive = new MemoryStream();
        var info = await OciArchive.WriteAsync(spec, archive, TestContext.Current.CancellationToken);
        archive.Position = 0;
        var entries = (await ReadTarAsync(archive)).Where(e => e.Type == TarEntryType.RegularFile).ToDictionary(e => e.Name, e => e.Content);
        return (entries, info);
    }

    private static async Task<List<(string Name, TarEntryType Type, string LinkName, UnixFileMode Mode, byte[] Content)>> ReadTarAsync(Stream stream)
    {
        var result = new List<(string, TarEntryType, string, UnixFileMode, byte[])>();
        await using var reader = new TarReader(stream, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: true, TestContext.Current.CancellationToken) is { } entry)
        {
            using var content = new MemoryStream();
            if (entry.DataStream is not null)
            {
                await entry.DataStream.CopyToAsync(content, TestContext.Current.CancellationToken);
            }

            result.Add((entry.Name, entry.EntryType, entry.LinkName, entry.Mode, content.ToArray()));
        }

        return result;
    }
}
