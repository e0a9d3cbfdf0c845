using Google.Protobuf.Collections;

namespace P2PMarket.Services.Hosting.Protocol;

/// <summary>Copies between the ports' flat arrays and protobuf repeated fields without per-element work beyond a
/// block copy. Doubles cross the wire as IEEE 754 bit patterns, so every copy is exact.</summary>
public static class ProtoArrays
{
    /// <summary>Replaces the contents of <paramref name="target"/> with <paramref name="source"/>[offset, offset+count).</summary>
    public static void Fill(RepeatedField<double> target, double[] source, int offset, int count)
    {
        target.Clear();
        target.Add(new ArraySegment<double>(source, offset, count));
    }

    /// <summary>Replaces the contents of <paramref name="target"/> with all of <paramref name="source"/>.</summary>
    public static void Fill(RepeatedField<double> target, double[] source) => Fill(target, source, 0, source.Length);

    /// <summary>Copies <paramref name="source"/> into <paramref name="target"/> starting at <paramref name="offset"/>.</summary>
    public static void CopyTo(RepeatedField<double> source, double[] target, int offset) => source.CopyTo(target, offset);
}
