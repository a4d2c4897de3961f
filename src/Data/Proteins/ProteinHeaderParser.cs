using System.Globalization;
using System.Text.RegularExpressions;

namespace PllmML.Data.Proteins;

/// <summary>Reads the ids out of a FASTA header in the Ensembl, UniProt or plain convention.</summary>
internal static partial class ProteinHeaderParser
{
    private const string EnsemblDescription = "description:";
    private static readonly char[] Blanks = [' ', '\t'];

    /// <summary>Parses a header; the record's sequence is left empty.</summary>
    /// <param name="header">The header line without its <c>&gt;</c>; not blank.</param>
    /// <param name="lineNumber">The header's line number.</param>
    public static ProteinRecord Parse(string header, long lineNumber)
    {
        var words = header.Trim().Split(Blanks, 2, StringSplitOptions.RemoveEmptyEntries);
        var (first, rest) = (words[0], words.Length > 1 ? words[1] : string.Empty);
        if (first.Split('|') is [var database and ("sp" or "tr"), { Length: > 0 } accession, var entryName])
        {
            return UniProt(header, lineNumber, database, accession, entryName, rest);
        }

        var isEnsembl = rest == "pep" || rest.StartsWith("pep ", StringComparison.Ordinal)
            || rest.StartsWith("pep:", StringComparison.Ordinal);
        return isEnsembl ? Ensembl(header, lineNumber, first, rest) : Plain(header, lineNumber, first, rest);
    }

    private static ProteinRecord Ensembl(string header, long lineNumber, string id, string rest)
    {
        var at = (" " + rest).IndexOf(" " + EnsemblDescription, StringComparison.Ordinal);
        var description = at < 0 ? null : rest[(at + EnsemblDescription.Length)..].Trim();
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var word in (at < 0 ? rest : rest[..at]).Split(Blanks, StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = word.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                attributes.TryAdd(word[..colon], word[(colon + 1)..]);
            }
        }

        return new ProteinRecord
        {
            ProteinId = id,
            GeneId = attributes.GetValueOrDefault("gene"),
            GeneSymbol = attributes.GetValueOrDefault("gene_symbol"),
            TranscriptId = attributes.GetValueOrDefault("transcript"),
            Description = description is { Length: > 0 } ? description : null,
            HeaderFormat = ProteinHeaderFormat.Ensembl,
            Header = header,
            HeaderLineNumber = lineNumber,
            Attributes = attributes,
            Sequence = string.Empty,
        };
    }

    private static ProteinRecord UniProt(
        string header, long lineNumber, string database, string accession, string entryName, string rest)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["entry_name"] = entryName };
        var fields = UniProtField().Matches(rest);
        for (var i = 0; i < fields.Count; i++)
        {
            var end = i + 1 < fields.Count ? fields[i + 1].Index : rest.Length;
            var start = fields[i].Index + fields[i].Length;
            attributes.TryAdd(fields[i].Groups["key"].Value, rest[start..end].Trim());
        }

        var description = (fields.Count > 0 ? rest[..fields[0].Index] : rest).Trim();
        return new ProteinRecord
        {
            ProteinId = accession,
            GeneSymbol = attributes.GetValueOrDefault("GN"),
            Description = description.Length > 0 ? description : null,
            Organism = attributes.GetValueOrDefault("OS"),
            TaxonId = int.TryParse(attributes.GetValueOrDefault("OX"), CultureInfo.InvariantCulture, out var taxon)
                ? taxon : null,
            HeaderFormat = database == "sp" ? ProteinHeaderFormat.UniProtSwissProt : ProteinHeaderFormat.UniProtTrembl,
            Header = header,
            HeaderLineNumber = lineNumber,
            Attributes = attributes,
            Sequence = string.Empty,
        };
    }

    private static ProteinRecord Plain(string header, long lineNumber, string id, string rest)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        var text = new List<string>();
        foreach (var word in rest.Split(Blanks, StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = word.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                attributes.TryAdd(word[..equals], word[(equals + 1)..]);
            }
            else
            {
                text.Add(word);
            }
        }

        return new ProteinRecord
        {
            ProteinId = id,
            Description = text.Count > 0 ? string.Join(' ', text) : null,
            HeaderFormat = ProteinHeaderFormat.Plain,
            Header = header,
            HeaderLineNumber = lineNumber,
            Attributes = attributes,
            Sequence = string.Empty,
        };
    }

    [GeneratedRegex(@"(?<=^|\s)(?<key>OS|OX|OG|GN|PE|SV)=", RegexOptions.CultureInvariant)]
    private static partial Regex UniProtField();
}
