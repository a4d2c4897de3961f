using System.Diagnostics;
using PllmML.Data;
using PllmML.Data.Embeddings;
using PllmML.Data.Proteins;

namespace PllmML.Esm.Embedding;

/// <summary>
/// Embeds proteins with an ESM-2 backend (<see cref="IEsmEncoder"/>: <see cref="EsmModel"/> or <see cref="Onnx.EsmOnnxModel"/>) into an <see cref="EmbeddingStore"/>: identical sequences once,
/// sequences already stored (same model, layer, pooling) not at all, the rest in length-sorted batches under a token
/// budget, each batch committed as it finishes — so an interrupted run resumes where it stopped.
/// </summary>
public sealed class ProteinEmbedder
{
    private readonly IEsmEncoder _model;
    private readonly EmbeddingStore _store;
    private readonly int[] _layers;

    /// <summary>Creates the embedder.</summary>
    /// <param name="model">The model: TorchSharp (any layer) or ONNX (the last layer, −1, only).</param>
    /// <param name="store">Where embeddings are kept.</param>
    /// <param name="options">Layers, batching and the long-sequence rule; extract.py's defaults when null.</param>
    public ProteinEmbedder(IEsmEncoder model, EmbeddingStore store, ProteinEmbeddingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(store);
        _model = model;
        _store = store;
        Options = options ?? new ProteinEmbeddingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.Truncation, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(Options.WindowStride, 1);
        _layers = Options.Layers.Select(ResolveLayer).Distinct().ToArray();
    }

    /// <summary>The options.</summary>
    public ProteinEmbeddingOptions Options { get; }

    /// <summary>The resolved representation layers.</summary>
    public IReadOnlyList<int> Layers => _layers;

    /// <summary>Makes sure every protein's embedding is in the store, computing what is missing.</summary>
    /// <param name="proteins">The proteins (cleaned by a <see cref="ProteinCleaningPolicy"/>).</param>
    /// <param name="progress">Receives progress after every batch; may be null.</param>
    /// <param name="cancellation">Stops between batches; what is committed stays.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="DataFormatException">A protein is empty or holds a character outside ESM-2's alphabet (the
    /// message names the protein and its header line).</exception>
    public EmbeddingRunSummary Embed(IReadOnlyList<ProteinRecord> proteins, IProgress<EmbeddingProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(proteins);
        var clock = Stopwatch.StartNew();
        var all = UniqueSequences(proteins);
        var unique = OfThisShard(all);
        var missing = MissingSequences(unique);
        var items = missing.SelectMany((sequence, index) => WorkItems(sequence.Sequence, index)).ToList();
        var plan = TokenBatchPlanner.Plan(items.Select(item => item.Tokens.Length).ToArray(), Options.MaxTokens);
        var toCompute = items.Sum(item => (long)(item.Tokens.Length - 2));
        var assembler = new WindowAssembler(missing.Count);
        var done = unique.Count - missing.Count;
        long computed = 0;
        progress?.Report(new EmbeddingProgress(done, unique.Count, 0, toCompute, clock.Elapsed));
        foreach (var batch in plan)
        {
            cancellation.ThrowIfCancellationRequested();
            var finished = RunBatch(batch.Select(i => items[i]).ToList(), assembler);
            _store.Put(finished.SelectMany(f => _layers.Select(layer =>
                (new EmbeddingKey(_model.Identity, layer, Options.PoolingDescriptor, missing[f.Sequence].Hash), missing[f.Sequence].Residues, f.Vectors[layer]))));
            done += finished.Count;
            computed += batch.Sum(i => (long)(items[i].Tokens.Length - 2));
            progress?.Report(new EmbeddingProgress(done, unique.Count, computed, toCompute, clock.Elapsed));
        }

        var truncated = missing.Count(sequence => sequence.Residues > Options.Truncation);
        return new EmbeddingRunSummary(proteins.Count, unique.Count, unique.Count - missing.Count, missing.Count, computed, truncated, plan.Count, clock.Elapsed)
        {
            OtherShards = all.Count - unique.Count,
        };
    }

    /// <summary>How many of the proteins' distinct sequences (of this run's shard, if any) are not in the store yet:
    /// what <see cref="Embed"/> would compute.</summary>
    /// <param name="proteins">The proteins.</param>
    /// <exception cref="DataFormatException">A protein is empty or holds a character outside ESM-2's alphabet.</exception>
    public int CountMissing(IReadOnlyList<ProteinRecord> proteins)
    {
        ArgumentNullException.ThrowIfNull(proteins);
        return MissingSequences(OfThisShard(UniqueSequences(proteins))).Count;
    }

