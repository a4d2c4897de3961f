namespace PllmML.Deep.Tests;

/// <summary>
/// A measurement, not a check: runs only with <c>PLLM_SCVI_EXPERIMENT=1</c> (settings from the other
/// <c>PLLM_SCVI_*</c> variables), so CI skips it with this reason.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ExperimentFactAttribute : FactAttribute
{
    public ExperimentFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("PLLM_SCVI_EXPERIMENT") != "1")
        {
            Skip = "an scVI experiment on the pancreas data; set PLLM_SCVI_EXPERIMENT=1 (and PLLM_SCVI_* or PLLM_DEEP_* settings) to run it";
        }
    }
}
