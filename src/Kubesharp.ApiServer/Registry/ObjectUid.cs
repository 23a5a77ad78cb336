using System.Security.Cryptography;

namespace Kubesharp.ApiServer.Registry;

/// <summary>
/// metadata.uid for a new object: a random (version 4) UUID, as upstream's uuid.NewUUID gives. From
/// RandomNumberGenerator (OpenSSL's generator, in process) rather than Guid.NewGuid, which on Linux read
/// the kernel's random device once per call: a system call on every create.
/// </summary>
internal static class ObjectUid
{
    public static string New()
    {
        Span<byte> bytes = stackalloc byte[16];
        RandomNumberGenerator.Fill(bytes);

        // Guid's byte order is little-endian in its first three fields: byte 7 holds the version nibble, byte 8 the variant.
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
