// A .NET program that uses only the PllmML.Esm package: loads a checkpoint, embeds one protein, prints its mean vector.
using System.Globalization;
using PllmML.Data.Proteins;
using PllmML.Esm;

using var model = EsmModel.Load(args[0]);
var result = model.Forward([EsmAlphabet.Encode(args[1])], new EsmForwardRequest());
var mean = result.Means.Values.Single()[0];
Console.WriteLine(string.Join(' ', mean.Select(value => value.ToString("R", CultureInfo.InvariantCulture))));
