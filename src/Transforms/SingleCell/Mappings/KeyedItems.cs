namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>
/// Items grouped by a key (a CSR index): the items of key <c>k</c> are <c>Items[Start[k] .. Start[k + 1]]</c>, in item
/// order. The sparse stage paths use it to go from a stored value to what reads it.
/// </summary>
/// <param name="Start">Per key, where its items start; one more entry than keys.</param>
/// <param name="Items">The item indices, grouped by key.</param>
internal sealed record KeyedItems(int[] Start, int[] Items)
{
    /// <summary>Groups items 0 … n − 1 by <paramref name="keyOfItem"/>, each in 0 … <paramref name="keys"/> − 1.</summary>
    public static KeyedItems Of(ReadOnlySpan<int> keyOfItem, int keys)
    {
        var start = new int[keys + 1];
        foreach (var key in keyOfItem)
        {
            start[key + 1]++;
        }

        for (var key = 0; key < keys; key++)
        {
            start[key + 1] += start[key];
        }

        var items = new int[keyOfItem.Length];
        var next = start[..^1];
        for (var item = 0; item < keyOfItem.Length; item++)
        {
            items[next[keyOfItem[item]]++] = item;
        }

        return new KeyedItems(start, items);
    }
}
