namespace PllmML.Esm;

/// <summary>Where the TorchSharp backend runs.</summary>
public enum EsmDevice
{
    /// <summary>The CPU (libtorch's own threads; see <see cref="EsmModelOptions.ThreadCount"/>).</summary>
    Cpu,

    /// <summary>The first CUDA GPU; needs a CUDA build of libtorch and a visible device.</summary>
    Cuda,
}