    /// <summary>The embeddings of the given proteins from the store, one row per protein id.</summary>
    /// <param name="proteins">Proteins already embedded by <see cref="Embed"/>.</param>
    /// <param name="layer">The layer (−1 = last); must be one of <see cref="Layers"/>.</param>
    /// <remarks>Every protein is looked up, whatever <see cref="ProteinEmbeddingOptions.Shard"/> says: after the shards'
    /// stores are merged (<see cref="EmbeddingStore.Merge"/>), an unsharded embedder reads the whole proteome.</remarks>
    /// <exception cref="InvalidOperationException">A protein's embedding is not in the store.</exception>
    /// <exception cref="DataFormatException">The store is damaged: a stored vector is not of the model's width, or the
    /// store lists a sequence it then cannot return (the message names the store file).</exception>
    public EmbeddingTable ProteinTable(IReadOnlyList<ProteinRecord> proteins, int layer = -1)
    {
        ArgumentNullException.ThrowIfNull(proteins);
        var resolved = ResolveLayer(layer);
        var width = _model.EmbeddingDimension;
        var matrix = new DenseMatrix(proteins.Count, width);
        for (var row = 0; row < proteins.Count; row++)
        {
            var key = new EmbeddingKey(_model.Identity, resolved, Options.PoolingDescriptor, EmbeddingKey.Hash(proteins[row].Sequence));
            var vector = _store.TryGet(key);
            if (vector is null)
            {
                // Embed skips what StoredHashes lists, and writes the rest: a key the lookup then cannot find is a
                // damaged store (a listed row, or a B-tree whose keys are out of order), not a missing Embed.
                if (_store.StoredHashes(_model.Identity, resolved, Options.PoolingDescriptor).Contains(Convert.ToHexString(key.SequenceHash)))
                {
                    throw new DataFormatException(_store.FilePath, "embeddings",
                        $"the store lists {proteins[row]} at layer {resolved} but cannot return its row (damaged index)");
                }

                if (_store.FindDamage() is { } damage)
                {
                    throw new DataFormatException(_store.FilePath, "embeddings",
                        $"the store cannot return the embedding of {proteins[row]} at layer {resolved}: SQLite's integrity check finds '{damage}' (the store is damaged)");
                }

                throw new InvalidOperationException($"No stored embedding for {proteins[row]} at layer {resolved}; run Embed first.");
            }

            if (vector.Length != width)
            {
                throw new DataFormatException(_store.FilePath, "embeddings",
                    $"the stored embedding of {proteins[row]} at layer {resolved} has {vector.Length} values; {_model.Name} gives {width}");
            }

            vector.CopyTo(matrix.Row(row));
        }

        return new EmbeddingTable(proteins.Select(protein => protein.ProteinId).ToArray(), matrix);
    }

    private int ResolveLayer(int layer)
    {
        if (_model.LayerCount is not { } count)
        {
            return layer == -1
                ? layer
                : throw new ArgumentOutOfRangeException(nameof(layer), layer, $"{_model.Name} gives only the last layer (−1).");
        }

        var resolved = layer < 0 ? count + 1 + layer : layer;
        return resolved >= 0 && resolved <= count
            ? resolved
            : throw new ArgumentOutOfRangeException(nameof(layer), layer, $"{_model.Name} has representation layers 0..{count} (−1 = last).");
    }

    private static List<UniqueSequence> UniqueSequences(IReadOnlyList<ProteinRecord> proteins)
    {
        var seen = new Dictionary<string, UniqueSequence>(StringComparer.Ordinal);
        foreach (var protein in proteins)
        {
            if (seen.ContainsKey(protein.Sequence))
            {
                continue;
            }

            int residues;
            try
            {
                residues = EsmAlphabet.CountTokens(protein.Sequence);
                if (residues == 0)
                {
                    throw new ArgumentException("The sequence is empty; ESM-2 needs at least one residue.");
                }
            }
            catch (ArgumentException exception)
            {
                throw new DataFormatException(string.Empty, $"protein {protein}", exception.Message, exception);
            }

            seen[protein.Sequence] = new UniqueSequence(protein.Sequence, EmbeddingKey.Hash(protein.Sequence), residues);
        }

        return [.. seen.Values];
    }

    private List<UniqueSequence> OfThisShard(List<UniqueSequence> unique) =>
        Options.Shard is { } shard ? unique.Where(sequence => shard.Contains(sequence.Hash)).ToList() : unique;

    private List<UniqueSequence> MissingSequences(List<UniqueSequence> unique)
    {
        var stored = _layers.Select(layer => _store.StoredHashes(_model.Identity, layer, Options.PoolingDescriptor)).ToList();
        return unique.Where(sequence => stored.Any(hashes => !hashes.Contains(Convert.ToHexString(sequence.Hash)))).ToList();
    }

