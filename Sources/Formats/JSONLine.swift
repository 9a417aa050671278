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
        var p = Scanner(b: line)
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
                let key = try p.string()
                p.skipSpace()
                try p.expect(0x3A, "expected ':' after a key")
                p.skipSpace()
                if key == "id" || key == "text" {
                    if p.peek == 0x22 {
                        let v = try p.string()
                        if key == "id" { record.id = v } else { record.text = v }
                    } else if key == "id", let start = Optional(p.i), (p.peek == 0x2D || (p.peek ?? 0) >= 0x30 && (p.peek ?? 0) <= 0x39) {
                        // Numeric ids are accepted and kept as written.
                        try p.skipValue()
                        record.id = String(decoding: UnsafeBufferPointer(rebasing: line[start..<p.i]), as: UTF8.self)
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
            record.metaJSON = String(decoding: meta, as: UTF8.self)
        }
        return record
    }

    /// Appends `s` as a JSON string literal.
    public static func appendString(_ s: String, to out: inout [UInt8]) {
        JSONWriter.appendString(s, to: &out)
    }
}

private struct Scanner {
    let b: UnsafeBufferPointer<UInt8>
    var i = 0

    var peek: UInt8? { i < b.count ? b[i] : nil }

    mutating func skipSpace() {
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0D || b[i] == 0x0A { i += 1 }
    }

    mutating func expect(_ c: UInt8, _ message: String) throws(JSONLineError) {
        guard i < b.count else { throw JSONLineError(message: "truncated line: " + message, offset: i) }
        guard b[i] == c else { throw JSONLineError(message: message, offset: i) }
        i += 1
    }

    mutating func string() throws(JSONLineError) -> String {
        try expect(0x22, "expected a string")
        var out: [UInt8] = []
        var runStart = i
        while true {
            guard i < b.count else { throw JSONLineError(message: "unterminated string", offset: i) }
            let c = b[i]
            if c == 0x22 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if c < 0x20 { throw JSONLineError(message: "control character in string", offset: i) }
            if c == 0x5C {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
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
                    let u = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(u)).utf8))
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
                        _ = try string()
                        skipSpace()
                        try expect(0x3A, "expected ':' after a key")
                    }
                    if stack.isEmpty { return }
                    continue
                case 0x22: _ = try string()
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
                        _ = try string()
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

    /// Appends UTF-8 bytes as a JSON string literal, escaping as ``appendString(_:to:)`` does.
    public static func appendString(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(0x22)
        var run = 0
        for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
            appendEscape(b, to: &out)
            run = i + 1
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        out.append(0x22)
    }

    private static func appendEscape(_ b: UInt8, to out: inout [UInt8]) {
        switch b {
        case 0x22: out.append(0x5C); out.append(0x22)
        case 0x5C: out.append(0x5C); out.append(0x5C)
        case 0x0A: out.append(0x5C); out.append(0x6E)
        case 0x0D: out.append(0x5C); out.append(0x72)
        case 0x09: out.append(0x5C); out.append(0x74)
        default:
            let hex: StaticString = "0123456789abcdef"
            out.append(contentsOf: [0x5C, 0x75, 0x30, 0x30])
            hex.withUTF8Buffer { h in
                out.append(h[Int(b >> 4)])
                out.append(h[Int(b & 15)])
            }
        }
    }

    /// Appends a decimal integer.
    public static func appendInt(_ v: Int, to out: inout [UInt8]) {
        if v == 0 { out.append(0x30); return }
        var x = v
        if x < 0 { out.append(0x2D); x = -x }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while x > 0 { d[n] = UInt8(x % 10) + 0x30; x /= 10; n += 1 }
            while n > 0 { n -= 1; out.append(d[n]) }
        }
    }

    /// Appends raw ASCII text.
    public static func append(_ s: StaticString, to out: inout [UInt8]) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }
}
