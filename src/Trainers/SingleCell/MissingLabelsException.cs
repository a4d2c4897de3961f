namespace PllmML.Trainers.SingleCell;

/// <summary>Training needs cell-type labels that the input lacks.</summary>
/// <param name="message">What is missing, naming the input and column.</param>
public sealed class MissingLabelsException(string message) : ArgumentException(message);
