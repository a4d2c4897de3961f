using PllmML.Data;
using PllmML.Data.H5ad;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline;

/// <summary>
/// Writes <c>integrated.h5ad</c> the way the predict stage, the side-by-side methods and the gene-map comparison do:
/// the model integrates every cell once, X (the shared-gene counts, the one part that grows with cells × genes) is
/// spooled to disk beside the file and written in blocks, never held whole.
/// </summary>
internal static class IntegratedFile
{
    /// <summary>Integrates the cells and writes them to <paramref name="path"/>.</summary>
    /// <returns>What was written, without X (obs, obsm, uns).</returns>
    public static CellMatrix Write(SingleCellModel model, IReadOnlyList<SpeciesData> inputs, string labelKey, string path)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        using var x = new CsrRowSpool(model.Manifest.SharedFeatures, folder);
        var cells = model.Integrate(inputs, labelKey, x);
        H5adWriter.Write(cells, path, x);
        return cells;
    }
}
