/// Eight bytes of a buffer read as one word, for loops that skip ahead past
/// bytes they have no use for, eight at a time.
public enum ByteWord {
    /// The eight bytes at `i` (which must all be in `buf`) as one little-endian word.
    @inlinable @inline(__always)
    public static func load(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(buf.baseAddress! + i).loadUnaligned(as: UInt64.self))
    }

    /// True when some byte of `w` equals `b`.
    @inlinable @inline(__always)
    public static func has(_ w: UInt64, _ b: UInt8) -> Bool {
        let x = w ^ (0x0101_0101_0101_0101 &* UInt64(b))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }
}
