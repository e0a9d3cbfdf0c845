namespace P2PMarket.Cli.Output;

/// <summary>Writes files so that a reader never sees half of one: write a temporary sibling, then rename.</summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="write"/>'s output to <paramref name="path"/> atomically.</summary>
    public static async Task WriteAsync(string path, Func<Stream, Task> write)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = Path.Combine(directory, $".{Path.GetFileName(path)}.{Environment.ProcessId}.tmp");
        try
        {
            await using (var stream = File.Create(temporary)) await write(stream);
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> atomically.</summary>
    public static Task WriteTextAsync(string path, string text) =>
        WriteAsync(path, async stream =>
        {
            await using var writer = new StreamWriter(stream);
            await writer.WriteAsync(text);
        });
}
