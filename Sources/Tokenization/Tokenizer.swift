import GazetteCore

/// Splits UTF-8 text into tokens and sentences with ICU, and computes each
/// token's shape and folded key.
///
/// - ICU's word-break rules decide token boundaries; their rule status tells
///   words, numbers and punctuation apart. White space is not a token: it sets
///   ``TokenFlags/spaceBefore`` and ``TokenFlags/newlineBefore`` on the next one.
/// - A possessive ending ("'s", "’s") is split off a word: `Kyiv's` → `Kyiv` `'s`.
///   Inner apostrophes stay (`Знам'янка`, `O'Brien`); hyphens are their own
///   tokens (`Strelkov` `-` `Girkin`, `MiG` `-` `29`) with no space flags.
/// - Sentences come from ICU's sentence iterator with the `ss=standard`
///   suppressions (no break after "Mr.", "U.S."), plus a list of abbreviations
///   of its own (`Lexicons/rules/abbreviations.txt`: "Gen.", "Lt.", "Col.").
///
/// Not thread-safe (it owns ICU iterators): create one per worker.
public final class Tokenizer {
    private let words: BreakIterator
    private let sentences: BreakIterator
    private let abbreviations: ByteStringTable
    private var boundaries: [Int32] = []
    /// Segment plain-ASCII chunks without ICU (same boundaries; see `segmentHybrid`).
    public let useASCIIFastPath: Bool

    /// - Parameter abbreviations: abbreviations that do not end a sentence,
    ///   with or without their final period ("Gen.", "Lt").
    ///   - useASCIIFastPath: segment whitespace-separated chunks of plain ASCII
    ///     without calling ICU; the boundaries are the same (tests compare them).
    public init(abbreviations: [String] = [], useASCIIFastPath: Bool = true) throws {
        self.useASCIIFastPath = useASCIIFastPath
        words = try BreakIterator(.word, locale: "en")
        sentences = try BreakIterator(.sentence, locale: "en@ss=standard")
        var table = ByteStringTable(capacity: abbreviations.count)
        for a in abbreviations {
            var key = Folding.fold(a)
            while key.hasSuffix(".") { key.removeLast() }
            if !key.isEmpty { table.insert(key) }
        }
        self.abbreviations = table
    }

    /// Tokenizes `text` into `out`, replacing what `out` held before.
    public func tokenize(_ text: String, into out: inout TokenizedText) throws {
        out.reset()
        out.bytes.append(contentsOf: text.utf8)
        try analyze(&out)
    }

    /// Tokenizes `text` into a new ``TokenizedText``.
    public func tokenize(_ text: String) throws -> TokenizedText {
        var out = TokenizedText()
        try tokenize(text, into: &out)
        return out
    }

    /// Segmentation state carried from one segment to the next.
    private struct Pending {
        var flags: TokenFlags = [.paragraphStart, .newlineBefore]
        /// Line breaks since the last token; ICU may return each as a segment of its own.
        var newlines = 0
    }

    private func analyze(_ out: inout TokenizedText) throws {
        let bytes = out.bytes
        try bytes.withUnsafeBufferPointer { buf in
            var pending = Pending()
            if useASCIIFastPath, !Self.needsWholeTextICU(buf) {
                try segmentHybrid(&out, buf, &pending)
            } else {
                try segmentWithICU(&out, buf, 0..<buf.count, &pending)
            }
            try markSentences(&out, buf)
        }
        markHeadlines(&out)
    }

    /// ICU word-break iteration over `range` of the text.
    private func segmentWithICU(_ out: inout TokenizedText, _ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                _ pending: inout Pending) throws {
        try words.setText(UnsafeBufferPointer(rebasing: buf[range]))
        var prev = range.lowerBound
        while let b = words.next() {
            let end = range.lowerBound + b
            emit(&out, buf, prev, end, words.ruleStatus, &pending)
            prev = end
        }
    }

