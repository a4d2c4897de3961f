using System;
using System.IO;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

/// <summary>
/// Sets VER_FLG_WEAK on the version-need (Vernaux) entry of a given version name in 64-bit little-endian ELF
/// shared libraries. Entries already weak, and files without that entry, are left untouched.
/// </summary>
public sealed class MarkElfVersionNeedWeak : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    [Required]
    public string VersionName { get; set; } = string.Empty;

    public override bool Execute()
    {
        foreach (var item in Files)
        {
            var path = item.GetMetadata("FullPath");
            try
            {
                var result = Patch(path, VersionName);
                Log.LogMessage(MessageImportance.Low, "{0}: {1}", path, result);
            }
            catch (Exception exception) when (exception is IOException or InvalidDataException)
            {
                Log.LogError("Cannot mark {0} weak in {1}: {2}", VersionName, path, exception.Message);
            }
        }

        return !Log.HasLoggedErrors;
    }

    private static string Patch(string path, string versionName)
    {
        var elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F'
            || elf[4] != 2 || elf[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        }

        var sectionTable = (long)BitConverter.ToUInt64(elf, 0x28);
        int sectionSize = BitConverter.ToUInt16(elf, 0x3A);
        int sectionCount = BitConverter.ToUInt16(elf, 0x3C);
        for (var section = 0; section < sectionCount; section++)
        {
            var header = sectionTable + (section * sectionSize);
            if (BitConverter.ToUInt32(elf, (int)header + 4) != ShtGnuVerneed)
            {
                continue;
            }

            var offset = (long)BitConverter.ToUInt64(elf, (int)header + 0x18);
            var stringSection = BitConverter.ToUInt32(elf, (int)header + 0x28);
            var needCount = BitConverter.ToUInt32(elf, (int)header + 0x2C);
            var strings = (long)BitConverter.ToUInt64(elf, (int)(sectionTable + (stringSection * sectionSize)) + 0x18);
            var flagsAt = FindVernauxFlags(elf, offset, needCount, strings, versionName);
            if (flagsAt < 0)
            {
                return "no version need " + versionName;
            }

            var flags = BitConverter.ToUInt16(elf, flagsAt);
            if ((flags & VerFlgWeak) != 0)
            {
                return "already weak";
            }

            var patched = BitConverter.GetBytes((ushort)(flags | VerFlgWeak));
            using (var file = new FileStream(path, FileMode.Open, FileAccess.Write))
            {
                file.Seek(flagsAt, SeekOrigin.Begin);
                file.Write(patched, 0, patched.Length);
            }

            return "marked weak";
        }

        return "no .gnu.version_r section";
    }

    // Walks Verneed entries (vn_cnt at +2, vn_aux at +8, vn_next at +12) and their Vernaux entries
    // (vna_flags at +4, vna_name at +8, vna_next at +12); returns the file offset of the matching vna_flags.
    private static int FindVernauxFlags(byte[] elf, long need, uint needCount, long strings, string versionName)
    {
        for (var n = 0; n < needCount; n++)
        {
            int auxCount = BitConverter.ToUInt16(elf, (int)need + 2);
            var aux = need + BitConverter.ToUInt32(elf, (int)need + 8);
            for (var a = 0; a < auxCount; a++)
            {
                if (ReadString(elf, strings + BitConverter.ToUInt32(elf, (int)aux + 8)) == versionName)
                {
                    return (int)aux + 4;
                }

                aux += BitConverter.ToUInt32(elf, (int)aux + 12);
            }

            need += BitConverter.ToUInt32(elf, (int)need + 12);
        }

        return -1;
    }

    private static string ReadString(byte[] elf, long start)
    {
        var end = start;
        while (elf[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
    }
}
