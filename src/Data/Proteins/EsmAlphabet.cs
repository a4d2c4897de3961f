namespace PllmML.Data.Proteins;

/// <summary>
/// ESM-2's 33-token vocabulary (fair-esm's "ESM-1b" alphabet, the order of the Hugging Face <c>vocab.txt</c>) and
/// its tokenizer: <c>&lt;cls&gt;</c> + residues + <c>&lt;eos&gt;</c>, residues truncated first, as fair-esm's
/// <c>BatchConverter</c> does. The one tokenizer of PllmML: the TorchSharp/ONNX backends (<see cref="Encode"/>, strict)
/// and the ML.NET tokenizer mapping (<see cref="EncodeLenient"/>, the Hugging Face rule) both use this table.
/// </summary>
public static class EsmAlphabet
{
    /// <summary>The id of <c>&lt;cls&gt;</c>, the first token of every sequence.</summary>
    public const int ClsId = 0;

    /// <summary>The id of <c>&lt;pad&gt;</c>.</summary>
    public const int PadId = 1;

    /// <summary>The id of <c>&lt;eos&gt;</c>, the last token of every sequence.</summary>
    public const int EosId = 2;

    /// <summary>The id of <c>&lt;unk&gt;</c>.</summary>
    public const int UnknownId = 3;

    /// <summary>The id of <c>&lt;mask&gt;</c>.</summary>
    public const int MaskId = 32;

    /// <summary>The number of tokens.</summary>
    public const int Size = 33;

    /// <summary>extract.py's default residue limit: 1022 residues + 2 special tokens = 1024 positions.</summary>
    public const int DefaultTruncation = 1022;

    private static readonly string[] TokenList =
    [
        "<cls>", "<pad>", "<eos>", "<unk>",
        "L", "A", "G", "V", "S", "E", "R", "T", "I", "D", "P", "K", "Q", "N", "F", "Y", "M", "H", "W", "C",
        "X", "B", "U", "Z", "O", ".", "-", "<null_1>", "<mask>",
    ];

    private static readonly Dictionary<string, int> SpecialIds = TokenList
        .Select((token, id) => (token, id)).Where(pair => pair.token.StartsWith('<'))
        .ToDictionary(pair => pair.token, pair => pair.id, StringComparer.Ordinal);

    private static readonly int[] ResidueIds = BuildResidueIds();

    /// <summary>The single-letter residue tokens in id order (<c>LAGVSERTIDPKQNFYMHWCXBUZO.-</c>).</summary>
    public static string ResidueLetters { get; } = string.Concat(TokenList.Where(token => token.Length == 1));

    /// <summary>The tokens in id order.</summary>
    public static IReadOnlyList<string> Tokens => TokenList;

    /// <summary>
    /// Encodes a sequence: residue letters (ESM-2's alphabet, upper case) and special tokens written out
    /// (<c>&lt;mask&gt;</c>, <c>&lt;unk&gt;</c>, …), truncated to the first <paramref name="truncation"/> encoded
    /// tokens, then wrapped in <c>&lt;cls&gt;</c> … <c>&lt;eos&gt;</c>.
    /// </summary>
    /// <param name="sequence">The protein sequence.</param>
    /// <param name="truncation">The most residue tokens kept; null keeps all.</param>
    /// <returns>The token ids.</returns>
    /// <exception cref="ArgumentException">A character is not in the alphabet (clean the FASTA with a
    /// <c>ProteinCleaningPolicy</c> first) or the sequence is empty; the message names the position.</exception>
    public static long[] Encode(string sequence, int? truncation = DefaultTruncation)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        var residues = EncodeResidues(sequence);
        if (residues.Count == 0)
        {
            throw new ArgumentException("The sequence is empty; ESM-2 needs at least one residue.", nameof(sequence));
        }

        var kept = truncation is { } limit ? Math.Min(limit, residues.Count) : residues.Count;
        var tokens = new long[kept + 2];
        tokens[0] = ClsId;
        for (var i = 0; i < kept; i++)
        {
            tokens[i + 1] = residues[i];
        }

        tokens[^1] = EosId;
        return tokens;
    }

    /// <summary>
    /// Encodes with the Hugging Face tokenizer's rule, for uncleaned text: upper-cased residues, J as X, any other
    /// character outside the alphabet (written-out special tokens included) as <c>&lt;unk&gt;</c>; the first
    /// <c>ids.Length − 2</c> characters, wrapped in <c>&lt;cls&gt;</c> … <c>&lt;eos&gt;</c>, then <c>&lt;pad&gt;</c>.
    /// </summary>
    /// <param name="sequence">The text (null or empty gives <c>&lt;cls&gt;&lt;eos&gt;</c>).</param>
    /// <param name="ids">Receives the ids; its length is the number of positions (at least 2).</param>
    /// <returns>The number of real tokens (the attention mask's ones).</returns>
    public static int EncodeLenient(string? sequence, Span<long> ids)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ids.Length, 2, nameof(ids));
        ids.Fill(PadId);
        var count = Math.Min(sequence?.Length ?? 0, ids.Length - 2);
        ids[0] = ClsId;
        for (var i = 0; i < count; i++)
        {
            var residue = char.ToUpperInvariant(sequence![i]);
            residue = residue == 'J' ? 'X' : residue;
            var id = residue < 128 ? ResidueIds[residue] : -1;
            ids[i + 1] = id < 0 ? UnknownId : id;
        }

        ids[count + 1] = EosId;
        return count + 2;
    }

    /// <summary>The number of residue tokens of a sequence before truncation (a written-out special token counts
    /// once).</summary>
    /// <param name="sequence">The protein sequence.</param>
    public static int CountTokens(string sequence) => EncodeResidues(sequence).Count;

    private static List<int> EncodeResidues(string sequence)
    {
        var ids = new List<int>(sequence.Length);
        for (var i = 0; i < sequence.Length; i++)
        {
            var c = sequence[i];
            if (c == '<')
            {
                var end = sequence.IndexOf('>', i);
                if (end > i && SpecialIds.TryGetValue(sequence[i..(end + 1)], out var special))
                {
                    ids.Add(special);
                    i = end;
                    continue;
                }
            }

            var id = c < 128 ? ResidueIds[c] : -1;
            if (id < 0)
            {
                throw new ArgumentException(
                    $"Residue {i + 1} is '{c}', which is not in ESM-2's alphabet (L A G V S E R T I D P K Q N F Y M H W C X B U Z O . -); "
                    + "clean the sequence first (ProteinCleaningPolicy).", nameof(sequence));
            }

            ids.Add(id);
        }

        return ids;
    }

    private static int[] BuildResidueIds()
    {
        var ids = Enumerable.Repeat(-1, 128).ToArray();
        for (var id = 0; id < TokenList.Length; id++)
        {
            if (TokenList[id].Length == 1)
            {
                ids[TokenList[id][0]] = id;
            }
        }

        return ids;
    }
}