    /// Whitespace-separated chunks of plain ASCII are segmented by
    /// ``segmentASCII(_:_:_:_:)``; runs of chunks with other characters by ICU.
    /// No word-break rule joins characters across ASCII white space, so the two
    /// give the same boundaries as ICU over the whole text (a test checks it).
    private func segmentHybrid(_ out: inout TokenizedText, _ buf: UnsafeBufferPointer<UInt8>, _ pending: inout Pending) throws {
        let n = buf.count
        var i = 0
        while i < n {
            if Self.isASCIISpace(buf[i]) {
                var j = i
                var newlines = 0
                while j < n, Self.isASCIISpace(buf[j]) {
                    if buf[j] == 0x0A { newlines += 1 }
                    j += 1
                }
                whitespace(newlines, &pending)
                i = j
                continue
            }
            var (end, plain) = Self.chunk(buf, from: i)
            if plain {
                segmentASCII(&out, buf, i..<end, &pending)
                i = end
                continue
            }
            // One ICU pass over this chunk and the following ones that also need ICU.
            while true {
                var w = end
                while w < n, Self.isASCIISpace(buf[w]) { w += 1 }
                guard w < n else { break }
                let (nextEnd, nextPlain) = Self.chunk(buf, from: w)
                if nextPlain { break }
                end = nextEnd
                plain = false
            }
            try segmentWithICU(&out, buf, i..<end, &pending)
            i = end
        }
    }

    /// The end of the chunk starting at `start` (the next ASCII white space) and
    /// whether it is plain ASCII that ``segmentASCII(_:_:_:_:)`` handles.
    @inline(__always)
    private static func chunk(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Bool) {
        var j = start
        var plain = true
        while j < buf.count {
            let c = buf[j]
            if isASCIISpace(c) { break }
            // Non-ASCII, and the characters whose ICU rules this fast path does not implement.
            if c >= 0x80 || c == 0x5F || c == 0x3A || c < 0x20 || c == 0x7F { plain = false }
            j += 1
        }
        return (j, plain)
    }

    @inline(__always)
    static func isASCIISpace(_ c: UInt8) -> Bool { c == 0x20 || (c >= 0x09 && c <= 0x0D) }

    /// True when a chunk starts with a character that ICU attaches to the white
    /// space before it (combining marks, format characters, ZWJ: rule WB4), so
    /// that chunks cannot be segmented on their own.
    private static func needsWholeTextICU(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 1
        while i < buf.count {
            if buf[i] >= 0x80, isASCIISpace(buf[i - 1]) {
                var v = UInt32(buf[i]) & (buf[i] >= 0xF0 ? 0x07 : buf[i] >= 0xE0 ? 0x0F : 0x1F)
                var k = i + 1
                while k < buf.count, buf[k] & 0xC0 == 0x80, k < i + 4 { v = v << 6 | UInt32(buf[k] & 0x3F); k += 1 }
                if let u = Unicode.Scalar(v) {
                    switch u.properties.generalCategory {
                    case .nonspacingMark, .enclosingMark, .spacingMark, .format: return true
                    default: if v == 0x200D { return true }
                    }
                }
            }
            i += 1
        }
        return false
    }

    /// UAX #29 word boundaries for plain ASCII without white space, `_` or `:`,
    /// as ICU applies them: letters and digits join (WB5, WB8–WB10); `.` and `'`
    /// join letters to letters and digits to digits, `,` and `;` digits to digits
    /// (WB6, WB7, WB11, WB12); every other character stands alone. ICU counts
    /// `@` as a letter (so `@rybar` is one word), and gives a segment the status
    /// of its last character: 100 (number) after a digit ("59th9", "Kyiv29"),
    /// else 200 (word: "82A", "U.S").
    private func segmentASCII(_ out: inout TokenizedText, _ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                              _ pending: inout Pending) {
        let e = range.upperBound
        var i = range.lowerBound
        while i < e {
            let c = buf[i]
            guard Self.isAlnum(c) else {
                emit(&out, buf, i, i + 1, 0, &pending)
                i += 1
                continue
            }
            var j = i + 1
            while j < e {
                let d = buf[j]
                if Self.isAlnum(d) {
                    j += 1
                    continue
                }
                guard j + 1 < e else { break }
                let before = buf[j - 1], after = buf[j + 1]
                if d == 0x2E || d == 0x27 {
                    if (Self.isAlpha(before) && Self.isAlpha(after)) || (Self.isDigit(before) && Self.isDigit(after)) {
                        j += 2
                        continue
                    }
                } else if d == 0x2C || d == 0x3B {
                    if Self.isDigit(before) && Self.isDigit(after) {
                        j += 2
                        continue
                    }
                }
                break
            }
            emit(&out, buf, i, j, Self.isDigit(buf[j - 1]) ? 100 : 200, &pending)
            i = j
        }
    }

