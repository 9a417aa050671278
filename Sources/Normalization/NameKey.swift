import GazetteCore

/// A name's spelling-invariant key and comparison form.
///
/// `Tymoshenko`, `Timoschenko`, `Tymochenko`, `Tymosjenko` and `Тимошенко` all
/// have the form `timoxenko` and the key `tmxnk`. Words are separated by
/// single spaces in both.
public struct NameKey: Sendable, Hashable, CustomStringConvertible {
    /// Consonant classes only: what variant spellings of one name share.
    public var key: String
    /// Consonant classes with normalized vowels: compared by ``NameSimilarity``.
    public var form: String
    /// The name lowercased, letters only, words joined by single spaces.
    public var letters: String

    public var description: String { key }
}

/// Computes ``NameKey``s with the rules of `name-key.txt`.
///
/// A name is lowercased and split into words of letters and digits
/// (apostrophes drop out; spaces, hyphens and other marks separate words);
/// each word runs through the rules. Immutable and thread-safe; the
/// allocation-free entry point ``key(_:into:)`` reuses the caller's
/// ``NameKeyer/Buffers``.
public struct NameKeyer: Sendable {
    public let rules: RewriteRules
    /// One marker mask per alternate reading.
    private let alternateMasks: [UInt64]

    /// Output and scratch space for one key computation, reused across calls.
    public struct Buffers {
        /// Lowercased letters, words separated by 0x20.
        public internal(set) var letters: [UInt8] = []
        public internal(set) var form: [UInt8] = []
        public internal(set) var key: [UInt8] = []
        /// Keys and forms read the alternate ways (see `[alternate]`) that differ
        /// from ``key``: the first ``alternateCount`` entries.
        public internal(set) var alternateKeys: [[UInt8]] = []
        public internal(set) var alternateForms: [[UInt8]] = []
        public internal(set) var alternateCount = 0
        var words: [Range<Int>] = []
        /// The marker sets each word shows.
        var masks: [UInt64] = []
        var work = WordScratch()

        public init() {}
    }

    struct WordScratch {
        var form: [UInt8] = []
        var key: [UInt8] = []
    }

    public init(rules: RewriteRules) {
        self.rules = rules
        self.alternateMasks = rules.alternateMarkerSets.map { 1 << UInt64($0) }
    }

    /// The costs for comparing forms (``NameSimilarity``).
    public var costs: SimilarityCosts { rules.costs }

    /// Every key of `name`: its first reading, then its alternate readings
    /// (`[alternate]` sections: Tymosjenko read as Dutch is `tmxnk`).
    public func keys(_ name: String) -> [String] {
        var b = Buffers()
        var s = name
        s.withUTF8 { key($0, into: &b, alternates: true) }
        return [String(decoding: b.key, as: UTF8.self)] + b.alternateKeys[..<b.alternateCount].map { String(decoding: $0, as: UTF8.self) }
    }

    /// The key of `name` (allocates; for tools and tests).
    public func key(_ name: String) -> NameKey {
        var b = Buffers()
        var s = name
        s.withUTF8 { key($0, into: &b) }
        return NameKey(key: String(decoding: b.key, as: UTF8.self), form: String(decoding: b.form, as: UTF8.self),
                       letters: String(decoding: b.letters, as: UTF8.self))
    }

    /// Computes the key of the UTF-8 name `bytes` into `b`.
    ///
    /// - Complexity: O(length × rules per first letter); no allocation once
    ///   `b` has grown.
    public func key(_ bytes: UnsafeBufferPointer<UInt8>, into b: inout Buffers, alternates: Bool = false) {
        if !b.form.isEmpty { b.form.removeAll(keepingCapacity: true) }
        if !b.key.isEmpty { b.key.removeAll(keepingCapacity: true) }
        if !b.masks.isEmpty { b.masks.removeAll(keepingCapacity: true) }
        b.alternateCount = 0
        Self.splitWords(bytes, letters: &b.letters, words: &b.words)
        let optional = rules.optionalMask
        b.letters.withUnsafeBufferPointer { letters in
            for (n, r) in b.words.enumerated() {
                let word = UnsafeBufferPointer(rebasing: letters[r])
                let mask = rules.markers(in: word)
                b.masks.append(mask)
                if n > 0 { b.form.append(0x20); b.key.append(0x20) }
                appendWord(word, mask & ~optional, form: &b.form, key: &b.key, &b.work)
            }
        }
        if alternates { alternateKeys(&b) }
    }

