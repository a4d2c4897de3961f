namespace PllmML.Data.Proteins;

/// <summary>One record that a cleaning rule changed or dropped, kept in the report as an example.</summary>
/// <param name="ProteinId">The record's protein id.</param>
/// <param name="HeaderLineNumber">The 1-based line number of the record's header.</param>
/// <param name="Detail">What the rule found, e.g. <c>'7' at residue 41</c>.</param>
public readonly record struct ProteinCleaningExample(string ProteinId, long HeaderLineNumber, string Detail);