    /// A letter for ICU's word rules: ASCII letters and `@`.
    @inline(__always) private static func isAlpha(_ c: UInt8) -> Bool { (c | 0x20) &- 0x61 < 26 || c == 0x40 }
    @inline(__always) private static func isDigit(_ c: UInt8) -> Bool { c &- 0x30 < 10 }
    @inline(__always) private static func isAlnum(_ c: UInt8) -> Bool { isAlpha(c) || isDigit(c) }

    @inline(__always)
    private func whitespace(_ newlines: Int, _ pending: inout Pending) {
        pending.newlines += newlines
        pending.flags.insert(.spaceBefore)
        if pending.newlines > 0 { pending.flags.insert(.newlineBefore) }
        if pending.newlines > 1 { pending.flags.insert(.paragraphStart) }
    }

    /// Turns one word-break segment `start..<end` with ICU rule status `status` into tokens.
    private func emit(_ out: inout TokenizedText, _ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                      _ status: Int32, _ pending: inout Pending) {
        if status < 100 {
            // Punctuation, symbols or white space; ICU gives white space runs as one segment.
            var newlines = 0
            var i = start
            while i < end {
                let c = buf[i]
                if c == 0x0A { newlines += 1 } else if !Self.isSpaceByte(c, buf, i) {
                    append(&out, buf, start, end, .punctuation, pending.flags)
                    pending = Pending(flags: [], newlines: 0)
                    return
                }
                i += Self.spaceWidth(c, buf, i)
            }
            whitespace(newlines, &pending)
            return
        }
        if status < 200 {
            append(&out, buf, start, end, .number, pending.flags)
        } else if status < 300 {
            let split = Self.possessiveSplit(buf, start, end)
            if split < end {
                append(&out, buf, start, split, .word, pending.flags)
                append(&out, buf, split, end, .possessive, [])
            } else {
                append(&out, buf, start, end, .word, pending.flags)
            }
        } else {
            append(&out, buf, start, end, .ideographic, pending.flags)
        }
        pending = Pending(flags: [], newlines: 0)
    }

    @inline(__always)
    private static func isSpaceByte(_ c: UInt8, _ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        if c == 0x20 || c == 0x09 || c == 0x0D || c == 0x0B || c == 0x0C { return true }
        if c < 0x80 { return false }
        // U+00A0, U+2000–U+200B, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF, U+0085
        if c == 0xC2, i + 1 < buf.count { return buf[i + 1] == 0xA0 || buf[i + 1] == 0x85 }
        if c == 0xE2, i + 2 < buf.count {
            let c1 = buf[i + 1], c2 = buf[i + 2]
            if c1 == 0x80 { return c2 <= 0x8B || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF }
            if c1 == 0x81 { return c2 == 0x9F }
        }
        if c == 0xE3, i + 2 < buf.count { return buf[i + 1] == 0x80 && buf[i + 2] == 0x80 }
        if c == 0xEF, i + 2 < buf.count { return buf[i + 1] == 0xBB && buf[i + 2] == 0xBF }
        return false
    }

    @inline(__always)
    private static func spaceWidth(_ c: UInt8, _ buf: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        c < 0x80 ? 1 : (c < 0xE0 ? 2 : (c < 0xF0 ? 3 : 4))
    }

    /// Where a trailing "'s" / "’s" starts in the word `start..<end`, or `end` if none.
    @inline(__always)
    private static func possessiveSplit(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        let n = end - start
        guard n >= 3, buf[end - 1] == 0x73 || buf[end - 1] == 0x53 else { return end }
        if buf[end - 2] == 0x27, n >= 3 { return end - 2 }
        if n >= 5, buf[end - 4] == 0xE2, buf[end - 3] == 0x80, buf[end - 2] == 0x99 { return end - 4 }
        return end
    }

    private func append(_ out: inout TokenizedText, _ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                        _ kind: TokenKind, _ flags: TokenFlags) {
        let slice = UnsafeBufferPointer(rebasing: buf[start..<end])
        let foldStart = out.folded.count
        Folding.fold(slice, into: &out.folded)
        out.tokens.append(Token(start: Int32(start), end: Int32(end), foldStart: Int32(foldStart),
                                foldEnd: Int32(out.folded.count), shape: Self.shape(of: slice),
                                kind: kind, flags: flags))
    }

