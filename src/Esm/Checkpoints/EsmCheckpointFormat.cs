namespace PllmML.Esm.Checkpoints;

/// <summary>The file layouts an ESM-2 checkpoint can come in.</summary>
public enum EsmCheckpointFormat
{
    /// <summary>A Hugging Face model folder (or file) with <c>model.safetensors</c>.</summary>
    HuggingFaceSafetensors,

    /// <summary>A Hugging Face model folder (or file) with <c>pytorch_model.bin</c> (torch.save zip).</summary>
    HuggingFacePytorch,

    /// <summary>A fair-esm hub file <c>esm2_*.pt</c>: <c>{"cfg": …, "model": state_dict}</c>.</summary>
    FairEsm,
}
