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
    /// Per-byte facts for the ASCII fast path (``ByteClass``), and each byte's folded form.
    private let classes: UnsafeMutablePointer<UInt8>
    private let foldedByte: UnsafeMutablePointer<UInt8>

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
        classes = .allocate(capacity: 256)
        foldedByte = .allocate(capacity: 256)
        for b in 0..<256 {
            let c = UInt8(b)
            var f: UInt8 = 0
            if Self.isAlpha(c) { f |= ByteClass.alpha }
            if Self.isDigit(c) { f |= ByteClass.digit }
            if c &- 0x41 < 26 { f |= ByteClass.upper }
            if c &- 0x61 < 26 { f |= ByteClass.lower }
            if Self.isASCIISpace(c) { f |= ByteClass.space }
            // Non-ASCII, and the characters whose ICU rules the fast path does not implement.
            if c >= 0x80 || c == 0x5F || c == 0x3A || (c < 0x20 && !Self.isASCIISpace(c)) || c == 0x7F { f |= ByteClass.special }
            classes[b] = f
            // The same mapping as the ASCII path of `Folding.fold`.
            foldedByte[b] = c &- 0x41 < 26 ? c | 0x20 : (c == 0x60 ? 0x27 : c)
        }
    }

    deinit {
        classes.deallocate()
        foldedByte.deallocate()
    }

    /// Bits of ``classes``.
    private enum ByteClass {
        /// ICU's word rules count ASCII letters and `@` as letters.
        static let alpha: UInt8 = 1
        static let digit: UInt8 = 2
        static let upper: UInt8 = 4
        static let lower: UInt8 = 8
        /// ASCII white space.
        static let space: UInt8 = 16
        /// Needs ICU's word rules: non-ASCII, `_`, `:`, control characters.
        static let special: UInt8 = 32
        static let alnum: UInt8 = alpha | digit
    }

    /// ``TokenShape`` bits as literals: the static properties live in another
    /// module and cost a call each in the hot loop (a test checks they agree).
    enum ShapeBits {
        static let upperInitial: UInt16 = 1 << 0, allUpper: UInt16 = 1 << 1, hasLower: UInt16 = 1 << 2
        static let hasDigit: UInt16 = 1 << 3, allDigits: UInt16 = 1 << 4, hasLetter: UInt16 = 1 << 5
        static let innerUpper: UInt16 = 1 << 6, ascii: UInt16 = 1 << 7, latin: UInt16 = 1 << 8
        static let cyrillic: UInt16 = 1 << 9, otherScript: UInt16 = 1 << 10
    }

    /// Tokenizes `text` into `out`, replacing what `out` held before.
    public func tokenize(_ text: String, into out: inout TokenizedText) throws {
        out.reset()
        out.bytes.append(contentsOf: text.utf8)
        // Room for the usual number of tokens and folded bytes, so appends rarely grow.
        let n = out.bytes.count
        out.tokens.reserveCapacity(n / 4 + 16)
        out.folded.reserveCapacity(n + 16)
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
        let classes = self.classes
        var i = 0
        while i < n {
            if classes[Int(buf[i])] & ByteClass.space != 0 {
                var j = i
                var newlines = 0
                while j < n {
                    let c = buf[j]
                    guard classes[Int(c)] & ByteClass.space != 0 else { break }
                    if c == 0x0A { newlines += 1 }
                    j += 1
                }
                whitespace(newlines, &pending)
                i = j
                continue
            }
            var (end, plain) = chunk(buf, from: i)
            if plain {
                segmentASCII(&out, buf, i..<end, &pending)
                i = end
                continue
            }
            // One ICU pass over this chunk and the following ones that also need ICU.
            while true {
                var w = end
                while w < n, classes[Int(buf[w])] & ByteClass.space != 0 { w += 1 }
                guard w < n else { break }
                let (nextEnd, nextPlain) = chunk(buf, from: w)
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
    private func chunk(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Bool) {
        let classes = self.classes
        var j = start
        var seen: UInt8 = 0
        while j < buf.count {
            let f = classes[Int(buf[j])]
            if f & ByteClass.space != 0 { break }
            seen |= f
            j += 1
        }
        return (j, seen & ByteClass.special == 0)
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
    ///
    /// Tokens are made here too, with the same kinds, flags, shapes and folded
    /// keys as ``emit(_:_:_:_:_:_:)`` gives them: the chunk's tokens cover it
    /// without gaps, so its folded bytes are the chunk's bytes folded one by one.
    private func segmentASCII(_ out: inout TokenizedText, _ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                              _ pending: inout Pending) {
        let classes = self.classes
        let e = range.upperBound
        // Folded keys: every byte of the chunk belongs to exactly one token.
        let foldBase = Int32(truncatingIfNeeded: out.folded.count - range.lowerBound)
        let foldedByte = self.foldedByte
        out.folded.append(contentsOf: UnsafeBufferPointer(rebasing: buf[range]))
        out.folded.withUnsafeMutableBufferPointer { f in
            var k = f.count - range.count
            while k < f.count { f[k] = foldedByte[Int(f[k])]; k += 1 }
        }
        var flags = pending.flags
        var i = range.lowerBound
        while i < e {
            let c = buf[i]
            guard classes[Int(c)] & ByteClass.alnum != 0 else {
                // Any other character is a punctuation token of its own.
                out.tokens.append(Token(start: Int32(i), end: Int32(i + 1), foldStart: foldBase + Int32(i),
                                        foldEnd: foldBase + Int32(i + 1), shape: TokenShape(rawValue: ShapeBits.ascii),
                                        kind: .punctuation, flags: flags))
                flags = []
                i += 1
                continue
            }
            var j = i + 1
            while j < e {
                let d = buf[j]
                if classes[Int(d)] & ByteClass.alnum != 0 {
                    j += 1
                    continue
                }
                guard j + 1 < e else { break }
                let before = classes[Int(buf[j - 1])], after = classes[Int(buf[j + 1])]
                if d == 0x2E || d == 0x27 {
                    if (before & after & ByteClass.alpha) != 0 || (before & after & ByteClass.digit) != 0 {
                        j += 2
                        continue
                    }
                } else if d == 0x2C || d == 0x3B {
                    if (before & after & ByteClass.digit) != 0 {
                        j += 2
                        continue
                    }
                }
                break
            }
            if classes[Int(buf[j - 1])] & ByteClass.digit != 0 {
                out.tokens.append(Token(start: Int32(i), end: Int32(j), foldStart: foldBase + Int32(i),
                                        foldEnd: foldBase + Int32(j), shape: asciiShape(buf, i, j),
                                        kind: .number, flags: flags))
            } else {
                let split = Self.possessiveSplit(buf, i, j)
                out.tokens.append(Token(start: Int32(i), end: Int32(split), foldStart: foldBase + Int32(i),
                                        foldEnd: foldBase + Int32(split), shape: asciiShape(buf, i, split),
                                        kind: .word, flags: flags))
                if split < j {
                    out.tokens.append(Token(start: Int32(split), end: Int32(j), foldStart: foldBase + Int32(split),
                                            foldEnd: foldBase + Int32(j), shape: asciiShape(buf, split, j),
                                            kind: .possessive, flags: []))
                }
            }
            flags = []
            i = j
        }
        if range.lowerBound < e { pending = Pending(flags: [], newlines: 0) }
    }

    /// ``shape(of:)`` for plain ASCII bytes `start..<end`.
    @inline(__always)
    private func asciiShape(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TokenShape {
        let classes = self.classes
        var any: UInt8 = 0, all: UInt8 = 0xFF
        var first: UInt8 = 0
        var innerUpper = false
        var k = start
        while k < end {
            let f = classes[Int(buf[k])]
            // An uppercase letter after a lowercase one.
            if f & ByteClass.upper != 0 && any & ByteClass.lower != 0 { innerUpper = true }
            if first == 0 { first = f & (ByteClass.upper | ByteClass.lower | ByteClass.digit) }
            any |= f
            all &= f
            k += 1
        }
        var s = ShapeBits.ascii
        let letters = any & (ByteClass.upper | ByteClass.lower) != 0
        if letters { s |= ShapeBits.hasLetter | ShapeBits.latin }
        if any & ByteClass.digit != 0 { s |= ShapeBits.hasDigit }
        if all & ByteClass.digit != 0 && end > start { s |= ShapeBits.allDigits }
        if any & ByteClass.lower != 0 { s |= ShapeBits.hasLower }
        if first & ByteClass.upper != 0 {
            s |= ShapeBits.upperInitial
            if any & ByteClass.lower == 0 { s |= ShapeBits.allUpper }
        }
        if innerUpper { s |= ShapeBits.innerUpper }
        return TokenShape(rawValue: s)
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
        var shape: UInt16 = ShapeBits.allDigits | ShapeBits.ascii
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
                shape &= ~ShapeBits.ascii
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
                if isLetter { shape |= ShapeBits.latin }
            } else if scalar < Self.scalarTableLimit {
                // Latin-1, Latin Extended and Cyrillic: a table made once from Unicode properties.
                let f = Self.scalarTable[Int(scalar)]
                isDigit = f & ScalarBits.digit != 0
                isLetter = f & ScalarBits.letter != 0
                isUpper = f & ScalarBits.upper != 0
                isLower = f & ScalarBits.lower != 0
                if isLetter {
                    if f & ScalarBits.cyrillic != 0 { shape |= ShapeBits.cyrillic }
                    else if f & ScalarBits.other != 0 { shape |= ShapeBits.otherScript }
                    else if scalar < 0x250 { shape |= ShapeBits.latin }
                }
            } else if let u = Unicode.Scalar(scalar) {
                let p = u.properties
                isDigit = p.numericType == .decimal
                isLetter = p.isAlphabetic
                isUpper = p.isUppercase
                isLower = p.isLowercase
                if isLetter {
                    if scalar < 0x250 || (scalar >= 0x1E00 && scalar <= 0x1EFF) {
                        shape |= ShapeBits.latin
                    } else if scalar >= 0x400 && scalar <= 0x52F {
                        shape |= ShapeBits.cyrillic
                    } else if !(p.generalCategory == .nonspacingMark) {
                        shape |= ShapeBits.otherScript
                    }
                }
            } else {
                isDigit = false
            }
            if isDigit { shape |= ShapeBits.hasDigit } else { shape &= ~ShapeBits.allDigits }
            if isLetter { letters += 1; shape |= ShapeBits.hasLetter }
            if isLower { sawLower = true; shape |= ShapeBits.hasLower }
            if isUpper {
                if first { shape |= ShapeBits.upperInitial } else if sawLower { shape |= ShapeBits.innerUpper }
            }
            if isLetter || isDigit { first = false }
        }
        if letters > 0 && !sawLower && shape & ShapeBits.upperInitial != 0 { shape |= ShapeBits.allUpper }
        if s.isEmpty { shape &= ~ShapeBits.allDigits }
        return TokenShape(rawValue: shape)
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
        // A token starts a sentence when it is the first, when a sentence boundary
        // falls after the previous token and at or before it (unless that follows
        // a listed abbreviation), or when a line break precedes it: a line with no
        // final punctuation (a headline, a list item) also ends a sentence, and
        // ICU only breaks at paragraph separators.
        let count = out.tokens.count
        var k = 0
        for t in 0..<count {
            let start = out.tokens[t].start
            var atBoundary = false
            while k < boundaries.count && boundaries[k] <= start {
                atBoundary = true
                k += 1
            }
            let flags = out.tokens[t].flags
            if t == 0 || flags.contains(.newlineBefore) || (atBoundary && !isAbbreviationBreak(out, t, buf)) {
                out.sentenceStarts.append(Int32(t))
                out.tokens[t].flags.insert(.sentenceStart)
            }
        }
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
            let lastByte = out.bytes[Int(last.start)]
            let endsSentence = last.length == 1 && (lastByte == 0x2E || lastByte == 0x21 || lastByte == 0x3F)
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