    /// Computes the shape of one token's bytes without allocating.
    public static func shape(of s: UnsafeBufferPointer<UInt8>) -> TokenShape {
        var shape: TokenShape = [.allDigits, .ascii]
        var letters = 0
        var sawLower = false
        var first = true
        var i = 0
        while i < s.count {
            let b = s[i]
            var scalar: UInt32
            if b < 0x80 {
                scalar = UInt32(b)
                i += 1
            } else {
                shape.remove(.ascii)
                let width = b < 0xE0 ? 2 : (b < 0xF0 ? 3 : 4)
                scalar = UInt32(b) & (width == 2 ? 0x1F : (width == 3 ? 0x0F : 0x07))
                var k = 1
                while k < width && i + k < s.count {
                    scalar = (scalar << 6) | (UInt32(s[i + k]) & 0x3F)
                    k += 1
                }
                i += width
            }
            let isDigit: Bool
            var isUpper = false, isLower = false, isLetter = false
            if scalar < 0x80 {
                isDigit = scalar >= 0x30 && scalar <= 0x39
                isUpper = scalar >= 0x41 && scalar <= 0x5A
                isLower = scalar >= 0x61 && scalar <= 0x7A
                isLetter = isUpper || isLower
                if isLetter { shape.insert(.latin) }
            } else if scalar < Self.scalarTableLimit {
                // Latin-1, Latin Extended and Cyrillic: a table made once from Unicode properties.
                let f = Self.scalarTable[Int(scalar)]
                isDigit = f & ScalarBits.digit != 0
                isLetter = f & ScalarBits.letter != 0
                isUpper = f & ScalarBits.upper != 0
                isLower = f & ScalarBits.lower != 0
                if isLetter {
                    if f & ScalarBits.cyrillic != 0 { shape.insert(.cyrillic) }
                    else if f & ScalarBits.other != 0 { shape.insert(.otherScript) }
                    else if scalar < 0x250 { shape.insert(.latin) }
                }
            } else if let u = Unicode.Scalar(scalar) {
                let p = u.properties
                isDigit = p.numericType == .decimal
                isLetter = p.isAlphabetic
                isUpper = p.isUppercase
                isLower = p.isLowercase
                if isLetter {
                    if scalar < 0x250 || (scalar >= 0x1E00 && scalar <= 0x1EFF) {
                        shape.insert(.latin)
                    } else if scalar >= 0x400 && scalar <= 0x52F {
                        shape.insert(.cyrillic)
                    } else if !(p.generalCategory == .nonspacingMark) {
                        shape.insert(.otherScript)
                    }
                }
            } else {
                isDigit = false
            }
            if isDigit { shape.insert(.hasDigit) } else { shape.remove(.allDigits) }
            if isLetter { letters += 1; shape.insert(.hasLetter) }
            if isLower { sawLower = true; shape.insert(.hasLower) }
            if isUpper {
                if first { shape.insert(.upperInitial) } else if sawLower { shape.insert(.innerUpper) }
            }
            if isLetter || isDigit { first = false }
        }
        if letters > 0 && !sawLower && shape.contains(.upperInitial) { shape.insert(.allUpper) }
        if s.isEmpty { shape.remove(.allDigits) }
        return shape
    }

    private enum ScalarBits {
        static let letter: UInt8 = 1, upper: UInt8 = 2, lower: UInt8 = 4, digit: UInt8 = 8, cyrillic: UInt8 = 16, other: UInt8 = 32
    }

    /// Scalars below this have their shape facts in ``scalarTable``.
    private static let scalarTableLimit: UInt32 = 0x530

    /// Shape facts of every scalar below U+0530 (Latin-1, Latin Extended, IPA,
    /// Greek, Cyrillic), computed once from the standard library's Unicode
    /// properties so that the per-character test is one array read.
    private static let scalarTable: [UInt8] = (0..<scalarTableLimit).map { v in
        guard let u = Unicode.Scalar(v) else { return 0 }
        let p = u.properties
        var f: UInt8 = 0
        if p.numericType == .decimal { f |= ScalarBits.digit }
        // The same script rule as for scalars outside the table (see `shape(of:)`).
        if p.isAlphabetic {
            f |= ScalarBits.letter
            if v >= 0x400 { f |= ScalarBits.cyrillic }
            else if v >= 0x250 && p.generalCategory != .nonspacingMark { f |= ScalarBits.other }
        }
        if p.isUppercase { f |= ScalarBits.upper }
        if p.isLowercase { f |= ScalarBits.lower }
        return f
    }

