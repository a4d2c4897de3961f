namespace PllmML.Data.Proteins;

/// <summary>What a <see cref="ProteinCleaningPolicy"/> does with a record that cannot be embedded as it is.</summary>
public enum ProteinIssueAction
{
    /// <summary>Skip the record and count it, with its id, in the <see cref="ProteinCleaningReport"/>.</summary>
    Drop,

    /// <summary>
    /// Stop reading with a <see cref="DataFormatException"/> that names the file and the record's header line.
    /// </summary>
    Throw,
}
