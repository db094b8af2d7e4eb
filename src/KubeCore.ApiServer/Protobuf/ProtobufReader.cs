namespace KubeCore.ApiServer.Protobuf;

/// <summary>The protobuf wire types (the low three bits of a field's tag).</summary>
internal enum WireType
{
    /// <summary>int32, int64, uint32, uint64, sint32, sint64, bool, enum.</summary>
    Varint = 0,
    /// <summary>fixed64, sfixed64, double.</summary>
    Fixed64 = 1,
    /// <summary>string, bytes, embedded messages, packed repeated fields, map entries.</summary>
    LengthDelimited = 2,
    /// <summary>Deprecated groups (start).</summary>
    StartGroup = 3,
    /// <summary>Deprecated groups (end).</summary>
    EndGroup = 4,
    /// <summary>fixed32, sfixed32, float.</summary>
    Fixed32 = 5,
}

/// <summary>
/// Reads the protobuf wire format from a span: tags, varints, fixed 32/64-bit values and length-delimited payloads.
/// Every read checks the bounds and throws <see cref="FormatException"/> on truncated or malformed input.
/// </summary>
internal ref struct ProtobufReader(ReadOnlySpan<byte> data)
{
    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    /// <summary>Whether every byte has been read.</summary>
    public readonly bool End => _position >= _data.Length;

    /// <summary>The offset of the next byte, for error messages.</summary>
    public readonly int Position => _position;

    /// <summary>Reads a field tag: its number and wire type.</summary>
    public (int Number, WireType Type) ReadTag()
    {
        var tag = ReadVarint();
        var number = tag >> 3;
        if (number is 0 or > 536_870_911) throw new FormatException($"invalid field number {number} at offset {_position}");
        var type = (WireType)(tag & 7);
        if ((int)type > 5) throw new FormatException($"invalid wire type {(int)type} at offset {_position}");
        return ((int)number, type);
    }

    /// <summary>Reads a base-128 varint (at most ten bytes).</summary>
    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 70; shift += 7)
        {
            if (_position >= _data.Length) throw new FormatException("truncated varint");
            var b = _data[_position++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new FormatException("varint longer than ten bytes");
    }

    /// <summary>Reads a little-endian 32-bit value.</summary>
    public uint ReadFixed32()
    {
        if (_data.Length - _position < 4) throw new FormatException("truncated fixed32");
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(_data[_position..]);
        _position += 4;
        return value;
    }

    /// <summary>Reads a little-endian 64-bit value.</summary>
    public ulong ReadFixed64()
    {
        if (_data.Length - _position < 8) throw new FormatException("truncated fixed64");
        var value = System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(_data[_position..]);
        _position += 8;
        return value;
    }

    /// <summary>Reads a length prefix and returns that many bytes.</summary>
    public ReadOnlySpan<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(_data.Length - _position)) throw new FormatException($"length {length} at offset {_position} runs past the end of the data");
        var slice = _data.Slice(_position, (int)length);
        _position += (int)length;
        return slice;
    }

    /// <summary>Skips the value of a field of an unknown number.</summary>
    public void Skip(WireType type)
    {
        switch (type)
        {
            case WireType.Varint: ReadVarint(); break;
            case WireType.Fixed64: ReadFixed64(); break;
            case WireType.LengthDelimited: ReadLengthDelimited(); break;
            case WireType.Fixed32: ReadFixed32(); break;
            default: throw new FormatException($"groups (wire type {(int)type}) are not supported");
        }
    }
}