    private func markSentences(_ out: inout TokenizedText, _ buf: UnsafeBufferPointer<UInt8>) throws {
        guard !out.tokens.isEmpty else { return }
        boundaries.removeAll(keepingCapacity: true)
        try sentences.setText(buf)
        while let b = sentences.next() { boundaries.append(Int32(b)) }
        out.sentenceStarts.append(0)
        out.tokens[0].flags.insert(.sentenceStart)
        var t = 0
        let count = out.tokens.count
        for boundary in boundaries {
            while t < count && out.tokens[t].start < boundary { t += 1 }
            guard t < count, t > 0 else { continue }
            if Int32(t) == out.sentenceStarts.last! { continue }
            if isAbbreviationBreak(out, t, buf) { continue }
            out.sentenceStarts.append(Int32(t))
            out.tokens[t].flags.insert(.sentenceStart)
        }
        // A line break after a line with no final punctuation (a headline, a list
        // item) also starts a sentence; ICU only breaks at paragraph separators.
        for i in 1..<count where out.tokens[i].flags.contains(.newlineBefore) && !out.tokens[i].flags.contains(.sentenceStart) {
            out.tokens[i].flags.insert(.sentenceStart)
            insertSorted(&out.sentenceStarts, Int32(i))
        }
    }

    private func insertSorted(_ a: inout [Int32], _ v: Int32) {
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < v { lo = mid + 1 } else { hi = mid }
        }
        if lo == a.count || a[lo] != v { a.insert(v, at: lo) }
    }

    /// True when the break before token `t` follows "Abbrev." from the abbreviation list,
    /// and the next token does not start a new line.
    private func isAbbreviationBreak(_ out: TokenizedText, _ t: Int, _ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard t >= 2, !out.tokens[t].flags.contains(.newlineBefore) else { return false }
        let dot = out.tokens[t - 1]
        guard dot.end - dot.start == 1, buf[Int(dot.start)] == 0x2E else { return false }
        let word = out.tokens[t - 2]
        guard word.kind == .word, word.end == dot.start else { return false }
        return out.folded.withUnsafeBufferPointer { f in
            abbreviations.id(of: UnsafeBufferPointer(rebasing: f[Int(word.foldStart)..<Int(word.foldEnd)])) >= 0
        }
    }

    /// Flags the tokens of title-case and all-caps lines with no final period:
    /// there, capitalization is no evidence of a name.
    private func markHeadlines(_ out: inout TokenizedText) {
        let count = out.tokens.count
        var lineStart = 0
        while lineStart < count {
            var lineEnd = lineStart + 1
            while lineEnd < count && !out.tokens[lineEnd].flags.contains(.newlineBefore) { lineEnd += 1 }
            var words = 0, capitalized = 0, upper = 0, lowerLong = 0
            for i in lineStart..<lineEnd where out.tokens[i].kind == .word {
                let s = out.tokens[i].shape
                words += 1
                if s.contains(.upperInitial) { capitalized += 1 }
                if s.contains(.allUpper) && out.tokens[i].length > 1 { upper += 1 }
                // Short lowercase words (of, in, the, to, and) are allowed in title case.
                if !s.contains(.upperInitial) && out.tokens[i].length > 4 { lowerLong += 1 }
            }
            let last = out.tokens[lineEnd - 1]
            let endsSentence = last.length == 1 && [0x2E, 0x21, 0x3F].contains(out.bytes[Int(last.start)])
            // Title case needs three words to tell it from a name; all capitals need two ("AIR RAID").
            let isHeadline = !endsSentence && ((words >= 2 && upper * 10 >= words * 7)
                || (words >= 3 && lowerLong == 0 && capitalized * 10 >= words * 6))
            if isHeadline {
                for i in lineStart..<lineEnd { out.tokens[i].flags.insert(.headline) }
            }
            lineStart = lineEnd
        }
    }
}
