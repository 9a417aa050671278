/// The unit in which span offsets are reported.
public enum OffsetUnit: String, Sendable, CaseIterable {
    /// Unicode scalar values, as Python `str`, spaCy and Prodigy count (the default).
    case codepoint
    /// UTF-8 bytes.
    case utf8
    /// UTF-16 code units, as JavaScript and Java count.
    case utf16
}

/// Converts UTF-8 byte offsets of one text into another unit.
///
/// Offsets must be asked for in non-decreasing order (as they come from a sorted
/// entity list); each call then costs only the bytes between it and the previous
/// call, so converting all spans of a document is one pass over its text.
public struct OffsetConverter {
    public let unit: OffsetUnit
    private var byte = 0
    private var count = 0

    public init(unit: OffsetUnit) { self.unit = unit }

    /// Converts `target`, a byte offset on a scalar boundary of `text`.
    public mutating func convert(_ target: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        if unit == .utf8 { return target }
        if target < byte { byte = 0; count = 0 }
        precondition(target <= text.count, "offset past the end of the text")
        guard target > byte, let base = text.baseAddress else { return count }
        var b = byte
        var c = count
        let utf16 = unit == .utf16
        // Eight bytes at a time, counting in each byte lane what the byte adds: 1 when it
        // starts a scalar (it is not a continuation byte 10xxxxxx), and 1 more in UTF-16
        // when it leads a 4-byte sequence (11110xxx), which is two UTF-16 units.
        @inline(__always) func lanes(_ at: Int) -> UInt64 {
            let w = UInt64(littleEndian: UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self))
            let highs: UInt64 = 0x8080_8080_8080_8080
            var l = ((~w | w << 1) & highs) >> 7
            if utf16 { l &+= (w & w << 1 & w << 2 & w << 3 & highs) >> 7 }
            return l
        }
        // The sum of the lanes (each below 32 here) lands in the top byte.
        @inline(__always) func sum(_ l: UInt64) -> Int { Int(truncatingIfNeeded: (l &* 0x0101_0101_0101_0101) >> 56) }
        while b + 8 <= target {
            var acc: UInt64 = 0
            var k = 0
            while k < 8 && b + 8 <= target {
                acc &+= lanes(b)
                b += 8
                k += 1
            }
            c += sum(acc)
        }
        if b < target && b + 8 <= text.count {
            // The rest in one word read past it (within the text), masked to it.
            c += sum(lanes(b) & (1 << UInt64(8 * (target - b)) &- 1))
            b = target
        }
        while b < target {
            let lead = base[b]
            if lead & 0xC0 != 0x80 { c += (utf16 && lead >= 0xF0) ? 2 : 1 }
            b += 1
        }
        byte = b
        count = c
        return c
    }
}
