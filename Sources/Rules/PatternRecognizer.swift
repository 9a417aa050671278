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
            // Patterns are found at a byte every one of them has: the ':' of
            // "http://", the '.' of "www.", the '@' or the '#'. A URL begins a few
            // bytes earlier, never before the end of the last pattern found.
            var lastEnd = 0
            var i = 0
            while i < n {
                // Eight bytes at a time past text without any of those bytes.
                while i + 8 <= n {
                    let w = ByteWord.load(b, i)
                    if ByteWord.has(w, 0x3A) || ByteWord.has(w, 0x2E) || ByteWord.has(w, 0x40) || ByteWord.has(w, 0x23) { break }
                    i += 8
                }
                guard i < n else { break }
                let ch = b[i]
                if ch == 0x3A || ch == 0x2E {
                    if let start = urlStart(b, anchor: i, notBefore: lastEnd), let end = url(b, start) {
                        out.append(Entity(start: start, end: end, label: .url, source: .pattern, priority: Priority.pattern))
                        i = end
                        lastEnd = end
                        continue
                    }
                } else if ch == 0x40 {
                    let boundary = i == 0 || Self.isOpening(b, before: i)
                    if i > 0, Self.isLocalPart(b[i - 1]), let (start, end) = email(b, i) {
                        out.append(Entity(start: start, end: end, label: .email, source: .pattern, priority: Priority.pattern))
                        i = end
                        lastEnd = end
                        continue
                    }
                    if boundary {
                        let end = word(b, i + 1)
                        if end > i + 1 {
                            out.append(Entity(start: i, end: end, label: .handle, source: .pattern, priority: Priority.pattern))
                            i = end
                            lastEnd = end
                            continue
                        }
                    }
                } else if ch == 0x23, i == 0 || Self.isOpening(b, before: i) {
                    let end = word(b, i + 1)
                    if end > i + 1, b[(i + 1)..<end].contains(where: { !(0x30...0x39).contains($0) && $0 != 0x5F }) {
                        out.append(Entity(start: i, end: end, label: .hashtag, source: .pattern, priority: Priority.pattern))
                        i = end
                        lastEnd = end
                        continue
                    }
                }
                i += 1
            }
        }
    }

    /// Where a URL whose "http:", "https:" or "www." ends at byte `anchor` (a ':'
    /// or a '.') begins, when it begins at or after `notBefore` and at the start
    /// of the text or after white space or opening punctuation.
    func urlStart(_ b: UnsafeBufferPointer<UInt8>, anchor i: Int, notBefore: Int) -> Int? {
        func folded(_ k: Int) -> UInt8 { b[k] | 0x20 }
        let start: Int
        if b[i] == 0x2E {
            guard i >= 3 + notBefore, folded(i - 3) == 0x77, folded(i - 2) == 0x77, folded(i - 1) == 0x77 else { return nil }
            start = i - 3
        } else {
            let s = i >= 1 && folded(i - 1) == 0x73 ? i - 5 : i - 4
            guard s >= notBefore, folded(s) == 0x68, folded(s + 1) == 0x74, folded(s + 2) == 0x74, folded(s + 3) == 0x70 else { return nil }
            start = s
        }
        return start == 0 || Self.isOpening(b, before: start) ? start : nil
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
            // Letters in either case; ':', '/' and '.' exactly.
            return s.withUTF8Buffer { p in
                (0..<n).allSatisfy { p[$0] >= 0x61 ? b[start + $0] | 0x20 == p[$0] : b[start + $0] == p[$0] }
            }
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
