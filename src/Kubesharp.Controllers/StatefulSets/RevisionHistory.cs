using System.Text.Json.Nodes;
using Kubesharp.Api.Catalog;
using Kubesharp.Client.Rest;
using Kubesharp.Controllers.Common;
using Kubesharp.Controllers.Deployments;

namespace Kubesharp.Controllers.StatefulSets;

/// <summary>
/// A StatefulSet's template history as ControllerRevisions (upstream's controller history): each
/// distinct template is one revision named <c>set-hash</c> whose data is the strategic-merge patch
/// <c>{"spec":{"template":{…,"$patch":"replace"}}}</c> that `kubectl rollout undo` applies back.
/// </summary>
internal sealed class RevisionHistory(IApiClient client)
{
    public const string HashLabel = "controller.kubernetes.io/hash";
    public static readonly ResourceType Revisions = BuiltInResources.Get("apps", "controllerrevisions");
    private const int MaxCollisions = 16;

    /// <summary>The revision data of the set's current template.</summary>
    public static JsonObject Data(JsonObject set)
    {
        var template = set["spec"]?["template"]?.DeepClone() as JsonObject ?? [];
        template["$patch"] = "replace";
        return new JsonObject { ["spec"] = new JsonObject { ["template"] = template } };
    }

    /// <summary>The pod template a revision recorded.</summary>
    public static JsonObject Template(JsonObject revision)
    {
        var template = revision["data"]?["spec"]?["template"]?.DeepClone() as JsonObject ?? [];
        template.Remove("$patch");
        return template;
    }

    public static long Number(JsonObject revision) => Json.Int(revision, "revision") ?? 0;

    /// <summary>
    /// The update revision (the set's template: an equal revision is reused and renumbered to the
    /// newest, otherwise one is created) and the current one (status.currentRevision, else the update one).
    /// </summary>
    public async Task<(JsonObject Current, JsonObject Update, long CollisionCount)> ResolveAsync(JsonObject set, IReadOnlyList<JsonObject> owned, CancellationToken cancellationToken)
    {
        var collisions = Json.Int(set, "status", "collisionCount") ?? 0;
        var data = Data(set);
        var fingerprint = TemplateHash.Compute(data, 0);
        var sorted = owned.OrderBy(Number).ToList();
        var next = sorted.Count == 0 ? 1 : Number(sorted[^1]) + 1;
        var equal = sorted.LastOrDefault(r => r["data"] is JsonObject d && TemplateHash.Compute(d, 0) == fingerprint);
        JsonObject update;
        if (equal is not null && ReferenceEquals(equal, sorted[^1]))
        {
            update = equal;
        }
        else if (equal is not null)
        {
            var renumbered = (JsonObject)equal.DeepClone();
            renumbered["revision"] = next;
            update = await client.UpdateAsync(Revisions, renumbered, cancellationToken);
        }
        else
        {
            (update, collisions) = await CreateAsync(set, data, next, collisions, cancellationToken);
        }

        var currentName = Json.Str(set, "status", "currentRevision");
        var current = sorted.FirstOrDefault(r => Json.Str(r, "metadata", "name") == currentName) ?? update;
        return (current, update, collisions);
    }

    /// <summary>Deletes the oldest revisions beyond revisionHistoryLimit that no pod and neither status revision uses.</summary>
    public async Task TruncateAsync(JsonObject set, IReadOnlyList<JsonObject> owned, IReadOnlyList<JsonObject> pods, IReadOnlySet<string> keep, CancellationToken cancellationToken)
    {
        var limit = (int)(Json.Int(set, "spec", "revisionHistoryLimit") ?? 10);
        var live = pods.Select(StatefulPods.Revision).OfType<string>().Concat(keep).ToHashSet(StringComparer.Ordinal);
        var history = owned.Where(r => !live.Contains(Json.Str(r, "metadata", "name")!)).OrderBy(Number).ToList();
        foreach (var revision in history.Take(Math.Max(0, history.Count - limit)))
        {
            try
            {
                await client.DeleteAsync(Revisions, Json.Str(revision, "metadata", "namespace"), Json.Str(revision, "metadata", "name")!, null, cancellationToken);
            }
            catch (ApiException e) when (e.Code == 404)
            {
                // already gone
            }
        }
    }

    private async Task<(JsonObject Revision, long CollisionCount)> CreateAsync(JsonObject set, JsonObject data, long number, long collisions, CancellationToken cancellationToken)
    {
        var ns = Json.Str(set, "metadata", "namespace");
        var fingerprint = TemplateHash.Compute(data, 0);
        for (var attempt = 0; attempt < MaxCollisions; attempt++, collisions++)
        {
            var hash = TemplateHash.Compute(data, collisions);
            var revision = NewRevision(set, data, number, hash);
            try
            {
                return (await client.CreateAsync(Revisions, ns, revision, cancellationToken), collisions);
            }
            catch (ApiException e) when (e.Code == 409)
            {
                var existing = await client.GetAsync(Revisions, ns, Json.Str(revision, "metadata", "name")!, cancellationToken);
                if (existing["data"] is JsonObject d && TemplateHash.Compute(d, 0) == fingerprint && OwnerReferences.IsControlledBy(existing, Json.Str(set, "metadata", "uid")!))
                {
                    return (existing, collisions); // ours, not yet in the cache
                }
            }
        }

        throw new ApiException(409, "AlreadyExists", $"too many hash collisions for the revisions of StatefulSet {Json.Str(set, "metadata", "name")}");
    }

    private static JsonObject NewRevision(JsonObject set, JsonObject data, long number, string hash)
    {
        var labels = set["spec"]?["template"]?["metadata"]?["labels"]?.DeepClone() as JsonObject ?? [];
        labels[HashLabel] = hash;
        var setName = Json.Str(set, "metadata", "name")!;
        var prefix = setName.Length > 52 ? setName[..52] : setName;
        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "ControllerRevision",
            ["metadata"] = new JsonObject
            {
                ["name"] = $"{prefix}-{hash}",
                ["namespace"] = Json.Str(set, "metadata", "namespace"),
                ["labels"] = labels,
                ["ownerReferences"] = new JsonArray(OwnerReferences.For(set, "apps/v1", "StatefulSet")),
            },
            ["data"] = data.DeepClone(),
            ["revision"] = number,
        };
    }
}
