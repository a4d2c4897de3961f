using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using PllmML.Data.Embeddings;
using PllmML.Data.Proteins;
using PllmML.Esm;
using PllmML.Esm.Embedding;

namespace PllmML.Cli.Tests;

public class EmbedCommandTests
{
    private static readonly string TinyModel = TestPaths.Bundled("esm2", "tiny", "hf");
    private static readonly string OnnxModel = TestPaths.Bundled("esm2", "tiny", "onnx", "model.onnx");

    [Fact]
    public void Embed_GeneLevelMean_WritesOneRowPerGeneAndAnAudit()
    {
        var folder = TestPaths.NewTempFolder();
        var fasta = WriteEnsemblFasta(folder, 12);
        var output = Path.Combine(folder, "genes.tsv");

        var run = CliRun.Of("embed", "--model", TinyModel, "--fasta", fasta, "--out", output);

        Assert.Equal(0, run.ExitCode);
        var genes = EmbeddingTsv.Read(output);
        Assert.Equal(["G0", "G1", "G2", "G3"], genes.Ids);
        Assert.Equal(64, genes.Width);
        var audit = File.ReadAllLines(Path.Combine(folder, "genes.audit.tsv"));
        Assert.Equal("G0\t3\t3\t0\tP0,P4,P8\tmean", audit[1]);
        Assert.Contains("random weights, NOT trained", run.Output, StringComparison.Ordinal);

        // The gene vector is the mean of its proteins' vectors (from a protein-level run).
        var proteins = Path.Combine(folder, "proteins.parquet");
        Assert.Equal(0, CliRun.Of("embed", "--model", TinyModel, "--fasta", fasta, "--out", proteins, "--level", "protein").ExitCode);
        var table = EmbeddingParquet.Read(proteins);
        var mean = Enumerable.Range(0, 64).Select(j => (table[0][j] + table[4][j] + table[8][j]) / 3).ToArray();
        Assert.Equal(mean, genes[0].ToArray(), (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void Embed_Safetensors_CarriesTheModelAndLayerInItsMetadata()
    {
        var folder = TestPaths.NewTempFolder();
        var output = Path.Combine(folder, "proteins.safetensors");

        var run = CliRun.Of("embed", "--model", Path.Combine(TestPaths.Bundled("esm2", "tiny"), "model.pt"), "--fasta", WriteEnsemblFasta(folder, 4),
            "--out", output, "--level", "protein", "--layer", "1");

        Assert.Equal(0, run.ExitCode);
        using var file = PllmML.Data.Tensors.SafetensorsFile.Open(output);
        Assert.Equal(("1", "mean/truncate1022", "protein"), (file.Metadata["layer"], file.Metadata["pooling"], file.Metadata["level"]));
        Assert.Equal(4, EmbeddingSafetensors.Read(output).Count);
    }

    [Theory]
    [InlineData("--device", "cuda")]
    [InlineData("--layer", "7")]
    [InlineData("--max-tokens", "2")]
    public void Embed_BadOption_IsBadUsageWithOneLine(string option, string value)
    {
        if (option == "--device" && TorchSharp.torch.cuda.is_available())
        {
            return;
        }

        var folder = TestPaths.NewTempFolder();
        var run = CliRun.Of("embed", "--model", TinyModel, "--fasta", WriteEnsemblFasta(folder, 2), "--out", Path.Combine(folder, "g.tsv"), option, value);

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public void Embed_OnnxFile_WritesTheTorchSharpEmbeddings()
    {
        // tiny/onnx/model.onnx is the export of tiny/hf's weights (EsmOnnxModelTests checks it against the goldens).
        var folder = TestPaths.NewTempFolder();
        var fasta = WriteEnsemblFasta(folder, 12);
        var viaTorch = Path.Combine(folder, "torch.tsv");
        var viaOnnx = Path.Combine(folder, "onnx.tsv");
        var store = Path.Combine(folder, "store");

        Assert.Equal(0, CliRun.Of("embed", "--model", TinyModel, "--fasta", fasta, "--out", viaTorch, "--level", "protein", "--store", store).ExitCode);
        var run = CliRun.Of("embed", "--model", OnnxModel, "--fasta", fasta, "--out", viaOnnx, "--level", "protein", "--store", store);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("ONNX Runtime", run.Output, StringComparison.Ordinal);
        var expected = EmbeddingTsv.Read(viaTorch);
        var actual = EmbeddingTsv.Read(viaOnnx);
        Assert.Equal(expected.Ids, actual.Ids);
        var max = expected.Ids.Select((id, row) => Enumerable.Range(0, 64).Max(j => Math.Abs(expected[row][j] - actual[row][j]))).Max();
        Assert.InRange(max, 0, 1e-5f);
    }

    [Fact]
    public void ModelExportOnnx_ThenEmbed_WritesTheTorchSharpEmbeddings()
    {
        var folder = TestPaths.NewTempFolder();
        var fasta = WriteEnsemblFasta(folder, 12);
        var exported = Path.Combine(folder, "export", "tiny.onnx");
        var viaTorch = Path.Combine(folder, "torch.tsv");
        var viaOnnx = Path.Combine(folder, "onnx.tsv");

        var export = CliRun.Of("model", "export-onnx", TinyModel, "--out", exported, "--external-data", "yes");

        Assert.Equal(0, export.ExitCode);
        Assert.True(File.Exists(exported + ".data"));
        Assert.Equal(0, CliRun.Of("embed", "--model", TinyModel, "--fasta", fasta, "--out", viaTorch, "--level", "protein").ExitCode);
        Assert.Equal(0, CliRun.Of("embed", "--model", exported, "--fasta", fasta, "--out", viaOnnx, "--level", "protein").ExitCode);
        var expected = EmbeddingTsv.Read(viaTorch);
        var actual = EmbeddingTsv.Read(viaOnnx);
        Assert.Equal(expected.Ids, actual.Ids);
        var max = expected.Ids.Select((id, row) => Enumerable.Range(0, 64).Max(j => Math.Abs(expected[row][j] - actual[row][j]))).Max();
        Assert.InRange(max, 0, 1e-5f);
        Assert.Equal(2, CliRun.Of("model", "export-onnx", TinyModel, "--out", exported, "--external-data", "maybe").ExitCode);
    }

    [Fact]
    public void Embed_OnnxOnCudaWithoutTheGpuBuild_SaysWhatIsMissing()
    {
        if (Microsoft.ML.OnnxRuntime.OrtEnv.Instance().GetAvailableProviders().Contains("CUDAExecutionProvider"))
        {
            return;
        }

        var folder = TestPaths.NewTempFolder();
        var run = CliRun.Of("embed", "--model", OnnxModel, "--fasta", WriteEnsemblFasta(folder, 2), "--out", Path.Combine(folder, "g.tsv"), "--device", "cuda");

        Assert.Equal(PllmCommandLine.BadUsage, run.ExitCode);
        Assert.Contains("Microsoft.ML.OnnxRuntime.Gpu.Linux", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Embed_PublishedNameWithoutWeights_SaysWhereToGetAndPutThem()
    {
        var folder = TestPaths.NewTempFolder();
        var previous = Environment.GetEnvironmentVariable("PLLM_MODELS");
        Environment.SetEnvironmentVariable("PLLM_MODELS", folder);
        try
        {
            var run = CliRun.Of("embed", "--model", "esm2_t33_650M_UR50D", "--fasta", WriteEnsemblFasta(folder, 2), "--out", Path.Combine(folder, "g.tsv"));

            Assert.Equal(PllmCommandLine.BadInput, run.ExitCode);
            Assert.Contains("facebook/esm2_t33_650M_UR50D", run.Error, StringComparison.Ordinal);
            Assert.Contains("https://dl.fbaipublicfiles.com/fair-esm/models/esm2_t33_650M_UR50D.pt", run.Error, StringComparison.Ordinal);
            Assert.Contains(Path.Combine(folder, "esm2_t33_650M_UR50D"), run.Error, StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PLLM_MODELS", previous);
        }
    }

    [Fact]
    public void Embed_KilledMidRun_ResumesWithNothingLostOrDuplicated()
    {
        var folder = TestPaths.NewTempFolder();
        var fasta = WriteEnsemblFasta(folder, 160, minLength: 120, maxLength: 400);
        var store = Path.Combine(folder, "store");
        var output = Path.Combine(folder, "proteins.tsv");
        string[] arguments = ["embed", "--model", TinyModel, "--fasta", fasta, "--out", output, "--level", "protein", "--store", store, "--max-tokens", "800", "--threads", "1"];

        var storedAtKill = KillAfterFirstCommits(arguments, Path.Combine(store, EmbeddingStore.FileName));
        var resumed = CliRun.Of(arguments);

        Assert.Equal(0, resumed.ExitCode);
        Assert.InRange(storedAtKill, 1, 159);
        Assert.Contains($"{storedAtKill:N0} from the store, {160 - storedAtKill:N0} computed", resumed.Output, StringComparison.Ordinal);
        using (var database = EmbeddingStore.Open(store))
        {
            Assert.Equal(160, database.Count());
        }

        var expected = FreshProteinTable(fasta);
        var actual = EmbeddingTsv.Read(output);
        Assert.Equal(expected.Ids, actual.Ids);
        var max = expected.Vectors.Values.Zip(actual.Vectors.Values, (a, b) => Math.Abs(a - b)).Max();
        Assert.InRange(max, 0, 1e-5f);
    }

    private static long KillAfterFirstCommits(string[] arguments, string database)
    {
        using var child = PllmChild.Start(arguments);
        var deadline = DateTime.UtcNow.AddMinutes(2);
        long stored = 0;
        while (stored == 0 && !child.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
            stored = CountRows(database);
        }

        Assert.False(child.HasExited, "the child finished before it could be killed; give it more work");
        child.Kill(entireProcessTree: true);
        child.WaitForExit();
        return CountRows(database);
    }

    private static long CountRows(string database)
    {
        if (!File.Exists(database))
        {
            return 0;
        }

        try
        {
            using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM embeddings";
            return (long)command.ExecuteScalar()!;
        }
        catch (SqliteException)
        {
            return 0; // the child is creating the schema
        }
    }

    private static EmbeddingTable FreshProteinTable(string fasta)
    {
        using var reader = new ProteinFastaReader(fasta);
        var proteins = reader.ReadRecords().ToList();
        using var model = EsmModel.Load(TinyModel);
        using var store = EmbeddingStore.InMemory();
        var embedder = new ProteinEmbedder(model, store);
        embedder.Embed(proteins);
        return embedder.ProteinTable(proteins);
    }

    /// <summary>An Ensembl-style FASTA of random proteins; protein i belongs to gene G(i mod 4).</summary>
    private static string WriteEnsemblFasta(string folder, int count, int minLength = 20, int maxLength = 90)
    {
        var random = new Random(count);
        const string residues = "LAGVSERTIDPKQNFYMHWC";
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(minLength, maxLength + 1);
            var sequence = new string(Enumerable.Range(0, length).Select(_ => residues[random.Next(residues.Length)]).ToArray());
            text.Append(CultureInfo.InvariantCulture, $">P{i} pep chromosome:GRCh38:1:1:100:1 gene:ENSG{i % 4:D11}.1 transcript:ENST{i:D11}.1 gene_biotype:protein_coding transcript_biotype:protein_coding gene_symbol:G{i % 4}\n{sequence}\n");
        }

        var path = Path.Combine(folder, "proteins.fa");
        File.WriteAllText(path, text.ToString());
        return path;
    }
}
