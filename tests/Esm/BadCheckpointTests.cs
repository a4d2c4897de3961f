using System.Text.Json.Nodes;
using PllmML.Data;
using PllmML.Data.Proteins;
using PllmML.Data.Tensors;
using PllmML.Esm.Checkpoints;

namespace PllmML.Esm.Tests;

public class BadCheckpointTests
{
    private static readonly string Tiny = TestPaths.Bundled("esm2", "tiny");

    [Fact]
    public void Open_MissingTensor_NamesIt()
    {
        var folder = CopyWith(tensors => tensors.Remove("esm.encoder.layer.1.intermediate.dense.bias"));

        var error = Assert.Throws<DataFormatException>(() => EsmCheckpoint.Open(folder));

        Assert.Contains("layers.1.fc1.bias", error.Message, StringComparison.Ordinal);
        Assert.Contains("esm.encoder.layer.1.intermediate.dense.bias", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_UnexpectedTensor_NamesIt()
    {
        var folder = CopyWith(tensors => tensors["esm.encoder.adapter.weight"] = StoredTensor.FromSingles(new float[4], 4));

        var error = Assert.Throws<DataFormatException>(() => EsmCheckpoint.Open(folder));

        Assert.Contains("esm.encoder.adapter.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("not part of an ESM-2 model", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MisShapedTensor_NamesItAndBothShapes()
    {
        var folder = CopyWith(tensors => tensors["esm.encoder.layer.1.output.dense.weight"] = StoredTensor.FromSingles(new float[64 * 255], 64, 255));

        var error = Assert.Throws<DataFormatException>(() => EsmCheckpoint.Open(folder));

        Assert.Contains("esm.encoder.layer.1.output.dense.weight", error.Message, StringComparison.Ordinal);
        Assert.Contains("[64, 255]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[64, 256]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ConfigDisagreesWithWeights_NamesTheField()
    {
        var folder = CopyWith(_ => { });
        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "config.json")))!;
        config["num_attention_heads"] = 8;
        File.WriteAllText(Path.Combine(folder, "config.json"), config.ToJsonString());

        var error = Assert.Throws<DataFormatException>(() => EsmCheckpoint.Open(folder));

        Assert.Contains("config.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("attention heads: says 8, but the weights have 4", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ExtraLayerBeyondConfig_IsAConfigMismatch()
    {
        var folder = CopyWith(tensors =>
        {
            foreach (var key in tensors.Keys.Where(k => k.StartsWith("esm.encoder.layer.1.", StringComparison.Ordinal)).ToList())
            {
                tensors[key.Replace("layer.1.", "layer.2.", StringComparison.Ordinal)] = tensors[key];
            }
        });

        var error = Assert.Throws<DataFormatException>(() => EsmCheckpoint.Open(folder));

        Assert.Contains("layers: says 2, but the weights have 3", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("hf/model.safetensors")]
    [InlineData("hf/pytorch_model.bin")]
    [InlineData("model.pt")]
    public void Open_TruncatedFile_IsAClearError(string file)
    {
        var original = File.ReadAllBytes(Path.Combine(Tiny, file));
        var path = Path.Combine(TestPaths.NewTempFolder(), Path.GetFileName(file));
        File.WriteAllBytes(path, original[..(original.Length * 2 / 3)]);

        var error = Assert.Throws<DataFormatException>(() =>
        {
            using var model = EsmModel.Load(path);
        });

        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_FolderWithoutWeights_SaysWhatIsMissing()
    {
        var folder = TestPaths.NewTempFolder();

        var error = Assert.Throws<FileNotFoundException>(() => EsmCheckpoint.Open(folder));

        Assert.Contains("model.safetensors or pytorch_model.bin", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_CudaWithoutGpu_IsAClearDeviceError()
    {
        if (TorchSharp.torch.cuda.is_available())
        {
            return; // a CUDA machine: the request is valid there
        }

        var error = Assert.Throws<EsmDeviceException>(() => EsmModel.Load(Path.Combine(Tiny, "hf"), new EsmModelOptions { Device = EsmDevice.Cuda }));

        Assert.Contains("--device cpu", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_NaNWeight_NamesTheTensorInsteadOfEmbeddingNaN()
    {
        const string Name = "esm.encoder.layer.1.output.dense.weight";
        var folder = CopyWith(tensors =>
        {
            var values = tensors[Name].ToSingles();
            values[17] = float.NaN;
            tensors[Name] = StoredTensor.FromSingles(values, [.. tensors[Name].Shape]);
        });

        var error = Assert.Throws<DataFormatException>(() => EsmModel.Load(folder).Dispose());

        Assert.Contains(Name, error.Message, StringComparison.Ordinal);
        Assert.Contains("non-finite", error.Message, StringComparison.Ordinal);
        Assert.Contains("flat index 17", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_CharacterOutsideTheAlphabet_NamesThePosition()
    {
        var error = Assert.Throws<ArgumentException>(() => EsmAlphabet.Encode("MKJ"));

        Assert.Contains("Residue 3 is 'J'", error.Message, StringComparison.Ordinal);
    }

    private static string CopyWith(Action<Dictionary<string, StoredTensor>> change)
    {
        var folder = TestPaths.NewTempFolder();
        File.Copy(Path.Combine(Tiny, "hf", "config.json"), Path.Combine(folder, "config.json"));
        Dictionary<string, StoredTensor> tensors;
        using (var file = SafetensorsFile.Open(Path.Combine(Tiny, "hf", "model.safetensors")))
        {
            tensors = file.Names.ToDictionary(name => name, file.Read);
        }

        change(tensors);
        SafetensorsFile.Write(Path.Combine(folder, "model.safetensors"), tensors);
        return folder;
    }
}
