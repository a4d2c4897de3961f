using PllmML.Data;
using PllmML.Pipeline.Configuration;
using PllmML.Trainers.SingleCell;

namespace PllmML.Pipeline;

/// <summary>Reads one configured input as the model takes it: the chosen raw counts, only the kept cell types.</summary>
public static class CellInputs
{
    /// <summary>
    /// Reads the input's file, picks its raw counts (<see cref="InputConfiguration.Counts"/>) and keeps only the cells of
    /// <paramref name="keepLabels"/>. Counts in X of an <c>.h5ad</c> file stay on disk and are read a block of cells at a
    /// time (<see cref="CountMatrix.Read"/>).
    /// </summary>
    /// <param name="input">The configured input.</param>
    /// <param name="keepLabels">Cell types to keep (null: every cell).</param>
    /// <param name="warn">Receives a warning when the counts do not look like raw counts.</param>
    /// <exception cref="DataFormatException">The file, its counts or its label column are not what the input says.</exception>
    public static SpeciesData Read(InputConfiguration input, IReadOnlyList<string>? keepLabels, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        var (_, cells, warning) = CountMatrix.Read(input.Path, input.Counts, CountMatrix.ParseKind(input.Kind));
        if (warning is not null)
        {
            warn?.Invoke(warning);
        }

        if (keepLabels is not null && input.LabelKey is not null && cells.Obs.TryGetColumn(input.LabelKey, out var labels))
        {
            cells = cells.SelectCells([.. Enumerable.Range(0, cells.CellCount).Where(cell => keepLabels.Contains(labels.FormatValue(cell)))]);
        }

        if (input.LabelKey is not null && !cells.Obs.TryGetColumn(input.LabelKey, out _))
        {
            throw new DataFormatException(input.Path, "obs", $"no label column '{input.LabelKey}' (obs has: {string.Join(", ", cells.Obs.ColumnNames)})");
        }

        return new SpeciesData(input.Species, cells, input.LabelKey, input.DonorKey, input.Path);
    }
}
