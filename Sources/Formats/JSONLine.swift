import GazetteCore

/// An error in one JSONL input line.
public struct JSONLineError: Error, Sendable, CustomStringConvertible {
    public var message: String
    /// Byte offset in the line where parsing stopped.
    public var offset: Int
    public var description: String { "\(message) at byte \(offset + 1)" }
}

/// Parses one JSONL document line: `{"id": string, "text": string, ...}`.
///
/// Other keys are kept as raw JSON, byte for byte, and returned as one object
/// for the output's `meta`. The parser is strict JSON (RFC 8259), limits
/// nesting to 512 levels, and never recurses on input data.
public struct JSONLineParser {
    public init() {}

    public struct Record: Sendable {
        public var id: String?
        public var text: String?
        /// A JSON object of the other keys, or nil when there were none.
        public var metaJSON: String?
    }

    public func parse(_ line: UnsafeBufferPointer<UInt8>) throws(JSONLineError) -> Record {
        try parse(line, strings: .repair)
    }

    /// Parses a line as ``parse(_:)`` does, or returns nil when it cannot be parsed or
    /// any of its strings is not valid UTF-8: `id`, `text` and the other keys' JSON are
    /// all validated, each once, as their Strings are made. A line this accepts gives
    /// the same record as ``parse(_:)`` and holds only valid UTF-8 (everything outside
    /// strings is ASCII in a line that parses).
    func parseValidUTF8(_ line: UnsafeBufferPointer<UInt8>) -> Record? {
        try? parse(line, strings: .validate)
    }

    private func parse(_ line: UnsafeBufferPointer<UInt8>, strings: StringMode) throws(JSONLineError) -> Record {
        var p = Scanner(b: line, mode: strings)
        p.skipSpace()
        try p.expect(0x7B, "expected a JSON object '{'")
        var record = Record()
        var meta: [UInt8] = []
        p.skipSpace()
        if p.peek == 0x7D {
            p.i += 1
        } else {
            while true {
                p.skipSpace()
                let key = try p.string()!
                p.skipSpace()
                try p.expect(0x3A, "expected ':' after a key")
                p.skipSpace()
                if key == "id" || key == "text" {
                    if p.peek == 0x22 {
                        let v = try p.string()!
                        if key == "id" { record.id = v } else { record.text = v }
                    } else if key == "id", let start = Optional(p.i), (p.peek == 0x2D || (p.peek ?? 0) >= 0x30 && (p.peek ?? 0) <= 0x39) {
                        // Numeric ids are accepted and kept as written.
                        try p.skipValue()
                        record.id = try p.makeString(UnsafeBufferPointer(rebasing: line[start..<p.i]))
                    } else {
                        throw JSONLineError(message: "\"\(key)\" must be a string", offset: p.i)
                    }
                } else {
                    let start = p.i
                    try p.skipValue()
                    meta.append(meta.isEmpty ? 0x7B : 0x2C)
                    Self.appendString(key, to: &meta)
                    meta.append(0x3A)
                    meta.append(contentsOf: UnsafeBufferPointer(rebasing: line[start..<p.i]))
                }
                p.skipSpace()
                if p.peek == 0x2C { p.i += 1; continue }
                try p.expect(0x7D, "expected ',' or '}'")
                break
            }
        }
        p.skipSpace()
        if p.i < line.count { throw JSONLineError(message: "unexpected data after the JSON object", offset: p.i) }
        if !meta.isEmpty {
            meta.append(0x7D)
            record.metaJSON = try meta.withUnsafeBufferPointer { (m) throws(JSONLineError) in try p.makeString(m) }
        }
        return record
    }

    /// Appends `s` as a JSON string literal.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        JSONWriter.appendString(s, to: &out)
    }
}

/// How a ``Scanner`` makes Strings of the bytes it reads.
private enum StringMode {
    /// Invalid UTF-8 becomes U+FFFD.
    case repair
    /// Invalid UTF-8 is an error.
    case validate
}

private struct Scanner {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0
    let mode: StringMode

    init(b: UnsafeBufferPointer<UInt8>, mode: StringMode) {
        self.b = b
        self.mode = mode
    }

    func makeString(_ bytes: UnsafeBufferPointer<UInt8>) throws(JSONLineError) -> String {
        switch mode {
        case .repair: return String(decoding: bytes, as: UTF8.self)
        case .validate:
            guard let s = String(validating: bytes, as: UTF8.self) else { throw JSONLineError(message: "invalid UTF-8", offset: i) }
            return s
        }
    }

