using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell.Mappings;

/// <summary>Dense values as a sparse vector, the form the stage mappings hand a cell's shared features on in.</summary>
internal static class SparseVectors
{
    /// <summary>Writes the non-zero entries of <paramref name="dense"/> (in order) into <paramref name="vector"/>, reusing its buffers.</summary>
    /// <param name="dense">The values.</param>
    /// <param name="vector">The sparse vector of the same length.</param>
    public static void FromDense(ReadOnlySpan<float> dense, ref VBuffer<float> vector)
    {
        var nonZero = 0;
        foreach (var value in dense)
        {
            nonZero += value != 0 ? 1 : 0;
        }

        var editor = VBufferEditor.Create(ref vector, dense.Length, nonZero);
        if (nonZero == dense.Length)
        {
            // No zero: the editor is dense and has no indices.
            dense.CopyTo(editor.Values);
            vector = editor.Commit();
            return;
        }

        var at = 0;
        for (var i = 0; i < dense.Length && at < nonZero; i++)
        {
            if (dense[i] != 0)
            {
                editor.Indices[at] = i;
                editor.Values[at++] = dense[i];
            }
        }

        vector = editor.Commit();
    }
}