    private IEnumerable<WorkItem> WorkItems(string sequence, int index)
    {
        var window = Options.Truncation;
        var all = EsmAlphabet.Encode(sequence, truncation: null);
        var residues = all.Length - 2;
        if (residues <= window || Options.LongSequences == LongSequenceMode.Truncate)
        {
            yield return new WorkItem(index, EsmAlphabet.Encode(sequence, window), 0, 1);
            yield break;
        }

        var starts = new List<int>();
        for (var start = 0; start + window < residues; start += Options.WindowStride)
        {
            starts.Add(start);
        }

        starts.Add(residues - window);
        foreach (var start in starts)
        {
            var tokens = new long[window + 2];
            tokens[0] = EsmAlphabet.ClsId;
            Array.Copy(all, 1 + start, tokens, 1, window);
            tokens[^1] = EsmAlphabet.EosId;
            yield return new WorkItem(index, tokens, start, starts.Count) { TotalResidues = residues };
        }
    }

    private List<FinishedSequence> RunBatch(List<WorkItem> batch, WindowAssembler assembler)
    {
        var windowed = batch.Any(item => item.WindowCount > 1);
        var result = _model.Forward(batch.Select(item => item.Tokens).ToList(),
            new EsmForwardRequest { Layers = _layers, Means = !windowed, PerToken = windowed });
        var finished = new List<FinishedSequence>();
        for (var i = 0; i < batch.Count; i++)
        {
            var item = batch[i];
            if (item.WindowCount == 1)
            {
                var vectors = _layers.ToDictionary(layer => layer, layer => windowed ? MeanOfResidues(result.PerToken[layer][i], item.Tokens.Length) : result.Means[layer][i]);
                finished.Add(new FinishedSequence(item.Sequence, vectors));
            }
            else if (assembler.Add(item, _layers.ToDictionary(layer => layer, layer => result.PerToken[layer][i]), _model.EmbeddingDimension) is { } complete)
            {
                finished.Add(new FinishedSequence(item.Sequence, complete));
            }
        }

        return finished;
    }

    private static float[] MeanOfResidues(float[] perToken, int tokens)
    {
        var d = perToken.Length / tokens;
        var mean = new double[d];
        for (var t = 1; t < tokens - 1; t++)
        {
            for (var j = 0; j < d; j++)
            {
                mean[j] += perToken[(t * d) + j];
            }
        }

        return mean.Select(value => (float)(value / (tokens - 2))).ToArray();
    }

    private sealed record UniqueSequence(string Sequence, byte[] Hash, int Residues);

    private sealed record FinishedSequence(int Sequence, Dictionary<int, float[]> Vectors);

    private sealed record WorkItem(int Sequence, long[] Tokens, int Start, int WindowCount)
    {
        public int TotalResidues { get; init; }
    }

    /// <summary>Sums the per-residue states of a long sequence's windows until all have run.</summary>
    private sealed class WindowAssembler(int sequences)
    {
        private readonly Dictionary<int, (Dictionary<int, double[]> Sums, int[] Coverage, int Seen)> _open = new(sequences > 0 ? 4 : 0);

        public Dictionary<int, float[]>? Add(WorkItem item, Dictionary<int, float[]> perToken, int d)
        {
            if (!_open.TryGetValue(item.Sequence, out var state))
            {
                state = (perToken.Keys.ToDictionary(layer => layer, _ => new double[item.TotalResidues * d]), new int[item.TotalResidues], 0);
            }

            var window = item.Tokens.Length - 2;
            foreach (var (layer, states) in perToken)
            {
                var sums = state.Sums[layer];
                for (var r = 0; r < window; r++)
                {
                    for (var j = 0; j < d; j++)
                    {
                        sums[((item.Start + r) * d) + j] += states[((r + 1) * d) + j];
                    }
                }
            }

            for (var r = 0; r < window; r++)
            {
                state.Coverage[item.Start + r]++;
            }

            state.Seen++;
            if (state.Seen < item.WindowCount)
            {
                _open[item.Sequence] = state;
                return null;
            }

            _open.Remove(item.Sequence);
            return state.Sums.ToDictionary(pair => pair.Key, pair => Pool(pair.Value, state.Coverage, d));
        }

        private static float[] Pool(double[] sums, int[] coverage, int d)
        {
            var mean = new double[d];
            for (var r = 0; r < coverage.Length; r++)
            {
                for (var j = 0; j < d; j++)
                {
                    mean[j] += sums[(r * d) + j] / coverage[r];
                }
            }

            return mean.Select(value => (float)(value / coverage.Length)).ToArray();
        }
    }
}
