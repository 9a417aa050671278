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
    private let abbreviations: ByteKeys
    private var boundaries: [Int32] = []
    /// Segment chunks of ASCII, Latin, Cyrillic and common punctuation without
    /// ICU (same boundaries; see `segmentHybrid`).
    public let useASCIIFastPath: Bool
    /// Word-break classes of the characters segmented without ICU outside plain ASCII.
    let wordClasses = WordClasses()
    /// Per-byte facts for the ASCII fast path (``ByteClass``), and each byte's folded form.
    private let classes: UnsafeMutablePointer<UInt8>
    private let foldedByte: UnsafeMutablePointer<UInt8>
    /// Find sentence boundaries in plain-ASCII lines without ICU's iterator (the
    /// same boundaries; see ``sentenceBoundaries(_:)``).
    public let useASCIISentences: Bool
    /// ``SB`` bits of each ASCII byte, then of U+0080–U+052F at their own
    /// index, then of U+2000–U+206F from index 0x530.
    private let sentenceClasses: UnsafeMutablePointer<UInt16>
    /// The iterator without `ss=standard` suppressions, for ``keepsBreak(after:)``.
    private let unsuppressedSentences: BreakIterator
    /// Words before a sentence break, each with one byte: ICU keeps the break
    /// (1), suppresses it (0) or does not break there (2).
    private var breakWords = ByteKeys(capacity: 1024)
    /// Tokens with non-ASCII characters seen before, each with its folded key
    /// followed by its shape (two bytes, little-endian).
    private var seenWords = ByteKeys(capacity: 4096)
    private var scratch: [UInt8] = []
    /// The folded keys of the text being tokenized, copied to ``TokenizedText/folded`` at the end.
    private var foldBuffer = FoldBuffer()
    private var probe: [UInt8] = []

    /// - Parameter abbreviations: abbreviations that do not end a sentence,
    ///   with or without their final period ("Gen.", "Lt").
    ///   - useASCIIFastPath: segment whitespace-separated chunks of plain ASCII
    ///     without calling ICU; the boundaries are the same (tests compare them).
    ///   - useASCIISentences: find sentence boundaries in lines of plain ASCII
    ///     without ICU's iterator; the boundaries are the same (tests compare them).
    public init(abbreviations: [String] = [], useASCIIFastPath: Bool = true, useASCIISentences: Bool = true) throws {
        self.useASCIIFastPath = useASCIIFastPath
        self.useASCIISentences = useASCIISentences
        words = try BreakIterator(.word, locale: "en")
        sentences = try BreakIterator(.sentence, locale: "en@ss=standard")
        unsuppressedSentences = try BreakIterator(.sentence, locale: "en")
        var table = ByteKeys(capacity: abbreviations.count)
        for a in abbreviations {
            var key = Folding.fold(a)
            while key.hasSuffix(".") { key.removeLast() }
            if !key.isEmpty {
                key.withUTF8 { if table.id(of: $0) < 0 { table.insert($0) } }
            }
        }
        self.abbreviations = table
        classes = .allocate(capacity: 256)
        sentenceClasses = .allocate(capacity: 0x530 + 0x70)
        for c in 0..<0x80 { sentenceClasses[c] = Self.sentenceClass(ascii: UInt8(c)) }
        // The tables are ICU 72's; with another version, ICU handles lines with other characters.
        let known = icuVersion.hasPrefix("72.")
        var k = 0x80
        for ch in Self.latinCyrillicClasses where ch != "\n" {
            sentenceClasses[k] = known ? Self.sentenceClass(letter: ch) : SB.unknown
            k += 1
        }
        precondition(k == 0x530)
        for ch in Self.punctuationClasses where ch != "\n" {
            sentenceClasses[k] = known ? Self.sentenceClass(letter: ch) : SB.unknown
            k += 1
        }
        precondition(k == 0x530 + 0x70)
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
            foldedByte[b] = Folding.foldASCII(c)
        }
    }

    deinit {
        foldBuffer.base.deallocate()
        classes.deallocate()
        sentenceClasses.deallocate()
        foldedByte.deallocate()
        wordClasses.deallocate()
    }

    /// A growable byte buffer written through a pointer: no checks per byte.
    struct FoldBuffer {
        var base = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)
        var count = 0
        var capacity = 4096

        /// Makes room for `extra` more bytes.
        @inline(__always)
        mutating func reserve(_ extra: Int) {
            if count + extra > capacity { grow(count + extra) }
        }

        mutating func grow(_ needed: Int) {
            let newCapacity = max(needed, capacity * 2)
            let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
            newBase.update(from: base, count: count)
            base.deallocate()
            base = newBase
            capacity = newCapacity
        }

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            guard let from = bytes.baseAddress, bytes.count > 0 else { return }
            reserve(bytes.count)
            (base + count).update(from: from, count: bytes.count)
            count += bytes.count
        }
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

    /// ``TokenShape`` raw bits, for the byte tables and the bit arithmetic of the
    /// hot loops (the constants are inlinable, so these fold to literals).
    enum ShapeBits {
        static let upperInitial = TokenShape.upperInitial.rawValue, allUpper = TokenShape.allUpper.rawValue
        static let hasLower = TokenShape.hasLower.rawValue, hasDigit = TokenShape.hasDigit.rawValue
        static let allDigits = TokenShape.allDigits.rawValue, hasLetter = TokenShape.hasLetter.rawValue
        static let innerUpper = TokenShape.innerUpper.rawValue, ascii = TokenShape.ascii.rawValue
        static let latin = TokenShape.latin.rawValue, cyrillic = TokenShape.cyrillic.rawValue
        static let otherScript = TokenShape.otherScript.rawValue
    }

    /// ``TokenFlags`` raw bits, likewise.
    enum FlagBits {
        static let spaceBefore = TokenFlags.spaceBefore.rawValue, newlineBefore = TokenFlags.newlineBefore.rawValue
        static let paragraphStart = TokenFlags.paragraphStart.rawValue, sentenceStart = TokenFlags.sentenceStart.rawValue
        static let headline = TokenFlags.headline.rawValue
    }

    /// The longest text, and longest folded text, in UTF-8 bytes: token offsets are `Int32`.
    public static let maximumBytes = Int(Int32.max)

    /// A text too long for ``maximumBytes``.
    public struct TextTooLong: Error, CustomStringConvertible {
        public let bytes: Int
        public var description: String {
            "text of \(bytes) bytes is too long to tokenize (at most \(maximumBytes) bytes, folded forms included)"
        }
    }

    /// Tokenizes `text` into `out`, replacing what `out` held before.
    public func tokenize(_ text: String, into out: inout TokenizedText) throws {
        out.reset()
        guard text.utf8.count <= Self.maximumBytes else { throw TextTooLong(bytes: text.utf8.count) }
        out.bytes.append(contentsOf: text.utf8)
        // Room for the usual number of tokens, so appends rarely grow.
        let n = out.bytes.count
        out.tokens.reserveCapacity(n / 4 + 16)
        try analyze(&out)
    }

    /// Tokenizes `text` into a new ``TokenizedText``.
    public func tokenize(_ text: String) throws -> TokenizedText {
        var out = TokenizedText()
        try tokenize(text, into: &out)
        return out
    }

    /// Segmentation state carried from one segment to the next.
    struct Pending {
        var flags = TokenFlags(rawValue: FlagBits.paragraphStart | FlagBits.newlineBefore)
        /// Line breaks since the last token; ICU may return each as a segment of its own.
        var newlines = 0
    }

    private func analyze(_ out: inout TokenizedText) throws {
        let bytes = out.bytes
        var fold = foldBuffer
        fold.count = 0
        defer { foldBuffer = fold }
        try bytes.withUnsafeBufferPointer { buf in
            var pending = Pending()
            if useASCIIFastPath, !Self.needsWholeTextICU(buf) {
                try segmentHybrid(&out, &fold, buf, &pending)
            } else {
                try segmentWithICU(&out, &fold, buf, 0..<buf.count, &pending)
            }
            // Folding can lengthen text ("ﬃ" → "ffi"); offsets must still fit.
            guard fold.count <= Self.maximumBytes else { throw TextTooLong(bytes: buf.count) }
            out.folded.append(contentsOf: UnsafeBufferPointer(start: fold.base, count: fold.count))
            try markSentences(&out, buf)
        }
        markHeadlines(&out)
    }

    /// ICU word-break iteration over `range` of the text.
    private func segmentWithICU(_ out: inout TokenizedText, _ fold: inout FoldBuffer, _ buf: UnsafeBufferPointer<UInt8>, _ range: Range<Int>,
                                _ pending: inout Pending) throws {
        try words.setText(UnsafeBufferPointer(rebasing: buf[range]))
        var prev = range.lowerBound
        while let b = words.next() {
            let end = range.lowerBound + b
            emit(&out, &fold, buf, prev, end, words.ruleStatus, &pending)
            prev = end
        }
    }

    /// Whitespace-separated chunks of plain ASCII are segmented by
    /// ``segmentASCII(_:_:_:from:_:)``, chunks whose characters all have a
    /// ``WordClasses`` class by ``segmentWithTable(_:_:_:_:_:_:)``, and runs of
    /// the other chunks by ICU. No word-break rule joins characters across ASCII
    /// white space, so this gives the same boundaries as ICU over the whole text
    /// (tests check it).
    private func segmentHybrid(_ out: inout TokenizedText, _ fold: inout FoldBuffer, _ buf: UnsafeBufferPointer<UInt8>,
                               _ pending: inout Pending) throws {
        let n = buf.count
        let classes = self.classes
        var i = 0
        while i < n {
            if classes[Int(buf[i])] & ByteClass.space != 0 {
                let (end, newlines) = spaceRun(buf, from: i)
                whitespace(newlines, &pending)
                i = end
                continue
            }
            // Plain chunks and the white space between them; `i` then starts a
            // chunk the ASCII path does not handle, or is the end.
            i = segmentASCII(&out, &fold, buf, from: i, &pending)
            guard i < n else { break }
            var end = chunk(buf, from: i).0
            if segmentWithTable(&out, &fold, buf, i, end, &pending) {
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
            }
            try segmentWithICU(&out, &fold, buf, i..<end, &pending)
            i = end
        }
    }

    /// The end of the run of ASCII white space at `start`, and how many line feeds it has.
    @inline(__always)
    private func spaceRun(_ buf: UnsafeBufferPointer<UInt8>, from start: Int) -> (Int, Int) {
        let classes = self.classes
        var j = start
        var newlines = 0
        while j < buf.count {
            let c = buf[j]
            guard classes[Int(c)] & ByteClass.space != 0 else { break }
            if c == 0x0A { newlines += 1 }
            j += 1
        }
        return (j, newlines)
    }

    /// The end of the chunk starting at `start` (the next ASCII white space) and
    /// whether it is plain ASCII that ``segmentASCII(_:_:_:from:_:)`` handles.
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
            if i + 8 <= buf.count && ByteWord.load(buf, i) & 0x8080_8080_8080_8080 == 0 {
                i += 8
                continue
            }
            // U+00C0–U+02FF and U+0400–U+047F are letters, modifier letters and
            // symbols, never marks or format characters.
            if buf[i] >= 0x80, isASCIISpace(buf[i - 1]), !(buf[i] >= 0xC3 && buf[i] <= 0xCB), buf[i] != 0xD0, buf[i] != 0xD1 {
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
    /// Segments the chunks from `start` (which starts one) on, with the white
    /// space between them, up to the first chunk that has a character this
    /// does not handle (or the end), and returns where that chunk starts.
    /// Nothing of that chunk is kept. Tokens are made here too, in the same
    /// pass, with the same kinds, flags, shapes and folded keys as
    /// ``emit(_:_:_:_:_:_:_:)`` gives them: a chunk's tokens cover it without
    /// gaps, so its folded bytes are its bytes folded one by one.
    private func segmentASCII(_ out: inout TokenizedText, _ fold: inout FoldBuffer, _ buf: UnsafeBufferPointer<UInt8>,
                              from start: Int, _ pending: inout Pending) -> Int {
        let classes = self.classes
        let foldedByte = self.foldedByte
        let n = buf.count
        // The current chunk: where it starts, and its first token.
        var chunkStart = start
        var tokenMark = out.tokens.count
        // The chunk's byte `k` folds to `fold.base[foldBase + k]`.
        fold.reserve(n - start)
        var foldBase = fold.count - start
        let to = fold.base
        var flags = pending.flags
        var i = start
        while i < n {
            let c = buf[i]
            let f = classes[Int(c)]
            if f & (ByteClass.space | ByteClass.special) != 0 {
                guard f & ByteClass.special == 0 else {
                    out.tokens.removeSubrange(tokenMark...)
                    fold.count = foldBase + chunkStart
                    return chunkStart
                }
                // The chunk ends (it made a token); the white space after it.
                let folded = foldBase + i
                let (end, newlines) = spaceRun(buf, from: i)
                i = end
                pending = Pending(flags: [], newlines: 0)
                whitespace(newlines, &pending)
                flags = pending.flags
                chunkStart = i
                tokenMark = out.tokens.count
                foldBase = folded - i
                continue
            }
            to[foldBase + i] = foldedByte[Int(c)]
            guard f & ByteClass.alnum != 0 else {
                // Any other character is a punctuation token of its own.
                out.tokens.append(Self.token(i, i + 1, foldBase + i, foldBase + i + 1, TokenShape(rawValue: ShapeBits.ascii),
                                             .punctuation, flags))
                flags = []
                i += 1
                continue
            }
            // Shape facts of the segment so far (see `shapeBits`).
            var any = f, all = f, first = f & (ByteClass.upper | ByteClass.lower | ByteClass.digit)
            var innerUpper = false
            var j = i + 1
            while j < n {
                if j + 8 <= n {
                    // Eight bytes at a time while they are letters and digits.
                    let w = ByteWord.load(buf, j)
                    let upper = ByteWord.inRange(w, 0x41, 0x5A), lower = ByteWord.inRange(w, 0x61, 0x7A)
                    let digit = ByteWord.inRange(w, 0x30, 0x39)
                    let stop = ~(upper | lower | digit) & 0x8080_8080_8080_8080
                    let bits = stop == 0 ? 64 : stop.trailingZeroBitCount &- 7
                    if bits > 0 {
                        UnsafeMutableRawPointer(to + foldBase + j).storeBytes(of: (w | upper &>> 2).littleEndian, as: UInt64.self)
                        let run: UInt64 = bits == 64 ? ~0 : (1 &<< UInt64(bits)) &- 1
                        let up = upper & run, low = lower & run, dig = digit & run
                        if up != 0 {
                            // An uppercase letter after a lowercase one, before or in this run.
                            if any & ByteClass.lower != 0 {
                                innerUpper = true
                            } else if low != 0 && up &>> UInt64(low.trailingZeroBitCount) != 0 {
                                innerUpper = true
                            }
                            any |= ByteClass.upper
                        }
                        if low != 0 { any |= ByteClass.lower }
                        if dig != 0 { any |= ByteClass.digit }
                        if dig != run & 0x8080_8080_8080_8080 { all &= ~ByteClass.digit }
                        if first == 0 {
                            let cased = up | low | dig
                            if cased != 0 {
                                let p = UInt64(cased.trailingZeroBitCount)
                                first = up &>> p & 1 != 0 ? ByteClass.upper : (low &>> p & 1 != 0 ? ByteClass.lower : ByteClass.digit)
                            }
                        }
                        j &+= bits &>> 3
                        if bits == 64 { continue }
                        if j >= n { break }
                    }
                }
                let d = buf[j]
                let g = classes[Int(d)]
                if g & ByteClass.alnum != 0 {
                    to[foldBase + j] = foldedByte[Int(d)]
                    if g & ByteClass.upper != 0 && any & ByteClass.lower != 0 { innerUpper = true }
                    if first == 0 { first = g & (ByteClass.upper | ByteClass.lower | ByteClass.digit) }
                    any |= g
                    all &= g
                    j += 1
                    continue
                }
                if g & ByteClass.special != 0 {
                    out.tokens.removeSubrange(tokenMark...)
                    fold.count = foldBase + chunkStart
                    return chunkStart
                }
                guard j + 1 < n, g & ByteClass.space == 0 else { break }
                let before = classes[Int(buf[j - 1])], after = classes[Int(buf[j + 1])]
                let joins: Bool
                if d == 0x2E || d == 0x27 {
                    joins = (before & after & ByteClass.alpha) != 0 || (before & after & ByteClass.digit) != 0
                } else if d == 0x2C || d == 0x3B {
                    joins = (before & after & ByteClass.digit) != 0
                } else {
                    joins = false
                }
                guard joins else { break }
                // The joining character; the letter or digit after it comes next.
                to[foldBase + j] = foldedByte[Int(d)]
                all = 0
                j += 1
            }
            if classes[Int(buf[j - 1])] & ByteClass.digit != 0 {
                out.tokens.append(Self.token(i, j, foldBase + i, foldBase + j, Self.shapeBits(any, all, first, innerUpper), .number, flags))
            } else {
                let split = Self.possessiveSplit(buf, i, j)
                if split < j {
                    out.tokens.append(Self.token(i, split, foldBase + i, foldBase + split, asciiShape(buf, i, split), .word, flags))
                    out.tokens.append(Self.token(split, j, foldBase + split, foldBase + j, asciiShape(buf, split, j), .possessive, []))
                } else {
                    out.tokens.append(Self.token(i, j, foldBase + i, foldBase + j, Self.shapeBits(any, all, first, innerUpper), .word, flags))
                }
            }
            flags = []
            i = j
        }
        fold.count = foldBase + i
        if i > chunkStart { pending = Pending(flags: [], newlines: 0) }
        return i
    }

    /// ``shape(of:)`` for plain ASCII bytes `start..<end` (not empty).
    @inline(__always)
    private func asciiShape(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TokenShape {
        let classes = self.classes
        var any: UInt8 = 0, all: UInt8 = 0xFF
        var first: UInt8 = 0
        var innerUpper = false
        var k = start
        while k < end {
            let f = classes[Int(buf[k])]
            if f & ByteClass.upper != 0 && any & ByteClass.lower != 0 { innerUpper = true }
            if first == 0 { first = f & (ByteClass.upper | ByteClass.lower | ByteClass.digit) }
            any |= f
            all &= f
            k += 1
        }
        return Self.shapeBits(any, all, first, innerUpper)
    }

    /// The shape of plain ASCII bytes from ``ByteClass`` facts: `any` and `all`
    /// of its bytes' classes, the class of its first letter or digit, and
    /// whether an uppercase letter follows a lowercase one.
    @inline(__always)
    private static func shapeBits(_ any: UInt8, _ all: UInt8, _ first: UInt8, _ innerUpper: Bool) -> TokenShape {
        var s = ShapeBits.ascii
        if any & (ByteClass.upper | ByteClass.lower) != 0 { s |= ShapeBits.hasLetter | ShapeBits.latin }
        if any & ByteClass.digit != 0 { s |= ShapeBits.hasDigit }
        if all & ByteClass.digit != 0 { s |= ShapeBits.allDigits }
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

    @inline(__always)
    private func whitespace(_ newlines: Int, _ pending: inout Pending) {
        pending.newlines += newlines
        var f = pending.flags.rawValue | FlagBits.spaceBefore
        if pending.newlines > 0 { f |= FlagBits.newlineBefore }
        if pending.newlines > 1 { f |= FlagBits.paragraphStart }
        pending.flags = TokenFlags(rawValue: f)
    }

    /// Turns one word-break segment `start..<end` with ICU rule status `status` into tokens.
    func emit(_ out: inout TokenizedText, _ fold: inout FoldBuffer, _ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                      _ status: Int32, _ pending: inout Pending) {
        if status < 100 {
            // Punctuation, symbols or white space; ICU gives white space runs as one segment.
            var newlines = 0
            var i = start
            while i < end {
                let c = buf[i]
                if c == 0x0A { newlines += 1 } else if !Self.isSpaceByte(c, buf, i) {
                    append(&out, &fold, buf, start, end, .punctuation, pending.flags)
                    pending = Pending(flags: [], newlines: 0)
                    return
                }
                i += Self.spaceWidth(c, buf, i)
            }
            whitespace(newlines, &pending)
            return
        }
        if status < 200 {
            append(&out, &fold, buf, start, end, .number, pending.flags)
        } else if status < 300 {
            let split = Self.possessiveSplit(buf, start, end)
            if split < end {
                append(&out, &fold, buf, start, split, .word, pending.flags)
                append(&out, &fold, buf, split, end, .possessive, [])
            } else {
                append(&out, &fold, buf, start, end, .word, pending.flags)
            }
        } else {
            append(&out, &fold, buf, start, end, .ideographic, pending.flags)
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

    private func append(_ out: inout TokenizedText, _ fold: inout FoldBuffer, _ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int,
                        _ kind: TokenKind, _ flags: TokenFlags) {
        let slice = UnsafeBufferPointer(rebasing: buf[start..<end])
        let foldStart = fold.count
        let shape: TokenShape
        var ascii = true
        for b in slice where b >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            // What `Folding.fold` does with ASCII.
            fold.reserve(slice.count)
            for b in slice {
                fold.base[fold.count] = foldedByte[Int(b)]
                fold.count += 1
            }
            shape = Self.shape(of: slice)
        } else {
            // Folding goes through ICU: remember the folded key and shape of each word.
            let id = seenWords.id(of: slice)
            if id >= 0 {
                shape = seenWords.withValue(id) { v in
                    fold.append(UnsafeBufferPointer(rebasing: v[..<(v.count - 2)]))
                    return TokenShape(rawValue: UInt16(v[v.count - 2]) | UInt16(v[v.count - 1]) << 8)
                }
            } else {
                scratch.removeAll(keepingCapacity: true)
                Folding.foldUnicode(slice, into: &scratch)
                scratch.withUnsafeBufferPointer { fold.append($0) }
                shape = Self.shape(of: slice)
                // Bounded: start over rather than grow without limit.
                if seenWords.count >= 1 << 16 || seenWords.byteCount >= 1 << 22 { seenWords = ByteKeys(capacity: 4096) }
                scratch.append(UInt8(truncatingIfNeeded: shape.rawValue))
                scratch.append(UInt8(truncatingIfNeeded: shape.rawValue >> 8))
                _ = scratch.withUnsafeBufferPointer { seenWords.insert(slice, value: $0) }
            }
        }
        out.tokens.append(Self.token(start, end, foldStart, fold.count, shape, kind, flags))
    }

    /// A token of bytes `start..<end` and folded bytes `foldStart..<foldEnd`.
    /// Offsets are converted without checks: ``tokenize(_:into:)`` rejects
    /// texts, and ``analyze(_:)`` folded texts, whose offsets do not fit `Int32`.
    @inline(__always)
    private static func token(_ start: Int, _ end: Int, _ foldStart: Int, _ foldEnd: Int, _ shape: TokenShape,
                              _ kind: TokenKind, _ flags: TokenFlags) -> Token {
        Token(start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: end),
              foldStart: Int32(truncatingIfNeeded: foldStart), foldEnd: Int32(truncatingIfNeeded: foldEnd),
              shape: shape, kind: kind, flags: flags)
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
        try sentenceBoundaries(buf)
        // A token starts a sentence when it is the first, when a sentence boundary
        // falls after the previous token and at or before it (unless that follows
        // a listed abbreviation), or when a line break precedes it: a line with no
        // final punctuation (a headline, a list item) also ends a sentence, and
        // ICU only breaks at paragraph separators. A wire dateline ends at its
        // dash: "LONDON (Reuters) - [A] British Airways flight ...".
        let count = out.tokens.count
        var k = 0
        var lineFirst = 0
        // A local copy: reading the property is checked for exclusive access every time.
        let boundaries = self.boundaries
        for t in 0..<count {
            let start = out.tokens[t].start
            var atBoundary = false
            while k < boundaries.count && boundaries[k] <= start {
                atBoundary = true
                k += 1
            }
            let flags = out.tokens[t].flags
            if flags.rawValue & FlagBits.newlineBefore != 0 { lineFirst = t }
            if t == 0 || flags.rawValue & FlagBits.newlineBefore != 0 || (atBoundary && !isAbbreviationBreak(out, t, buf))
                || isAfterDateline(out, t, lineFirst, buf) {
                out.sentenceStarts.append(Int32(t))
                out.tokens[t].flags = TokenFlags(rawValue: flags.rawValue | FlagBits.sentenceStart)
            }
        }
    }

    /// True when token `t` follows the dash that ends a dateline at the start of
    /// its line: a word in capitals first ("LONDON", "KYIV, Ukraine (AP)"), at
    /// most a dozen tokens, then a spaced dash (-, --, en or em dash).
    @inline(__always)
    private func isAfterDateline(_ out: TokenizedText, _ t: Int, _ lineFirst: Int, _ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard t >= lineFirst + 2, t - lineFirst <= 13 else { return false }
        let dash = out.tokens[t - 1]
        guard dash.kind == .punctuation, dash.start > 0, buf[Int(dash.start) - 1] == 0x20 || buf[Int(dash.start) - 1] == 0x2D,
              out.tokens[t].start > dash.end else { return false }
        let n = Int(dash.end - dash.start)
        let b = Int(dash.start)
        let isDash = (n == 1 && buf[b] == 0x2D)
            || (n == 3 && buf[b] == 0xE2 && buf[b + 1] == 0x80 && (buf[b + 2] == 0x93 || buf[b + 2] == 0x94))
        guard isDash else { return false }
        let first = out.tokens[lineFirst]
        return first.kind == .word && first.length > 1 && first.shape.contains(.allUpper)
    }

    // MARK: - Sentence boundaries

    /// Bits of ``sentenceClasses``: UAX #29 Sentence_Break classes.
    private enum SB {
        /// `.`
        static let aTerm: UInt16 = 1
        /// `!` `?`
        static let sTerm: UInt16 = 2
        /// `"` `'` `(` `)` `[` `]` `{` `}`, quotation marks
        static let close: UInt16 = 4
        /// `,` `-` `:`, en and em dash
        static let sContinue: UInt16 = 8
        /// White space other than line and paragraph separators.
        static let sp: UInt16 = 16
        static let upper: UInt16 = 32
        static let lower: UInt16 = 64
        static let numeric: UInt16 = 128
        static let oLetter: UInt16 = 256
        /// Left to ICU: format and extending characters (SB5), separators, stray CR.
        static let unknown: UInt16 = 512
        static let sATerm: UInt16 = aTerm | sTerm
        static let letter: UInt16 = upper | lower | oLetter
    }

    private static func sentenceClass(ascii c: UInt8) -> UInt16 {
        switch c {
        case 0x2E: SB.aTerm
        case 0x21, 0x3F: SB.sTerm
        case 0x22, 0x27, 0x28, 0x29, 0x5B, 0x5D, 0x7B, 0x7D: SB.close
        case 0x2C, 0x2D, 0x3A: SB.sContinue
        case 0x09, 0x0B, 0x0C, 0x20: SB.sp
        case 0x41...0x5A: SB.upper
        case 0x61...0x7A: SB.lower
        case 0x30...0x39: SB.numeric
        case 0x0A, 0x0D: SB.unknown
        default: 0
        }
    }

    private static func sentenceClass(letter: Character) -> UInt16 {
        switch letter {
        case "o": 0
        case "l": SB.lower
        case "u": SB.upper
        case "a": SB.oLetter
        case "n": SB.numeric
        case "c": SB.close
        case "s": SB.sp
        case "k": SB.sContinue
        case "t": SB.sTerm
        case "d": SB.aTerm
        default: SB.unknown
        }
    }

    /// ICU 72's Sentence_Break classes of U+0080–U+052F (Latin, Greek, Cyrillic)
    /// and U+2000–U+206F (general punctuation), one letter per scalar: o other,
    /// l lower, u upper, a other letter, n numeric, c close, s space,
    /// k continue (SContinue), t terminator (STerm), d dot (ATerm), x anything
    /// the fast path leaves to ICU (extend, format, separators).
    private static let latinCyrillicClasses = """
        oooooxoooooooooooooooooooooooooosooooooooolcoxoooooooloooolcoooo
        uuuuuuuuuuuuuuuuuuuuuuuouuuuuuullllllllllllllllllllllllollllllll
        ulululululululululululululululululululululululululululullulululu
        lulululullulululululululululululululululululululululululuululull
        luululuuluuulluuuuluuluuullluuluulululuululluluuluuululuullaulll
        aaaauuluuluululululululululullulululululululululluululuuulululul
        ulululululululululululululululululululululululululullllllluuluul
        luluuuulululululllllllllllllllllllllllllllllllllllllllllllllllll
        llllllllllllllllllllallllllllllllllllllllllllllllllllllllaaaaaaa
        llooooaaaaaaaaaaaaoooooooooooooollllloooooooaoaooooooooooooooooo
        xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
        xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxululaouloollllou
        oooooououuuououuluuuuuuuuuuuuuuuuuouuuuuuuuullllllllllllllllllll
        lllllllllllllllulluuulllululululululululululululllllulouluulluuu
        uuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuullllllllllllllll
        llllllllllllllllllllllllllllllllulululululululululululululululul
        uloxxxxxxxululululululululululululululululululululululululululul
        uululululululullulululululululululululululululululululululululul
        ulululululululululululululululululululululululul
        """
    private static let punctuationClasses = """
        sssssssssssxxxxxoookkoooccccccccoooodoooxxxxxxxsoooooooooccottoo
        ooooocctttooooooooooooooooooooosxxxxxoxxxxxxxxxx
        """
    /// The sentence class of the scalar at `i` (before `end`) and its length in bytes.
    @inline(__always)
    private func sentenceClass(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (UInt16, Int) {
        let c = buf[i]
        if c < 0x80 { return (sentenceClasses[Int(c)], 1) }
        if c >= 0xC2 && c < 0xE0 && i + 1 < end {
            let v = Int(c & 0x1F) << 6 | Int(buf[i + 1] & 0x3F)
            return (v < 0x530 ? sentenceClasses[v] : SB.unknown, 2)
        }
        if c == 0xE2 && i + 2 < end && buf[i + 1] < 0x82 {
            let v = Int(buf[i + 1] & 0x3F) << 6 | Int(buf[i + 2] & 0x3F)
            return (v < 0x70 ? sentenceClasses[0x530 + v] : SB.unknown, 3)
        }
        return (SB.unknown, 1)
    }

    /// The sentence class of the character that ends at `i` (0 at `start`).
    @inline(__always)
    private func classBefore(_ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ start: Int, _ end: Int) -> UInt16 {
        guard i > start else { return 0 }
        if buf[i - 1] < 0x80 { return sentenceClasses[Int(buf[i - 1])] }
        var j = i - 1
        while j > start && buf[j] & 0xC0 == 0x80 { j -= 1 }
        return sentenceClass(buf, j, end).0
    }

    /// ICU's sentence boundaries of the whole text, as byte offsets, into ``boundaries``.
    ///
    /// With ``useASCIISentences``, most lines are split by
    /// ``nativeSentences(_:_:_:)`` and only the others go to ICU. This gives
    /// ICU's boundaries within each line (the only ones that matter: a line
    /// break starts a sentence anyway):
    /// - ICU always breaks after a line feed (UAX #29 rule SB4), no rule looks
    ///   back across one, and the `ss=standard` suppressions contain no line
    ///   feed, so each line can be segmented on its own. ICU gets a line with
    ///   the line feed before it, so that it starts exactly as it would there.
    /// - ``nativeSentences(_:_:_:)`` implements the rules (SB6–SB11), which are
    ///   what ICU's rules compile to, for characters whose class it knows;
    ///   tests compare the two.
    /// - ICU's suppressions ("Mr.", "U.S.", but also "XMr.": they match the
    ///   characters before a break, not whole words) are asked of ICU itself,
    ///   once per distinct word before a break (see ``keepsBreak(after:)``).
    private func sentenceBoundaries(_ buf: UnsafeBufferPointer<UInt8>) throws {
        boundaries.removeAll(keepingCapacity: true)
        let n = buf.count
        guard useASCIISentences else {
            try icuSentences(buf, 0, n)
            return
        }
        var lineStart = 0
        // The first line of a run of lines waiting for ICU, or -1.
        var icuFrom = -1
        while lineStart < n {
            var lineEnd = lineStart
            var stray = false
            while lineEnd < n {
                if lineEnd + 8 <= n {
                    let w = ByteWord.load(buf, lineEnd)
                    if !ByteWord.has(w, 0x0A) && !ByteWord.has(w, 0x0D) {
                        lineEnd += 8
                        continue
                    }
                }
                let c = buf[lineEnd]
                if c == 0x0A { break }
                if c == 0x0D && (lineEnd + 1 == n || buf[lineEnd + 1] != 0x0A) { stray = true }
                lineEnd += 1
            }
            let next = lineEnd < n ? lineEnd + 1 : n
            if !stray {
                if icuFrom >= 0 {
                    try icuSentences(buf, icuFrom, lineStart)
                    icuFrom = -1
                }
                let contentEnd = lineEnd > lineStart && buf[lineEnd - 1] == 0x0D ? lineEnd - 1 : lineEnd
                let mark = boundaries.count
                if try !nativeSentences(buf, lineStart, contentEnd) {
                    boundaries.removeSubrange(mark...)
                    icuFrom = lineStart
                }
            } else if icuFrom < 0 {
                icuFrom = lineStart
            }
            lineStart = next
        }
        if icuFrom >= 0 { try icuSentences(buf, icuFrom, n) }
    }

    /// ICU's sentence boundaries in the lines `from..<to` (`from` starts a line,
    /// `to` starts one or is the end), read with the line feed before them.
    private func icuSentences(_ buf: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) throws {
        let window = from > 0 ? from - 1 : 0
        try sentences.setText(UnsafeBufferPointer(rebasing: buf[window..<to]))
        while let b = sentences.next() { boundaries.append(Int32(window + b)) }
    }

    /// Appends the sentence boundaries inside the line `start..<end` (no line
    /// break in it) that ICU would find there, or returns false when it cannot
    /// tell them without ICU.
    ///
    /// UAX #29 breaks only after a terminator (`.` `!` `?`) followed by closing
    /// punctuation and then spaces (SB11), and not before spaces or closing
    /// punctuation that are still part of that sequence (SB9, SB10), not before
    /// `,` `-` `:` or another terminator (SB8a), and after `.` not before a digit
    /// (SB6: "3.5"), not between letters ("U.S", SB7), and not when the next
    /// letter after any non-letters is lowercase (SB8: "etc. and").
    private func nativeSentences(_ buf: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) throws -> Bool {
        let sc = sentenceClasses
        var i = start
        while i < end {
            // Eight bytes at a time past plain ASCII without terminators.
            if i + 8 <= end {
                let w = ByteWord.load(buf, i)
                if w & 0x8080_8080_8080_8080 == 0 && !ByteWord.has(w, 0x2E) && !ByteWord.has(w, 0x21) && !ByteWord.has(w, 0x3F) {
                    i += 8
                    continue
                }
            }
            let c = buf[i]
            var f: UInt16, width = 1
            if c < 0x80 {
                f = sc[Int(c)]
            } else {
                (f, width) = sentenceClass(buf, i, end)
                if f & SB.unknown != 0 { return false }
            }
            guard f & SB.sATerm != 0 else {
                i += width
                continue
            }
            // The terminator closest to the candidate break, and what follows it.
            var isDot = f & SB.aTerm != 0
            var beforeTerm = classBefore(buf, i, start, end)
            var sawClose = false, sawSpace = false
            var previous = f
            var p = i + width
            var next: UInt16 = 0
            while p < end {
                let (g, w) = sentenceClass(buf, p, end)
                if g & SB.unknown != 0 { return false }
                if g & SB.sATerm != 0 {
                    isDot = g & SB.aTerm != 0
                    beforeTerm = previous
                    sawClose = false
                    sawSpace = false
                } else if g & SB.close != 0 && !sawSpace {
                    sawClose = true
                } else if g & SB.sp != 0 {
                    sawSpace = true
                } else {
                    next = g
                    break
                }
                previous = g
                p += w
            }
            i = p
            // A break before `p` is possible; `p == end` is the end of the line.
            guard p < end else { break }
            if next & SB.sContinue != 0 { continue }  // SB8a
            if isDot {
                if !sawClose && !sawSpace {
                    if next & SB.numeric != 0 { continue }  // SB6
                    if next & SB.upper != 0 && beforeTerm & (SB.upper | SB.lower) != 0 { continue }  // SB7
                }
                // SB8: skip characters that are not letters or terminators; a lowercase letter continues.
                var q = p
                var h: UInt16 = 0
                while q < end {
                    let (g, w) = sentenceClass(buf, q, end)
                    if g & SB.unknown != 0 { return false }
                    if g & (SB.letter | SB.sATerm) != 0 {
                        h = g
                        break
                    }
                    q += w
                }
                if h & SB.lower != 0 { continue }
            }
            // ICU breaks here unless "ss=standard" suppresses it: it steps back
            // over one U+0020 and matches its list backwards from there.
            if !sawSpace {
                // Right after the terminator or closing punctuation ("said.\"He"): rare; ICU decides.
                return false
            }
            if buf[p - 1] == 0x20 {
                let last = p - 2
                if Self.isASCIISpace(buf[last]) {
                    boundaries.append(Int32(p))
                    continue
                }
                var wordStart = last
                while wordStart > start && !Self.isASCIISpace(buf[wordStart - 1]) { wordStart -= 1 }
                guard let keeps = try keepsBreak(after: UnsafeBufferPointer(rebasing: buf[wordStart...last])) else { return false }
                if keeps { boundaries.append(Int32(p)) }
            } else {
                // Other white space: no suppression matches it.
                boundaries.append(Int32(p))
            }
        }
        return true
    }

    /// Whether ICU keeps a sentence break that follows `word` (no white space
    /// in it, ending in a terminator and closing punctuation) and one space;
    /// nil when ICU does not break there without suppressions either.
    ///
    /// The `ss=standard` filter looks back from the break over one space and
    /// then over characters of its list entries, none of which is white space,
    /// so its decision depends on `word` alone. It is asked of ICU with the
    /// text `word` + " A" and remembered.
    private func keepsBreak(after word: UnsafeBufferPointer<UInt8>) throws -> Bool? {
        let id = breakWords.id(of: word)
        if id >= 0 {
            let v = breakWords.withValue(id) { $0[0] }
            return v == 2 ? nil : v == 1
        }
        probe.removeAll(keepingCapacity: true)
        probe.append(contentsOf: word)
        probe.append(contentsOf: [0x20, 0x41])
        let target = word.count + 1
        var kept = false, broken = false
        try probe.withUnsafeBufferPointer { p in
            try sentences.setText(p)
            while let b = sentences.next(), b <= target { if b == target { kept = true } }
            // Suppressions only remove breaks: a break kept with them is one without.
            if kept {
                broken = true
                return
            }
            try unsuppressedSentences.setText(p)
            while let b = unsuppressedSentences.next(), b <= target { if b == target { broken = true } }
        }
        // Long "words" (links) are not worth keeping; the table is bounded.
        if word.count <= 64 {
            if breakWords.count >= 1 << 15 { breakWords = ByteKeys(capacity: 1024) }
            let verdict: UInt8 = broken ? (kept ? 1 : 0) : 2
            _ = withUnsafePointer(to: verdict) { breakWords.insert(word, value: UnsafeBufferPointer(start: $0, count: 1)) }
        }
        return broken ? kept : nil
    }

    /// True when the break before token `t` follows "Abbrev." from the abbreviation list,
    /// and the next token does not start a new line.
    private func isAbbreviationBreak(_ out: TokenizedText, _ t: Int, _ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard t >= 2, out.tokens[t].flags.rawValue & FlagBits.newlineBefore == 0 else { return false }
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
        let bytes = out.bytes
        bytes.withUnsafeBufferPointer { text in
            out.tokens.withUnsafeMutableBufferPointer { tokens in
                let count = tokens.count
                var lineStart = 0
                while lineStart < count {
                    var lineEnd = lineStart
                    var words = 0, capitalized = 0, upper = 0, lowerLong = 0
                    repeat {
                        let t = tokens[lineEnd]
                        if t.kind == .word {
                            let s = t.shape.rawValue
                            words += 1
                            if s & ShapeBits.upperInitial != 0 { capitalized += 1 }
                            if s & ShapeBits.allUpper != 0 && t.length > 1 { upper += 1 }
                            // Short lowercase words (of, in, the, to, and) are allowed in title case.
                            if s & ShapeBits.upperInitial == 0 && t.length > 4 { lowerLong += 1 }
                        }
                        lineEnd += 1
                    } while lineEnd < count && tokens[lineEnd].flags.rawValue & FlagBits.newlineBefore == 0
                    let last = tokens[lineEnd - 1]
                    let lastByte = text[Int(last.start)]
                    let endsSentence = last.length == 1 && (lastByte == 0x2E || lastByte == 0x21 || lastByte == 0x3F)
                    // Title case needs three words to tell it from a name; all capitals need two ("AIR RAID").
                    let isHeadline = !endsSentence && ((words >= 2 && upper * 10 >= words * 7)
                        || (words >= 3 && lowerLong == 0 && capitalized * 10 >= words * 6))
                    if isHeadline {
                        for i in lineStart..<lineEnd { tokens[i].flags = TokenFlags(rawValue: tokens[i].flags.rawValue | FlagBits.headline) }
                    }
                    lineStart = lineEnd
                }
            }
        }
    }
}