    var peek: UInt8? { i < b.count ? b[i] : nil }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 }
    }

    mutating func expect(_ c: UInt8, _ message: String) throws(JSONLineError) {
        guard i < b.count else { throw JSONLineError(message: "truncated line: " + message, offset: i) }
        guard b[i] == c else { throw JSONLineError(message: message, offset: i) }
        i += 1
    }

    /// Reads a string; returns it, or nil without making it when `keep` is false.
    mutating func string(keep: Bool = true) throws(JSONLineError) -> String? {
        try expect(0x22, "expected a string")
        let runStart = i
        // Most strings have no escapes: find the first byte that is a quote, a
        // backslash or a control character, eight bytes at a time.
        i = JSONWriter.nextSpecial(b.baseAddress!, i, b.count)
        if i < b.count && b[i] == 0x22 {
            i += 1
            return keep ? try makeString(UnsafeBufferPointer(rebasing: b[runStart..<i - 1])) : nil
        }
        return try escapedString(from: runStart, keep: keep)
    }

    /// Reads the rest of a string that started at `runStart`, from the first byte
    /// at or after `i` that may need decoding.
    private mutating func escapedString(from runStart: Int, keep: Bool) throws(JSONLineError) -> String? {
        var out: [UInt8] = []
        if keep { out.reserveCapacity(b.count - runStart) }
        var runStart = runStart
        while true {
            i = JSONWriter.nextSpecial(b.baseAddress!, i, b.count)
            guard i < b.count else { throw JSONLineError(message: "unterminated string", offset: i) }
            let c = b[i]
            if c == 0x22 {
                if keep { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i])) }
                i += 1
                return keep ? try out.withUnsafeBufferPointer { (o) throws(JSONLineError) in try makeString(o) } : nil
            }
            if c < 0x20 { throw JSONLineError(message: "control character in string", offset: i) }
            if c == 0x5C {
                if keep { out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i])) }
                i += 1
                guard i < b.count else { throw JSONLineError(message: "unterminated escape", offset: i) }
                switch b[i] {
                case 0x22: out.append(0x22)
                case 0x5C: out.append(0x5C)
                case 0x2F: out.append(0x2F)
                case 0x62: out.append(0x08)
                case 0x66: out.append(0x0C)
                case 0x6E: out.append(0x0A)
                case 0x72: out.append(0x0D)
                case 0x74: out.append(0x09)
                case 0x75:
                    var scalar = try hex4(i + 1)
                    i += 4
                    if scalar >= 0xD800 && scalar < 0xDC00 {
                        // A high surrogate must be followed by \u and a low surrogate.
                        if i + 6 < b.count, b[i + 1] == 0x5C, b[i + 2] == 0x75 {
                            let low = try hex4(i + 3)
                            if low >= 0xDC00 && low < 0xE000 {
                                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                                i += 6
                            } else { scalar = 0xFFFD }
                        } else { scalar = 0xFFFD }
                    } else if scalar >= 0xDC00 && scalar < 0xE000 {
                        scalar = 0xFFFD
                    }
                    // Python's json.dumps writes every non-ASCII character so: encoded
                    // in place, with no String or Array per escape.
                    let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    UTF8.encode(u) { out.append($0) }
                default:
                    throw JSONLineError(message: "invalid escape", offset: i)
                }
                i += 1
                runStart = i
                continue
            }
            i += 1
        }
    }

    func hex4(_ at: Int) throws(JSONLineError) -> UInt32 {
        guard at + 4 <= b.count else { throw JSONLineError(message: "truncated \\u escape", offset: at) }
        var v: UInt32 = 0
        for k in 0..<4 {
            let c = b[at + k]
            let d: UInt32
            switch c {
            case 0x30...0x39: d = UInt32(c - 0x30)
            case 0x41...0x46: d = UInt32(c - 0x41 + 10)
            case 0x61...0x66: d = UInt32(c - 0x61 + 10)
            default: throw JSONLineError(message: "invalid \\u escape", offset: at + k)
            }
            v = v << 4 | d
        }
        return v
    }

    /// Skips one JSON value of any kind, iteratively (no recursion on input).
    mutating func skipValue() throws(JSONLineError) {
        var depth = 0
        // Stack of open containers: true = object. An object alternates key/value.
        var stack: [Bool] = []
        var expectValue = true
        while true {
            skipSpace()
            guard let c = peek else { throw JSONLineError(message: "truncated value", offset: i) }
            if expectValue {
                switch c {
                case 0x7B, 0x5B:
                    depth += 1
                    if depth > 512 { throw JSONLineError(message: "nesting deeper than 512 levels", offset: i) }
                    stack.append(c == 0x7B)
                    i += 1
                    skipSpace()
                    if peek == (c == 0x7B ? 0x7D : 0x5D) {
                        i += 1
                        stack.removeLast()
                        depth -= 1
                        expectValue = false
                    } else if c == 0x7B {
                        _ = try string(keep: false)
                        skipSpace()
                        try expect(0x3A, "expected ':' after a key")
                    }
                    if stack.isEmpty { return }
                    continue
                case 0x22: _ = try string(keep: false)
                case 0x74: try literal("true")
                case 0x66: try literal("false")
                case 0x6E: try literal("null")
                case 0x2D, 0x30...0x39: try number()
                default: throw JSONLineError(message: "unexpected character", offset: i)
                }
                expectValue = false
                if stack.isEmpty { return }
            } else {
                let isObject = stack.last!
                if c == 0x2C {
                    i += 1
                    if isObject {
                        skipSpace()
                        _ = try string(keep: false)
                        skipSpace()
                        try expect(0x3A, "expected ':' after a key")
                    }
                    expectValue = true
                } else if c == (isObject ? 0x7D : 0x5D) {
                    i += 1
                    stack.removeLast()
                    depth -= 1
                    if stack.isEmpty { return }
                } else {
                    throw JSONLineError(message: isObject ? "expected ',' or '}'" : "expected ',' or ']'", offset: i)
                }
            }
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONLineError) {
        let n = word.utf8CodeUnitCount
        guard i + n <= b.count else { throw JSONLineError(message: "truncated literal", offset: i) }
        let ok = word.withUTF8Buffer { w in (0..<n).allSatisfy { b[i + $0] == w[$0] } }
        guard ok else { throw JSONLineError(message: "invalid literal", offset: i) }
        i += n
    }

    /// RFC 8259 numbers: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    mutating func number() throws(JSONLineError) {
        let start = i
        func digits() -> Int {
            var n = 0
            while let c = peek, c >= 0x30 && c <= 0x39 { i += 1; n += 1 }
            return n
        }
        if peek == 0x2D { i += 1 }
        if peek == 0x30 {
            i += 1
            if let c = peek, c >= 0x30 && c <= 0x39 { throw JSONLineError(message: "invalid number (leading zero)", offset: start) }
        } else if digits() == 0 {
            throw JSONLineError(message: "invalid number", offset: start)
        }
        if peek == 0x2E {
            i += 1
            if digits() == 0 { throw JSONLineError(message: "invalid number (no digits after '.')", offset: start) }
        }
        if peek == 0x65 || peek == 0x45 {
            i += 1
            if peek == 0x2B || peek == 0x2D { i += 1 }
            if digits() == 0 { throw JSONLineError(message: "invalid number (no exponent digits)", offset: start) }
        }
    }
}

