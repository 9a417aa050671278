import GazetteCore

/// URLs, e-mail addresses, handles and hashtags, found by scanning characters
/// (tokenization splits them, so they are matched on the raw bytes).
///
/// - URL: `http://…`, `https://…`, `www.…`, up to white space, with trailing
///   sentence punctuation and unbalanced closing brackets left out.
/// - EMAIL: `local@domain.tld`.
/// - HANDLE: `@name` after white space, a bracket or the start of the text.
/// - HASHTAG: `#name` likewise, where the name has a letter.
public struct PatternRecognizer: Recognizer {
    public init() {}

    public func recognize(_ c: RuleContext, into out: inout [Entity]) {
        c.text.bytes.withUnsafeBufferPointer { b in
            let n = b.count
            var i = 0
            while i < n {
                let ch = b[i]
                // Only these bytes can start a pattern; the boundary test decodes characters.
                guard ch == 0x68 || ch == 0x48 || ch == 0x77 || ch == 0x57 || ch == 0x40 || ch == 0x23 else {
                    i += 1
                    continue
                }
                let boundary = i == 0 || Self.isOpening(b, before: i)
                if boundary, ch == 0x68 || ch == 0x48 || ch == 0x77 || ch == 0x57, let end = url(b, i) {
                    out.append(Entity(start: i, end: end, label: .url, source: .pattern, priority: Priority.pattern))
                    i = end
                    continue
                }
                if ch == 0x40 {
                    if i > 0, Self.isLocalPart(b[i - 1]), let (start, end) = email(b, i) {
                        out.append(Entity(start: start, end: end, label: .email, source: .pattern, priority: Priority.pattern))
                        i = end
                        continue
                    }
                    if boundary {
                        let end = word(b, i + 1)
                        if end > i + 1 {
                            out.append(Entity(start: i, end: end, label: .handle, source: .pattern, priority: Priority.pattern))
                            i = end
                            continue
                        }
                    }
                }
                if ch == 0x23, boundary {
                    let end = word(b, i + 1)
                    if end > i + 1, b[(i + 1)..<end].contains(where: { !(0x30...0x39).contains($0) && $0 != 0x5F }) {
                        out.append(Entity(start: i, end: end, label: .hashtag, source: .pattern, priority: Priority.pattern))
                        i = end
                        continue
                    }
                }
                i += 1
            }
        }
    }

    /// True when the character before byte `i` may precede a handle, hashtag or URL:
    /// white space (any, no-break space included) or opening punctuation (`(`, `"`, `«`, `“`).
    static func isOpening(_ b: UnsafeBufferPointer<UInt8>, before i: Int) -> Bool {
        let p = b[i - 1]
        if p < 0x80 {
            return p == 0x20 || p == 0x0A || p == 0x09 || p == 0x0D || p == 0x28 || p == 0x5B || p == 0x22 || p == 0x27 || p == 0x3A
        }
        guard let (scalar, _) = scalar(b, endingAt: i) else { return false }
        let props = scalar.properties
        if props.isWhitespace { return true }
        switch props.generalCategory {
        case .openPunctuation, .initialPunctuation, .finalPunctuation, .otherPunctuation, .dashPunctuation: return true
        default: return false
        }
    }

    /// Decodes the scalar whose last byte is at `end - 1`.
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> (Unicode.Scalar, Int)? {
        var s = end - 1
        while s > 0, b[s] & 0xC0 == 0x80, end - s < 4 { s -= 1 }
        return scalar(b, at: s).flatMap { $0.1 == end - s ? $0 : nil }
    }

    /// Decodes the scalar starting at byte `i` and its width in bytes.
    static func scalar(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (Unicode.Scalar, Int)? {
        let lead = b[i]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 0
        guard width > 0, i + width <= b.count else { return nil }
        var v = UInt32(lead) & (0xFF >> (width + 1))
        for k in 1..<width { v = v << 6 | UInt32(b[i + k] & 0x3F) }
        return Unicode.Scalar(v).map { ($0, width) }
    }

    static func isLocalPart(_ b: UInt8) -> Bool {
        (0x30...0x39).contains(b) || (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || b == 0x2E || b == 0x5F || b == 0x2D || b == 0x2B
    }

    /// End of a handle or hashtag name: letters and digits of any script, combining marks, underscore.
    func word(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int {
        var i = start
        while i < b.count {
            let ch = b[i]
            if ch < 0x80 {
                guard (0x30...0x39).contains(ch) || (0x41...0x5A).contains(ch) || (0x61...0x7A).contains(ch) || ch == 0x5F else { break }
                i += 1
            } else {
                guard let (scalar, width) = Self.scalar(b, at: i) else { break }
                let p = scalar.properties
                guard p.isAlphabetic || p.numericType != nil || p.generalCategory == .nonspacingMark else { break }
                i += width
            }
        }
        return i
    }

    func url(_ b: UnsafeBufferPointer<UInt8>, _ start: Int) -> Int? {
        func has(_ s: StaticString) -> Bool {
            let n = s.utf8CodeUnitCount
            guard start + n <= b.count else { return false }
            return s.withUTF8Buffer { p in (0..<n).allSatisfy { b[start + $0] | 0x20 == p[$0] | 0x20 } }
        }
        guard has("http://") || has("https://") || has("www.") else { return nil }
        var i = start
        var parens = 0
        while i < b.count {
            let ch = b[i]
            if ch <= 0x20 || ch == 0x22 || ch == 0x3C || ch == 0x3E { break }
            // Non-ASCII white space and punctuation (no-break space, ’ ” « ») end a URL;
            // letters (internationalized paths) do not.
            if ch >= 0x80, let (scalar, width) = Self.scalar(b, at: i) {
                let p = scalar.properties
                if p.isWhitespace || !(p.isAlphabetic || p.numericType != nil) { break }
                i += width
                continue
            }
            if ch == 0x28 { parens += 1 }
            if ch == 0x29 { if parens == 0 { break }; parens -= 1 }
            i += 1
        }
        // Trailing punctuation belongs to the sentence.
        while i > start, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x27].contains(b[i - 1]) { i -= 1 }
        return i - start > 7 ? i : nil
    }

    func email(_ b: UnsafeBufferPointer<UInt8>, _ at: Int) -> (Int, Int)? {
        var s = at
        while s > 0, Self.isLocalPart(b[s - 1]) { s -= 1 }
        var e = at + 1
        var dots = 0
        while e < b.count {
            let ch = b[e]
            if (0x30...0x39).contains(ch) || (0x41...0x5A).contains(ch) || (0x61...0x7A).contains(ch) || ch == 0x2D { e += 1; continue }
            if ch == 0x2E, e + 1 < b.count, (0x41...0x7A).contains(b[e + 1]) { dots += 1; e += 1; continue }
            break
        }
        guard s < at, dots > 0, e > at + 3 else { return nil }
        return (s, e)
    }
}
