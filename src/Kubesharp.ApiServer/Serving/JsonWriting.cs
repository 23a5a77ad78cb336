using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kubesharp.ApiServer.Serving;

/// <summary>
/// How the API writes JSON: like Go's encoder, quotes and apostrophes stay literal (no \u0022),
/// so responses read as upstream's do; JSON bodies are never embedded in HTML.
/// </summary>
internal static class JsonWriting
{
    public static JsonWriterOptions Options { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