/// Writes JSON text into a byte buffer.
public enum JSONWriter {
    /// Appends `s` as a JSON string literal, escaping quotes, backslashes and control characters.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { appendString(bytes: $0, to: &out) }
    }

    /// Appends UTF-8 bytes as a JSON string literal, escaping as ``appendString(_:to:)`` does:
    /// `\"`, `\\`, `\n`, `\r`, `\t`, and `\u00XX` (lower-case hex) for the other control
    /// characters; everything else, non-ASCII included, is copied as it is.
    public static func appendString(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let n = bytes.count
        guard let src = bytes.baseAddress, n > 0 else {
            out.append(0x22)
            out.append(0x22)
            return
        }
        let extra = escapeExtra(src, n)
        let total = n + extra + 2
        let room = total + 8
        // Array offers no way to write into its spare capacity, so the bytes are appended
        // as one block: directly when nothing needs escaping, else through a buffer.
        if extra == 0 {
            out.append(0x22)
            out.append(contentsOf: bytes)
            out.append(0x22)
        } else {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: room) { tmp in
                let d = tmp.baseAddress!
                d.pointee = 0x22
                let w = writeEscaped(src, n, to: d + 1)
                (d + 1 + w).pointee = 0x22
                out.append(contentsOf: UnsafeBufferPointer(start: d, count: w + 2))
            }
        }
    }

    /// Appends a decimal integer.
    public static func appendInt(_ v: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { tmp in
            let w = writeInt(v, to: tmp.baseAddress!)
            out.append(contentsOf: UnsafeBufferPointer(start: tmp.baseAddress!, count: w))
        }
    }

    /// Appends raw ASCII text.
    public static func append(_ s: StaticString, to out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    // MARK: - Writing into raw memory

    private static let lows: UInt64 = 0x0101_0101_0101_0101
    private static let highs: UInt64 = 0x8080_8080_8080_8080

    /// A mask whose lowest set bit marks the first byte of `w` (little-endian) that needs an
    /// escape: a control character, `"` or `\`. Bits above the lowest may be false alarms.
    @inline(__always)
    static func specialBytes(_ w: UInt64) -> UInt64 {
        let control = (w &- lows &* 0x20) & ~w & highs
        let q = w ^ (lows &* 0x22)
        let quote = (q &- lows) & ~q & highs
        let b = w ^ (lows &* 0x5C)
        let backslash = (b &- lows) & ~b & highs
        return control | quote | backslash
    }

    @inline(__always)
    static func load(_ p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The `k` bytes (0 < k < 8) at `p` in the low bytes of a word, the others `A`.
    @inline(__always)
    static func loadTail(_ p: UnsafePointer<UInt8>, _ k: Int) -> UInt64 {
        var w: UInt64 = 0x4141_4141_4141_4141
        var q = UnsafeRawPointer(p)
        var shift: UInt64 = 0
        if k & 4 != 0 {
            w = w & ~0xFFFF_FFFF | UInt64(UInt32(littleEndian: q.loadUnaligned(as: UInt32.self)))
            q += 4
            shift = 32
        }
        if k & 2 != 0 {
            w = w & ~(0xFFFF << shift) | UInt64(UInt16(littleEndian: q.loadUnaligned(as: UInt16.self))) << shift
            q += 2
            shift += 16
        }
        if k & 1 != 0 {
            w = w & ~(0xFF << shift) | UInt64(q.load(as: UInt8.self)) << shift
        }
        return w
    }

    /// The index of the first byte at or after `i` that needs an escape, or `n`.
    @inline(__always)
    static func nextSpecial(_ src: UnsafePointer<UInt8>, _ i: Int, _ n: Int) -> Int {
        var i = i
        while i + 8 <= n {
            let m = specialBytes(load(src + i))
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
            i += 8
        }
        if i < n {
            let m = specialBytes(loadTail(src + i, n - i))
            if m != 0 { return i + m.trailingZeroBitCount >> 3 }
        }
        return n
    }

    /// How many bytes longer than `n` the escaped form of `src[0..<n]` is.
    @inline(__always)
    static func escapeExtra(_ src: UnsafePointer<UInt8>, _ n: Int) -> Int {
        var extra = 0
        var i = nextSpecial(src, 0, n)
        while i < n {
            let c = src[i]
            extra += (c == 0x22 || c == 0x5C || c == 0x0A || c == 0x0D || c == 0x09) ? 1 : 5
            i = nextSpecial(src, i + 1, n)
        }
        return extra
    }

    /// Writes the escaped form of `src[0..<n]` (without quotes) at `dst` and returns how many
    /// bytes it wrote. `dst` has room for `n + escapeExtra(src, n)` bytes and 8 more: the copy
    /// goes a word at a time, and the last word may store bytes past the end.
    @inline(__always)
    static func writeEscaped(_ src: UnsafePointer<UInt8>, _ n: Int, to dst: UnsafeMutablePointer<UInt8>) -> Int {
        var i = 0
        var o = 0
        while i < n {
            let left = n - i
            let w = left >= 8 ? load(src + i) : loadTail(src + i, left)
            UnsafeMutableRawPointer(dst + o).storeBytes(of: w.littleEndian, as: UInt64.self)
            let m = specialBytes(w)
            if m == 0 {
                let step = Swift.min(left, 8)
                i += step
                o += step
                continue
            }
            // The lowest marked byte is the first to escape; the ones before it are copied.
            let j = m.trailingZeroBitCount >> 3
            i += j
            o += j
            let c = src[i]
            dst[o] = 0x5C
            switch c {
            case 0x22: dst[o + 1] = 0x22; o += 2
            case 0x5C: dst[o + 1] = 0x5C; o += 2
            case 0x0A: dst[o + 1] = 0x6E; o += 2
            case 0x0D: dst[o + 1] = 0x72; o += 2
            case 0x09: dst[o + 1] = 0x74; o += 2
            default:
                let hex: StaticString = "0123456789abcdef"
                dst[o + 1] = 0x75
                dst[o + 2] = 0x30
                dst[o + 3] = 0x30
                hex.withUTF8Buffer { h in
                    dst[o + 4] = h[Int(c >> 4)]
                    dst[o + 5] = h[Int(c & 15)]
                }
                o += 6
            }
            i += 1
        }
        return o
    }

    /// Writes `v` in decimal at `dst` (room for 20 bytes) and returns how many bytes it wrote.
    @inline(__always)
    static func writeInt(_ v: Int, to dst: UnsafeMutablePointer<UInt8>) -> Int {
        var p = dst
        if v < 0 { p.pointee = 0x2D; p += 1 }
        var x = v.magnitude
        var n = 1
        var t = x
        while t >= 10 { t /= 10; n += 1 }
        var q = p + n
        repeat {
            q -= 1
            q.pointee = UInt8(truncatingIfNeeded: x % 10) &+ 0x30
            x /= 10
        } while x > 0
        return p + n - dst
    }
}
