using PllmML.Esm.Embedding;

namespace PllmML.Pipeline;

/// <summary>What a caller of <see cref="PllmRun.Execute"/> hears while the run goes (a command line renders it).</summary>
public interface IRunObserver
{
    /// <summary>A stage starts computing (it is not reused).</summary>
    /// <param name="stage">The stage: embed, map, fit, predict or evaluate.</param>
    void StageStarting(string stage);

    /// <summary>A stage has finished or was reused.</summary>
    /// <param name="report">Its key figure and time.</param>
    void StageFinished(StageReport report);

    /// <summary>Something the user should know that does not stop the run.</summary>
    /// <param name="message">The warning.</param>
    void Warning(string message);

    /// <summary>Progress of the embed stage's ESM-2 computation.</summary>
    /// <param name="progress">Sequences and residues done.</param>
    void Embedding(EmbeddingProgress progress);
}
