using System.IO.Compression;
using Microsoft.ML;

namespace PllmML.Transforms.Homology;

/// <summary>
/// Saving and loading models that contain a <see cref="NearestGeneMappingTransformer"/>. ML.NET saves the mapping's
/// contract; the fitted genes go into the extra zip entry <see cref="EntryName"/> (ML.NET ignores entries it does not
/// know). Loading reads that entry first and makes it current while ML.NET rebuilds the chain, so the model works in a
/// fresh <see cref="MLContext"/> and process.
/// </summary>
public static class NearestGeneMappingModel
{
    /// <summary>The zip entry holding the fitted genes.</summary>
    public const string EntryName = "PllmML/nearest-genes.bin";

    /// <summary>Saves a model (the mapper itself, or a chain holding one mapper).</summary>
    /// <param name="mlContext">The ML.NET context.</param>
    /// <param name="model">The model.</param>
    /// <param name="inputSchema">The schema of the data the model transforms.</param>
    /// <param name="path">The .zip file to write.</param>
    /// <exception cref="ArgumentException">The model holds no nearest-gene mapper.</exception>
    public static void Save(MLContext mlContext, ITransformer model, DataViewSchema inputSchema, string path)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        var mapper = FindMapper(model) ?? throw new ArgumentException("The model holds no NearestGeneMappingTransformer.", nameof(model));
        mlContext.Model.Save(model, inputSchema, path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        using var entry = zip.CreateEntry(EntryName, CompressionLevel.Fastest).Open();
        mapper.Index.Write(entry);
    }

    /// <summary>Loads a model saved by <see cref="Save"/>.</summary>
    /// <param name="mlContext">The ML.NET context (a fresh one is fine).</param>
    /// <param name="path">The .zip file.</param>
    /// <param name="inputSchema">The schema the model expects.</param>
    /// <exception cref="InvalidDataException">The file has no nearest-gene entry or it is damaged.</exception>
    public static ITransformer Load(MLContext mlContext, string path, out DataViewSchema inputSchema)
    {
        ArgumentNullException.ThrowIfNull(mlContext);
        NearestGeneIndex index;
        using (var zip = ZipFile.OpenRead(path))
        {
            var entry = zip.GetEntry(EntryName)
                ?? throw new InvalidDataException($"{path}: no {EntryName} entry; was the model saved with NearestGeneMappingModel.Save?");
            using var stream = entry.Open();
            index = NearestGeneIndex.Read(stream, path);
        }

        DataViewSchema schema = null!;
        var model = NearestGeneMappingFactory.WithIndex(index, () => mlContext.Model.Load(path, out schema));
        inputSchema = schema;
        return model;
    }

    private static NearestGeneMappingTransformer? FindMapper(ITransformer model) => model switch
    {
        NearestGeneMappingTransformer mapper => mapper,
        IEnumerable<ITransformer> chain => chain.Select(FindMapper).FirstOrDefault(found => found is not null),
        _ => null,
    };
}
