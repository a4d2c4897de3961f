namespace PllmML.Data.Proteins;

/// <summary>Accumulates a <see cref="ProteinFastaSummary"/> record by record; keeps lengths, not sequences.</summary>
internal sealed class ProteinFastaSummaryBuilder
{
    private readonly List<int> _lengths = [];
    private readonly Dictionary<ProteinHeaderFormat, int> _formats = [];
    private readonly Dictionary<string, int> _isoforms = new(StringComparer.Ordinal);
    private long _residues;
    private int _withoutGene;

    public void Add(ProteinRecord record)
    {
        _lengths.Add(record.Length);
        _residues += record.Length;
        _formats[record.HeaderFormat] = _formats.GetValueOrDefault(record.HeaderFormat) + 1;
        if ((record.GeneId ?? record.GeneSymbol) is { } gene)
        {
            _isoforms[gene] = _isoforms.GetValueOrDefault(gene) + 1;
        }
        else
        {
            _withoutGene++;
        }
    }

    public ProteinFastaSummary Build(string filePath, ProteinCleaningReport cleaning)
    {
        _lengths.Sort();
        var count = _lengths.Count;
        return new ProteinFastaSummary(filePath, cleaning)
        {
            Records = count,
            Residues = _residues,
            MinLength = count > 0 ? _lengths[0] : 0,
            MedianLength = count > 0 ? (_lengths[(count - 1) / 2] + (double)_lengths[count / 2]) / 2 : double.NaN,
            MaxLength = count > 0 ? _lengths[^1] : 0,
            HeaderFormats = _formats,
            DistinctGenes = _isoforms.Count,
            RecordsWithoutGene = _withoutGene,
            GenesByIsoformCount = new SortedDictionary<int, int>(
                _isoforms.Values.CountBy(isoforms => isoforms).ToDictionary()),
        };
    }
}
