using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;

namespace Kubesharp.Kubelet.Images;

/// <summary>
/// Writes an image as an OCI image-layout tar (oci-layout, index.json, blobs/sha256/...), the form
/// <c>ctr images import</c> reads. Output is deterministic: same spec, same digests.
/// </summary>
public static class OciArchive
{
    public const string ManifestMediaType = "application/vnd.oci.image.manifest.v1+json";
    public const string ConfigMediaType = "application/vnd.oci.image.config.v1+json";
    public const string LayerMediaType = "application/vnd.oci.image.layer.v1.tar+gzip";
    public const string IndexMediaType = "application/vnd.oci.image.index.v1+json";

    /// <summary>containerd names imported images after this annotation.</summary>
    public const string ContainerdImageNameAnnotation = "io.containerd.image.name";
    public const string RefNameAnnotation = "org.opencontainers.image.ref.name";

    private static readonly DateTimeOffset Epoch = DateTimeOffset.UnixEpoch;

    public static async Task<OciArchiveInfo> WriteAsync(OciImageSpec image, Stream destination, CancellationToken cancellationToken)
    {
        var layerTar = await BuildLayerAsync(image.Files, cancellationToken).ConfigureAwait(false);
        var layer = await GzipAsync(layerTar, cancellationToken).ConfigureAwait(false);
        var diffId = Digest(layerTar);
        var config = Json(w => WriteConfig(w, image, diffId));
        var manifest = Json(w => WriteManifest(w, Digest(config), config.Length, Digest(layer), layer.Length));
        var index = Json(w => WriteIndex(w, image, Digest(manifest), manifest.Length));

        var writer = new TarWriter(destination, TarEntryFormat.Ustar, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            await AddAsync(writer, "oci-layout", Json(w =>
            {
                w.WriteStartObject();
                w.WriteString("imageLayoutVersion", "1.0.0");
                w.WriteEndObject();
            }), cancellationToken).ConfigureAwait(false);
            await AddAsync(writer, "index.json", index, cancellationToken).ConfigureAwait(false);
            await AddDirectoryAsync(writer, "blobs/", cancellationToken).ConfigureAwait(false);
            await AddDirectoryAsync(writer, "blobs/sha256/", cancellationToken).ConfigureAwait(false);
            foreach (var blob in new[] { config, manifest, layer })
            {
                await AddAsync(writer, "blobs/sha256/" + Digest(blob)["sha256:".Length..], blob, cancellationToken).ConfigureAwait(false);
            }
        }

        return new OciArchiveInfo(Digest(manifest), Digest(config), Digest(layer), diffId);
    }

    public static string Digest(ReadOnlySpan<byte> content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    private static async Task<byte[]> BuildLayerAsync(IReadOnlyList<ImageFile> files, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var writer = new TarWriter(buffer, TarEntryFormat.Ustar, leaveOpen: true);
        await using (writer.ConfigureAwait(false))
        {
            foreach (var file in files)
            {
                var entry = file.Kind switch
                {
                    ImageFileKind.Directory => new UstarTarEntry(TarEntryType.Directory, file.Path.TrimEnd('/') + "/"),
                    ImageFileKind.Symlink => new UstarTarEntry(TarEntryType.SymbolicLink, file.Path) { LinkName = file.LinkTarget },
                    _ => new UstarTarEntry(TarEntryType.RegularFile, file.Path) { DataStream = new MemoryStream(file.Content.ToArray()) },
                };
                entry.Mode = file.Mode;
                entry.ModificationTime = Epoch;
                entry.Uid = 0;
                entry.Gid = 0;
                await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
            }
        }

        return buffer.ToArray();
    }

    private static async Task<byte[]> GzipAsync(byte[] content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true);
        await using (gzip.ConfigureAwait(false))
        {
            await gzip.WriteAsync(content, cancellationToken).ConfigureAwait(false);
        }

        return buffer.ToArray();
    }

    private static void WriteConfig(Utf8JsonWriter w, OciImageSpec image, string diffId)
    {
        w.WriteStartObject();
        w.WriteString("created", Epoch);
        w.WriteString("architecture", image.Architecture);
        w.WriteString("os", "linux");
        w.WriteStartObject("config");
        WriteStrings(w, "Env", image.Env);
        if (image.Entrypoint.Count > 0)
        {
            WriteStrings(w, "Entrypoint", image.Entrypoint);
        }

        if (image.Cmd.Count > 0)
        {
            WriteStrings(w, "Cmd", image.Cmd);
        }

        w.WriteString("WorkingDir", image.WorkingDir);
        if (image.ExposedPorts.Count > 0)
        {
            w.WriteStartObject("ExposedPorts");
            foreach (var port in image.ExposedPorts)
            {
                w.WriteStartObject(port);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndObject();
        w.WriteStartObject("rootfs");
        w.WriteString("type", "layers");
        WriteStrings(w, "diff_ids", [diffId]);
        w.WriteEndObject();
        w.WriteStartArray("history");
        w.WriteStartObject();
        w.WriteString("created", Epoch);
        w.WriteString("created_by", "kubesharp image builder");
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteManifest(Utf8JsonWriter w, string configDigest, long configSize, string layerDigest, long layerSize)
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", ManifestMediaType);
        WriteDescriptor(w, "config", ConfigMediaType, configDigest, configSize);
        w.WriteStartArray("layers");
        WriteDescriptor(w, null, LayerMediaType, layerDigest, layerSize);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteIndex(Utf8JsonWriter w, OciImageSpec image, string manifestDigest, long manifestSize)
    {
        w.WriteStartObject();
        w.WriteNumber("schemaVersion", 2);
        w.WriteString("mediaType", IndexMediaType);
        w.WriteStartArray("manifests");
        w.WriteStartObject();
        w.WriteString("mediaType", ManifestMediaType);
        w.WriteString("digest", manifestDigest);
        w.WriteNumber("size", manifestSize);
        w.WriteStartObject("platform");
        w.WriteString("architecture", image.Architecture);
        w.WriteString("os", "linux");
        w.WriteEndObject();
        w.WriteStartObject("annotations");
        w.WriteString(ContainerdImageNameAnnotation, image.Name);
        w.WriteString(RefNameAnnotation, TagOf(image.Name));
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static string TagOf(string name)
    {
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');
        return colon > slash ? name[(colon + 1)..] : "latest";
    }

    private static void WriteDescriptor(Utf8JsonWriter w, string? property, string mediaType, string digest, long size)
    {
        if (property is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(property);
        }

        w.WriteString("mediaType", mediaType);
        w.WriteString("digest", digest);
        w.WriteNumber("size", size);
        w.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter w, string property, IEnumerable<string> values)
    {
        w.WriteStartArray(property);
        foreach (var value in values)
        {
            w.WriteStringValue(value);
        }

        w.WriteEndArray();
    }

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        return buffer.ToArray();
    }

    private static async Task AddAsync(TarWriter writer, string name, byte[] content, CancellationToken cancellationToken)
    {
        var entry = new UstarTarEntry(TarEntryType.RegularFile, name)
        {
            DataStream = new MemoryStream(content),
            Mode = (UnixFileMode)0b110_100_100,
            ModificationTime = Epoch,
        };
        await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }

    private static async Task AddDirectoryAsync(TarWriter writer, string name, CancellationToken cancellationToken)
    {
        var entry = new UstarTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101, ModificationTime = Epoch };
        await writer.WriteEntryAsync(entry, cancellationToken).ConfigureAwait(false);
    }
}
