using System.Runtime.CompilerServices;
using KubeCore.Models;
using KubeCore.Serialization;

namespace KubeCore.ApiServer.Handlers;

/// <summary>
/// The JSON of recently sent objects, by object identity, so that one write watched by many HTTP watchers is
/// serialized once rather than once per watcher (the watch cache hands every watcher the same immutable instance).
/// A small fixed table: a slot holds the last object hashed to it, so memory stays bounded (a few hundred objects)
/// however many objects are watched; a miss only costs the serialization every watcher paid before.
/// </summary>
internal sealed class SerializedObjectCache
{
    private sealed class Entry(KubeObject obj, byte[] json)
    {
        public KubeObject Object { get; } = obj;

        public byte[] Json { get; } = json;
    }

    private readonly Entry?[] _slots;

    /// <param name="size">Slots; rounded up to a power of two.</param>
    public SerializedObjectCache(int size = 256) => _slots = new Entry?[(int)System.Numerics.BitOperations.RoundUpToPowerOf2((uint)Math.Max(size, 1))];

    /// <summary>The object's JSON, as <see cref="KubeJson.SerializeToUtf8Bytes"/> writes it.</summary>
    public byte[] Get(KubeObject obj)
    {
        ref var slot = ref _slots[RuntimeHelpers.GetHashCode(obj) & (_slots.Length - 1)];
        var entry = Volatile.Read(ref slot);
        if (entry is not null && ReferenceEquals(entry.Object, obj)) return entry.Json;
        var json = KubeJson.SerializeToUtf8Bytes(obj);
        Volatile.Write(ref slot, new Entry(obj, json));
        return json;
    }
}
