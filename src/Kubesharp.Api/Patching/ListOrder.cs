using System.Text.Json.Nodes;

namespace Kubesharp.Api.Patching;

/// <summary>
/// The order of a strategically merged list, as upstream computes it: items named by the patch
/// keep the patch's order, server-only items keep the live order, and the two are interleaved
/// using the live order where both items appear in it (otherwise the patch item goes first).
/// </summary>
internal static class ListOrder
{
    public static List<JsonNode?> Normalize(
        List<JsonNode?> patchItems, List<JsonNode?> serverOnly, List<JsonNode?> patchOrder, List<JsonNode?> serverOrder, string? mergeKey)
    {
        var right = SortBy(patchItems, patchOrder, mergeKey);
        var left = SortBy(serverOnly, serverOrder, mergeKey);
        var result = new List<JsonNode?>(left.Count + right.Count);
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            if (j >= right.Count)
            {
                result.Add(left[i++]);
            }
            else if (i >= left.Count)
            {
                result.Add(right[j++]);
            }
            else
            {
                var li = StrategicMergePatch.IndexOf(serverOrder, left[i], mergeKey);
                var ri = StrategicMergePatch.IndexOf(serverOrder, right[j], mergeKey);
                result.Add(li >= 0 && ri >= 0 && li < ri ? left[i++] : right[j++]);
            }
        }

        return result;
    }

    private static List<JsonNode?> SortBy(List<JsonNode?> items, List<JsonNode?> order, string? mergeKey)
    {
        // A stable sort by position in `order`; items it does not name keep their place after the named ones.
        return [.. items
            .Select((item, position) => (item, position, rank: StrategicMergePatch.IndexOf(order, item, mergeKey)))
            .OrderBy(x => x.rank < 0 ? int.MaxValue : x.rank)
            .ThenBy(x => x.position)
            .Select(x => x.item)];
    }
}