    /// Fills ``Buffers/alternateKeys`` for the name last keyed into `b`, one
    /// reading per `[alternate]` set: an optional set is forced on the words
    /// that show it; any other set on the words that show no set at all.
    public func alternateKeys(_ b: inout Buffers) {
        b.alternateCount = 0
        let optional = rules.optionalMask
        for forced in alternateMasks {
            let isOptional = forced & optional != 0
            func reading(_ mask: UInt64) -> UInt64? {
                if isOptional { return mask & forced != 0 ? (mask & ~optional) | forced : nil }
                return mask & ~optional == 0 ? forced : nil
            }
            guard b.masks.contains(where: { reading($0) != nil }) else { continue }
            let slot = b.alternateCount
            if b.alternateKeys.count <= slot { b.alternateKeys.append([]); b.alternateForms.append([]) }
            var key: [UInt8] = [], form: [UInt8] = []
            swap(&key, &b.alternateKeys[slot])
            swap(&form, &b.alternateForms[slot])
            key.removeAll(keepingCapacity: true)
            form.removeAll(keepingCapacity: true)
            b.letters.withUnsafeBufferPointer { letters in
                for (n, r) in b.words.enumerated() {
                    let word = UnsafeBufferPointer(rebasing: letters[r])
                    if n > 0 { form.append(0x20); key.append(0x20) }
                    appendWord(word, reading(b.masks[n]) ?? (b.masks[n] & ~optional), form: &form, key: &key, &b.work)
                }
            }
            let seen = key == b.key || b.alternateKeys[..<slot].contains(key)
            swap(&key, &b.alternateKeys[slot])
            swap(&form, &b.alternateForms[slot])
            if !seen { b.alternateCount += 1 }
        }
    }

    @inline(__always)
    private func appendWord(_ word: UnsafeBufferPointer<UInt8>, _ mask: UInt64, form: inout [UInt8], key: inout [UInt8], _ w: inout WordScratch) {
        if !w.form.isEmpty { w.form.removeAll(keepingCapacity: true) }
        if !w.key.isEmpty { w.key.removeAll(keepingCapacity: true) }
        rules.apply(word, markerMask: mask, form: &w.form, into: &w.key)
        form.append(contentsOf: w.form)
        // A word of vowels only ("Io") keeps its form as its key.
        key.append(contentsOf: w.key.isEmpty ? w.form : w.key)
    }

    // MARK: - Lowercasing and word splitting

    /// Lowercases `bytes` into `letters`, one run of letters per word with a
    /// space between words, and records each word's range.
    static func splitWords(_ bytes: UnsafeBufferPointer<UInt8>, letters: inout [UInt8], words: inout [Range<Int>]) {
        if !letters.isEmpty { letters.removeAll(keepingCapacity: true) }
        if !words.isEmpty { words.removeAll(keepingCapacity: true) }
        var wordStart = -1
        var lastScalar: UInt32 = 0
        var i = 0
        let n = bytes.count
        func endWord() {
            if wordStart >= 0 { words.append(wordStart..<letters.count) }
            wordStart = -1
        }
        while i < n {
            let b = bytes[i]
            var v: UInt32
            if b < 0x80 {
                v = UInt32(b)
                i += 1
                // Letters, lowercased; digits stay (22nd and 92nd are different names).
                if ((v | 0x20) >= 0x61 && (v | 0x20) <= 0x7A) || (v >= 0x30 && v <= 0x39) {
                    if wordStart < 0 { if !letters.isEmpty { letters.append(0x20) }; wordStart = letters.count }
                    letters.append(UInt8(v | 0x20))
                    lastScalar = v | 0x20
                    continue
                }
                // Apostrophes and backquotes sit inside words (O'Brien, Мар'яна).
                if v == 0x27 || v == 0x60 { continue }
                endWord()
                continue
            }
            let width = RewriteRules.width(b)
            v = UInt32(b) & (width == 2 ? 0x1F : (width == 3 ? 0x0F : 0x07))
            var k = 1
            while k < width && i + k < n { v = (v << 6) | (UInt32(bytes[i + k]) & 0x3F); k += 1 }
            i += width
            if Self.isApostrophe(v) { continue }
            if v >= 0x300 && v <= 0x36F {
                // A combining mark: compose the few that make letters of their own.
                if wordStart >= 0, let composed = Self.compose(lastScalar, v) {
                    let w = Self.utf8Width(lastScalar)
                    letters.removeLast(w)
                    Self.append(composed, to: &letters)
                    lastScalar = composed
                }
                continue
            }
            guard Self.isLetter(v) else { endWord(); continue }
            let lower = Self.lowercase(v)
            if wordStart < 0 { if !letters.isEmpty { letters.append(0x20) }; wordStart = letters.count }
            Self.append(lower, to: &letters)
            lastScalar = lower
        }
        endWord()
    }

