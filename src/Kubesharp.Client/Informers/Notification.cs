using System.Text.Json.Nodes;

namespace Kubesharp.Client.Informers;

/// <summary>One item on the way from the watch loop to the handlers.</summary>
internal readonly record struct Notification(NotificationKind Kind, JsonObject? Old, JsonObject? New);
