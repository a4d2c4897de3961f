namespace PllmML.Pipeline.Stages;

/// <summary>One stage of a run: reused when its fingerprint is unchanged and its outputs are there.</summary>
internal interface IRunStage
{
    string Name { get; }

    IReadOnlyList<string> Outputs { get; }

    StageStamp Stamp();

    /// <summary>Computes the outputs and returns the key figure.</summary>
    string Run();
}
