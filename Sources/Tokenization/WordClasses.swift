import CICU
import GazetteCore

/// The word-break classes of the characters that ``Tokenizer`` segments
/// without ICU: ASCII, the two-byte UTF-8 range (Latin-1, Latin Extended,
/// Greek, Cyrillic, ...) and the general punctuation and currency blocks
/// (U+2000–U+20BF: ’ “ ” – — … €).
///
/// Each class comes from ICU's own Word_Break property at start-up, so the
/// table follows the ICU Gazette is linked against. Only the classes whose
/// UAX #29 rules are local are kept (letters, digits, the middle characters
/// that join letters or digits, and characters that stand alone); every other
/// character (combining marks, format characters, Hebrew letters, MidLetter,
/// ExtendNumLet, emoji, white space other than ASCII's) is ``special`` and its
/// chunk goes to ICU.
struct WordClasses {
    /// No rule of the fast path covers it: ICU segments the chunk.
    static let special: UInt8 = 0
    /// ALetter (and `@`, which ICU's word rules count as a letter).
    static let letter: UInt8 = 1
    /// Numeric.
    static let digit: UInt8 = 2
    /// Stands alone (Word_Break Other): punctuation and symbols.
    static let other: UInt8 = 3
    /// MidNumLet (`.` `'` ‘ ’ ․): joins letter to letter and digit to digit.
    static let midNumLet: UInt8 = 4
    /// MidNum (`,` `;`): joins digit to digit.
    static let midNum: UInt8 = 5

    /// Where U+2000–U+20BF start in ``table``.
    static let punctuationBase = 0x800
    static let count = punctuationBase + 0xC0

    /// Scalars U+0000–U+07FF at their own index, then U+2000–U+20BF.
    let table: UnsafeMutablePointer<UInt8>

    init() {
        table = .allocate(capacity: Self.count)
        for k in 0..<Self.count {
            let scalar = k < Self.punctuationBase ? k : 0x2000 + k - Self.punctuationBase
            table[k] = Self.classify(scalar)
        }
    }

    func deallocate() { table.deallocate() }

    /// ICU's Word_Break values (UWordBreakValues) that the fast path implements.
    private enum WB {
        static let other: Int32 = 0, aLetter: Int32 = 1, midNum: Int32 = 5, numeric: Int32 = 6, midNumLet: Int32 = 11
    }

    static func classify(_ scalar: Int) -> UInt8 {
        if scalar < 0x80 {
            let c = UInt8(scalar)
            if (c | 0x20) &- 0x61 < 26 || c == 0x40 { return letter }
            if c &- 0x30 < 10 { return digit }
            if c == 0x2E || c == 0x27 { return midNumLet }
            if c == 0x2C || c == 0x3B { return midNum }
            // `:` (MidLetter), `_` (ExtendNumLet), white space and control characters.
            if c == 0x3A || c == 0x5F || c <= 0x20 || c == 0x7F { return special }
            return other
        }
        // White space the tokenizer skips (no-break and zero-width spaces), and
        // emoji, whose sequences have rules of their own.
        if scalar == 0xA0 || scalar == 0x85 || (scalar >= 0x2000 && scalar <= 0x200F) || scalar == 0x2028
            || scalar == 0x2029 || scalar == 0x202F || scalar == 0x205F || cicu_is_extended_pictographic(Int32(scalar)) != 0 {
            return special
        }
        switch cicu_word_break(Int32(scalar)) {
        case WB.aLetter: return letter
        case WB.numeric: return digit
        case WB.midNumLet: return midNumLet
        case WB.midNum: return midNum
        case WB.other: return other
        default: return special
        }
    }

    /// The class of the character at byte `i` (before `end`) and its length in bytes.
    @inline(__always)
    static func at(_ table: UnsafeMutablePointer<UInt8>, _ buf: UnsafeBufferPointer<UInt8>, _ i: Int, _ end: Int) -> (UInt8, Int) {
        let b = buf[i]
        if b < 0x80 { return (table[Int(b)], 1) }
        if b < 0xE0 {
            guard i + 1 < end else { return (special, 1) }
            return (table[Int(b & 0x1F) << 6 | Int(buf[i + 1] & 0x3F)], 2)
        }
        if b == 0xE2, i + 2 < end, buf[i + 1] <= 0x82 {
            return (table[punctuationBase + (Int(buf[i + 1] & 0x3F) << 6 | Int(buf[i + 2] & 0x3F))], 3)
        }
        return (special, 1)
    }
}

extension Tokenizer {
    /// Segments the chunk `start..<end` (no ASCII white space in it) by the
    /// UAX #29 rules for the classes of ``WordClasses``, as ICU does: letters
    /// and digits join (WB5, WB8–WB10); MidNumLet joins letter to letter and
    /// digit to digit, MidNum digit to digit (WB6, WB7, WB11, WB12); anything
    /// else stands alone. A segment has ICU's status of its last character:
    /// 100 after a digit, 200 after a letter, 0 for one that stands alone.
    ///
    /// Each segment becomes tokens through ``emit(_:_:_:_:_:_:_:)``, as ICU's
    /// would. Returns false, having changed nothing, when a character of the
    /// chunk is ``WordClasses/special``.
    func segmentWithTable(_ out: inout TokenizedText, _ fold: inout FoldBuffer, _ buf: UnsafeBufferPointer<UInt8>,
                          _ start: Int, _ end: Int, _ pending: inout Pending) -> Bool {
        let table = wordClasses.table
        var i = start
        while i < end {
            let (k, w) = WordClasses.at(table, buf, i, end)
            if k == WordClasses.special { return false }
            i += w
        }
        i = start
        while i < end {
            let (k, w) = WordClasses.at(table, buf, i, end)
            var j = i + w
            var status: Int32 = 0
            if k == WordClasses.letter || k == WordClasses.digit {
                var last = k
                while j < end {
                    let (k2, w2) = WordClasses.at(table, buf, j, end)
                    if k2 == WordClasses.letter || k2 == WordClasses.digit {
                        last = k2
                        j += w2
                        continue
                    }
                    guard k2 == WordClasses.midNumLet || k2 == WordClasses.midNum, j + w2 < end else { break }
                    let (k3, w3) = WordClasses.at(table, buf, j + w2, end)
                    guard k3 == last, k2 == WordClasses.midNumLet || k3 == WordClasses.digit else { break }
                    j += w2 + w3
                }
                status = last == WordClasses.digit ? 100 : 200
            }
            emit(&out, &fold, buf, i, j, status, &pending)
            i = j
        }
        return true
    }
}
