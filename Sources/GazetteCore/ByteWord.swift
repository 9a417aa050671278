/// Eight bytes of a buffer read as one word, for loops that skip ahead past
/// bytes they have no use for, eight at a time.
public enum ByteWord {
    /// The eight bytes at `i` (which must all be in `buf`) as one little-endian word.
    @inlinable @inline(__always)
    public static func load(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(buf.baseAddress! + i).loadUnaligned(as: UInt64.self))
    }

    /// Bit 7 of each byte of `w` (all bytes below 0x80) that lies in `lo...hi`; the other bits clear.
    @inlinable @inline(__always)
    public static func inRange(_ w: UInt64, _ lo: UInt8, _ hi: UInt8) -> UInt64 {
        // Below 0x80 no byte carries into the next: x + 0x80 - lo has bit 7 when
        // x >= lo, x + 0x7F - hi when x > hi.
        let atLeast = w &+ 0x0101_0101_0101_0101 &* UInt64(0x80 - lo)
        let above = w &+ 0x0101_0101_0101_0101 &* UInt64(0x7F - hi)
        return atLeast & ~above & 0x8080_8080_8080_8080
    }

    /// True when some byte of `w` equals `b`.
    @inlinable @inline(__always)
    public static func has(_ w: UInt64, _ b: UInt8) -> Bool {
        let x = w ^ (0x0101_0101_0101_0101 &* UInt64(b))
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0
    }
}
