namespace PllmML.Kernels.Conformal;

/// <summary>
/// Stratified k-fold assignment (scikit-learn's <c>StratifiedKFold(shuffle=True)</c> in spirit): each class's items are
/// shuffled with a seeded generator and dealt round-robin to the folds, so every fold holds each class in proportion
/// (a class with fewer items than folds is in fewer folds).
/// </summary>
public static class StratifiedFolds
{
    /// <summary>The fold (0 … folds − 1) of each item.</summary>
    /// <param name="classes">Each item's class index.</param>
    /// <param name="folds">Number of folds, at least 2.</param>
    /// <param name="seed">Seed of the shuffle.</param>
    /// <exception cref="ArgumentOutOfRangeException">Fewer than 2 folds.</exception>
    public static int[] Assign(ReadOnlySpan<int> classes, int folds, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var result = new int[classes.Length];
        var byClass = new SortedDictionary<int, List<int>>();
        for (var item = 0; item < classes.Length; item++)
        {
            if (!byClass.TryGetValue(classes[item], out var members))
            {
                byClass[classes[item]] = members = [];
            }

            members.Add(item);
        }

        var random = new Random(seed);
        var next = 0;
        foreach (var members in byClass.Values)
        {
            var order = members.ToArray();
            random.Shuffle(order);
            // Continue the deal where the previous class stopped, so small classes do not all land in fold 0.
            foreach (var item in order)
            {
                result[item] = next;
                next = (next + 1) % folds;
            }
        }

        return result;
    }
}
