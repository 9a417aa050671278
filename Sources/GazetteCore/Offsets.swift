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
        var b = byte
        var c = count
        let utf16 = unit == .utf16
        while b < target {
            let lead = text[b]
            // Every byte that does not continue a sequence starts one scalar;
            // a 4-byte sequence is two UTF-16 units.
            if lead & 0xC0 != 0x80 { c += (utf16 && lead >= 0xF0) ? 2 : 1 }
            b += 1
        }
        byte = b
        count = c
        return c
    }
}
