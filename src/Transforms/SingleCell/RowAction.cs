using Microsoft.ML.Data;

namespace PllmML.Transforms.SingleCell;

/// <summary>Receives one row's vector while a column is streamed (<see cref="DataViewColumns.ForEachRow"/>).</summary>
/// <param name="value">The row's vector, valid only during the call.</param>
public delegate void RowAction(in VBuffer<float> value);
