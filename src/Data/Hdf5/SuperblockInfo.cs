namespace PllmML.Data.Hdf5;

/// <summary>What the object header walk needs from a superblock.</summary>
/// <param name="Offsets">The size of offsets (1, 2, 4 or 8 bytes).</param>
/// <param name="Lengths">The size of lengths (1, 2, 4 or 8 bytes).</param>
/// <param name="Base">The base address, to which the file's addresses are relative.</param>
/// <param name="Root">The root group's object header address.</param>
/// <param name="RootTree">The root group's cached B-tree address (a version 0 or 1 superblock's root symbol table entry
/// with cache type 1), or the undefined address.</param>
internal readonly record struct SuperblockInfo(int Offsets, int Lengths, long Base, ulong Root, ulong RootTree);
