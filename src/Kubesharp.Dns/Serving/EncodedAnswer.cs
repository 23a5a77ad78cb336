namespace Kubesharp.Dns.Serving;

/// <summary>A response minus its header and question: flags, section counts, then the record bytes.</summary>
internal sealed record EncodedAnswer(ushort Flags, ushort AnswerCount, ushort AuthorityCount, ushort AdditionalCount, byte[] Records, bool Forward);
