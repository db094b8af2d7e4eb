namespace KubeCore.Services;

/// <summary>
/// A set of integer offsets <c>[0, size)</c> handed out one at a time — the bitmap behind service cluster IPs and node
/// ports. As in kube-apiserver, automatic allocation starts at a random offset in the upper part of the range and the
/// first <c>reserved</c> offsets (the "static" band users pick by hand, e.g. 10.96.0.10 for DNS) are only used once
/// the upper part is full. Not thread-safe: the owner locks.
/// </summary>
internal sealed class RangeAllocator
{
    private readonly ulong[] _bits;
    private readonly int _reserved;

    public RangeAllocator(int size, int reserved)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        Size = size;
        _reserved = Math.Clamp(reserved, 0, size - 1);
        _bits = new ulong[(size + 63) / 64];
    }

    /// <summary>How many offsets the range holds.</summary>
    public int Size { get; }

    /// <summary>How many offsets are taken.</summary>
    public int Count { get; private set; }

    public bool Has(int offset) => offset >= 0 && offset < Size && (_bits[offset >> 6] & (1UL << (offset & 63))) != 0;

    /// <summary>Takes <paramref name="offset"/>; false when it is already taken.</summary>
    public bool TryAllocate(int offset)
    {
        if (Has(offset)) return false;
        _bits[offset >> 6] |= 1UL << (offset & 63);
        Count++;
        return true;
    }

    public void Release(int offset)
    {
        if (!Has(offset)) return;
        _bits[offset >> 6] &= ~(1UL << (offset & 63));
        Count--;
    }

    /// <summary>A free offset (upper band first, from a random start), or -1 when the range is full.</summary>
    /// <param name="random">The caller's (seeded or shared) random source, used under the caller's lock.</param>
    /// <param name="skip">Offsets to treat as taken (a dry run's own picks).</param>
    public int FindFree(Random random, IReadOnlySet<int>? skip = null)
    {
        if (Count >= Size) return -1;
        var upper = Size - _reserved;
        var found = Scan(_reserved, upper, random.Next(upper), skip);
        if (found < 0 && _reserved > 0) found = Scan(0, _reserved, random.Next(_reserved), skip);
        return found;
    }

    private int Scan(int from, int length, int start, IReadOnlySet<int>? skip)
    {
        for (var i = 0; i < length; i++)
        {
            var at = from + (start + i) % length;
            if (!Has(at) && (skip is null || !skip.Contains(at))) return at;
        }
        return -1;
    }

    /// <summary>
    /// The size of the static band: kube-apiserver's <c>min(max(min, size/step), max)</c> (ServiceIPStaticSubrange and
    /// ServiceNodePortStaticSubrange), none for ranges smaller than <paramref name="min"/>.
    /// </summary>
    public static int StaticBand(long size, int min, int step, int max) =>
        size < min ? 0 : (int)Math.Clamp(size / step, min, max);
}