    /// Letters: fast answers for Latin-1, Latin Extended and Cyrillic.
    @inline(__always)
    static func isLetter(_ v: UInt32) -> Bool {
        if v >= 0xC0 && v <= 0x24F { return v != 0xD7 && v != 0xF7 }
        if v >= 0x400 && v <= 0x4FF { return v < 0x482 || v > 0x489 }
        guard let s = Unicode.Scalar(v) else { return false }
        return s.properties.isAlphabetic
    }

    @inline(__always)
    static func isApostrophe(_ v: UInt32) -> Bool {
        v == 0x2019 || v == 0x2018 || v == 0x02BC || v == 0x02B9 || v == 0x02BA || v == 0x00B4 || v == 0x2032
    }

    @inline(__always)
    static func utf8Width(_ v: UInt32) -> Int { v < 0x80 ? 1 : (v < 0x800 ? 2 : (v < 0x10000 ? 3 : 4)) }

    @inline(__always)
    static func append(_ v: UInt32, to out: inout [UInt8]) {
        if v < 0x80 {
            out.append(UInt8(v))
        } else if v < 0x800 {
            out.append(UInt8(0xC0 | (v >> 6)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else if v < 0x10000 {
            out.append(UInt8(0xE0 | (v >> 12)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        } else {
            out.append(UInt8(0xF0 | (v >> 18)))
            out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
            out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
            out.append(UInt8(0x80 | (v & 0x3F)))
        }
    }

    /// й, ё, ї, ў written as a base letter and a combining mark.
    static func compose(_ base: UInt32, _ mark: UInt32) -> UInt32? {
        switch (base, mark) {
        case (0x438, 0x306): 0x439  // и + breve = й
        case (0x435, 0x308): 0x451  // е + diaeresis = ё
        case (0x456, 0x308): 0x457  // і + diaeresis = ї
        case (0x443, 0x306): 0x45E  // у + breve = ў
        default: nil
        }
    }

    /// Lowercase of one scalar: fast paths for Latin-1, Latin Extended-A and
    /// Cyrillic, Unicode's mapping otherwise.
    @inline(__always)
    static func lowercase(_ v: UInt32) -> UInt32 {
        switch v {
        case 0xC0...0xDE where v != 0xD7: return v + 0x20
        case 0x100...0x137, 0x14A...0x177: return v | 1
        case 0x139...0x148, 0x179...0x17E: return v & 1 == 1 ? v + 1 : v
        case 0x410...0x42F: return v + 0x20
        case 0x400...0x40F: return v + 0x50
        case 0x460...0x481, 0x48A...0x4BF, 0x4D0...0x52F: return v | 1
        case 0x430...0x45F, 0xDF...0xFF: return v
        default:
            guard let s = Unicode.Scalar(v), s.properties.isUppercase else { return v }
            let lower = s.properties.lowercaseMapping.unicodeScalars
            return lower.count == 1 ? lower.first!.value : v
        }
    }
}

extension NameKeyer {
    /// `text` with each word rewritten by the rules (their output at `[form]`),
    /// keeping everything else (digits, punctuation, spacing) and each word's
    /// capitals: with `spelling.txt`, "Mykola Tkatschenko (59th)" → "Mykola
    /// Tkachenko (59th)". Words the rules leave alone keep their exact spelling.
    public func respell(_ text: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            guard !word.isEmpty else { return }
            let k = key(word)
            let lower = word.lowercased()
            out += k.form == lower || k.form.isEmpty || k.form.contains(" ") ? word : Romanizer.recase(k.form, like: word)
            word = ""
        }
        for ch in text {
            if ch.isLetter { word.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }
}
