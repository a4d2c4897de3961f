namespace PllmML.Data.H5ad;

/// <summary>
/// Brings compressed sparse arrays into canonical form (indices strictly increasing within each row), as scipy's
/// <c>sum_duplicates</c> does: scipy and other writers may store a row's indices unsorted or repeated.
/// </summary>
internal static class SparseCanonicaliser
{
    /// <summary>
    /// <see cref="CsrMatrix.FindProblem"/> on the arrays, canonicalising them first only when that check fails (what
    /// our writer, scanpy and anndata store is canonical: one pass over the indices); the problem left, or null.
    /// </summary>
    public static string? CanonicalProblem(int majorCount, int minorCount, int[] pointers, ref int[] indices, ref float[] values)
    {
        if (CsrMatrix.FindProblem(majorCount, minorCount, pointers, indices, values) is null)
        {
            return null;
        }

        Canonicalise(majorCount, pointers, ref indices, ref values);
        return CsrMatrix.FindProblem(majorCount, minorCount, pointers, indices, values);
    }

    public static void Canonicalise(int majorCount, int[] pointers, ref int[] indices, ref float[] values)
    {
        if (!PointersAreValid(majorCount, pointers, indices.Length, values.Length)
            || IsCanonical(majorCount, pointers, indices))
        {
            return;
        }

        var newIndices = new List<int>(indices.Length);
        var newValues = new List<float>(values.Length);
        var row = new List<(int Index, float Value)>();
        var start = 0;
        for (var major = 0; major < majorCount; major++)
        {
            row.Clear();
            for (var entry = start; entry < pointers[major + 1]; entry++)
            {
                row.Add((indices[entry], values[entry]));
            }

            start = pointers[major + 1];
            row.Sort((a, b) => a.Index.CompareTo(b.Index));
            for (var k = 0; k < row.Count; k++)
            {
                if (k > 0 && row[k].Index == row[k - 1].Index)
                {
                    newValues[^1] += row[k].Value;
                    continue;
                }

                newIndices.Add(row[k].Index);
                newValues.Add(row[k].Value);
            }

            pointers[major + 1] = newIndices.Count;
        }

        indices = [.. newIndices];
        values = [.. newValues];
    }

    // Broken pointers are left for CsrMatrix.FindProblem to describe.
    private static bool PointersAreValid(int majorCount, int[] pointers, int indexCount, int valueCount)
    {
        if (pointers.Length != majorCount + 1 || pointers[0] != 0 || pointers[^1] > Math.Min(indexCount, valueCount))
        {
            return false;
        }

        for (var major = 0; major < majorCount; major++)
        {
            if (pointers[major + 1] < pointers[major])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsCanonical(int majorCount, int[] pointers, int[] indices)
    {
        for (var major = 0; major < majorCount; major++)
        {
            for (var entry = pointers[major] + 1; entry < pointers[major + 1]; entry++)
            {
                if (indices[entry] <= indices[entry - 1])
                {
                    return false;
                }
            }
        }

        return true;
    }
}
