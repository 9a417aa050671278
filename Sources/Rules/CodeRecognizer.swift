import GazetteCore

/// Equipment designations: a capitalized word of at most eight letters, a
/// hyphen and a part that starts with a digit, all touching: "BTR-82A",
/// "MiG-29", "F-16", "T-72B3", "Su-34", "Shahed-136", "S-400" (PRODUCT).
/// A second hyphenated part is included ("Kh-101-M"). All-capital words of
/// five letters or more ("COVID-19") are left alone.
public struct CodeRecognizer: Recognizer {
    public init() {}

    public func recognize(_ c: RuleContext, into out: inout [Entity]) {
        var t = 0
        while t + 2 < c.count {
            defer { t += 1 }
            let head = c.tokens[t]
            guard head.kind == .word, head.shape.contains(.upperInitial), head.length <= 8,
                  !(head.shape.contains(.allUpper) && head.length >= 5), !c.isWord(t, in: .notNames),
                  !c.isWord(t, in: .months), !c.isWord(t, in: .weekdays) else { continue }
            // "Belgorod-22" names a place, not a weapon.
            if let known = c.lexiconLabel(at: t), known != .product { continue }
            guard c.isByte(t + 1, 0x2D), c.attached(t), c.attached(t + 1), startsWithDigit(c, t + 2) else { continue }
            var end = t + 3
            while end + 1 < c.count, c.isByte(end, 0x2D), c.attached(end - 1), c.attached(end),
                  c.tokens[end + 1].kind != .punctuation, c.tokens[end + 1].length <= 4 {
                end += 2
            }
            out.append(c.candidate(t, end, .product, priority: Priority.shape))
            t = end - 1
        }
    }

    private func startsWithDigit(_ c: RuleContext, _ t: Int) -> Bool {
        let b = c.text.bytes[Int(c.tokens[t].start)]
        return b >= 0x30 && b <= 0x39
    }
}

/// Capitalized word sequences with no other evidence, as a last resort that
/// only fills gaps: two or three name words are a person when they start like
/// a person's name (a known first name, an initial, a family name written
/// first, a name particle such as "Von"), an organization when "of" joins them
/// or a head word ends them; four or more are an organization; a name after
/// "in", "at", "near" or "from" a place.
/// Single capitalized words are left to in-document aliasing.
public struct CapitalizedSequenceRecognizer: Recognizer {
    public init() {}

    public func recognize(_ c: RuleContext, into out: inout [Entity]) {
        // Built on first use: a document with none of these runs pays nothing.
        var alone: AloneWords?
        var t = 0
        while t < c.count {
            guard c.isNameWord(t), !c.tokens[t].flags.contains(.headline) else { t += 1; continue }
            // Extend over name words, "of"/"de"/"von" particles between them and hyphen joins.
            var end = c.nameRun(from: t, maxWords: 6)
            while end + 1 < c.count, c.isConnector(end), !c.folded(end, is: "and"), !c.folded(end, is: "the"),
                  !c.folded(end, is: "for"), c.isNameWord(end + 1) {
                end = c.nameRun(from: end + 1, maxWords: 4)
            }
            var first = t
            // A sentence-initial word that is a known non-person (a NORP, "Ukrainian") starts no name.
            while first < end, let label = c.lexiconLabel(at: first), label != .person {
                first += 1
            }
            var words = 0
            for k in first..<end where c.tokens[k].kind == .word && !c.isConnector(k) { words += 1 }
            // A run of title words ("General Secretary") is a role, not a name.
            if (first..<end).allSatisfy({ c.tokens[$0].kind != .word || c.isConnector($0) || c.isWord($0, in: .personTitles) }) {
                t = max(end, t + 1)
                continue
            }
            let prev = first - 1
            let placeContext = c.folded(prev, is: "in") || c.folded(prev, is: "at") || c.folded(prev, is: "near")
                || c.folded(prev, is: "from")
            if words == 1, placeContext, !c.tokens[first].flags.contains(.sentenceStart), c.lexiconLabel(at: first) == nil {
                out.append(c.candidate(first, end, .gpe, priority: Priority.fallback))
            } else if words >= 2 && words <= 3 {
                // People's names rarely have "of" inside; "Ministry of Health", "Bank of Japan" do.
                let hasOf = (first..<end).contains { c.folded($0, is: "of") }
                // A head word at the end decides: "... Committee" is an organization.
                let orgHead = c.isWord(end - 1, in: .orgSuffixes)
                let label: EntityLabel = placeContext ? .gpe : (hasOf || orgHead ? .org : .person)
                // Capitalized words that do not start like a name are most often
                // something else ("Premium Bonds", "Homeland Security"), unless the
                // last word recurs alone, as a surname does ("Wren Hallow ... Hallow said").
                if label == .person, !Self.startsLikeAName(c, first) {
                    if alone == nil { alone = AloneWords(c) }
                    if !alone!.recurs(c, end - 1, outside: first..<end) {
                        t = max(end, t + 1)
                        continue
                    }
                }
                // A generational suffix belongs to a person's name: "Darnell Hayes III".
                if label == .person, c.isGenerationSuffix(end) { end += 1 }
                out.append(c.candidate(first, end, label, priority: Priority.fallback))
            } else if words >= 4 {
                out.append(c.candidate(first, end, .org, priority: Priority.fallback))
            }
            t = max(end, t + 1)
        }
    }
}

extension CapitalizedSequenceRecognizer {
    /// Token `t` can start a person's name: a known first name or family name,
    /// an initial ("J. K. Rowling"), or a capitalized particle ("Von Trier").
    static func startsLikeAName(_ c: RuleContext, _ t: Int) -> Bool {
        c.isGivenName(t) || c.isWord(t, in: .familyNames) || c.isInitial(t)
            || c.folded(t, is: "von") || c.folded(t, is: "van") || c.folded(t, is: "de") || c.folded(t, is: "di")
            || c.folded(t, is: "da") || c.folded(t, is: "du") || c.folded(t, is: "dos") || c.folded(t, is: "bin")
            || c.folded(t, is: "ibn") || c.folded(t, is: "abu")
    }
}

/// A document's capitalized words that stand alone (no name word right
/// before or after them), by folded key: whether a word of a capitalized run
/// recurs alone, as a surname does, is then a look-up, not a scan of the
/// document, so long documents cost time in proportion to their length.
struct AloneWords {
    /// Open addressing by the folded word: per slot, the word's last
    /// occurrence (-1: free). The document's folded bytes are the keys.
    private var slots: [Int32]
    /// Per token: the previous occurrence of its word (-1: none).
    private var previous: [Int32]

    init(_ c: RuleContext) {
        let n = c.count
        previous = [Int32](repeating: -1, count: n)
        // At least one slot per token: probes stay short however many words stand alone.
        var size = 16
        while size < n { size <<= 1 }
        slots = [Int32](repeating: -1, count: size)
        c.text.folded.withUnsafeBufferPointer { f in
        c.text.tokens.withUnsafeBufferPointer { tokens in
        slots.withUnsafeMutableBufferPointer { slots in
        previous.withUnsafeMutableBufferPointer { previous in
            for k in 0..<n {
                let tok = tokens[k]
                guard tok.shape.contains(.upperInitial), !c.isNameWord(k - 1), !c.isNameWord(k + 1) else { continue }
                let i = Self.slot(of: Self.key(tok, f), UnsafeBufferPointer(slots), tokens, f)
                previous[k] = slots[i]
                slots[i] = Int32(k)
            }
        }}}}
    }

    @inline(__always)
    private static func key(_ tok: Token, _ f: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: f[Int(tok.foldStart)..<Int(tok.foldEnd)])
    }

    /// The slot of `key`: the one holding an occurrence of it, or the free one where it goes.
    @inline(__always)
    private static func slot(of key: UnsafeBufferPointer<UInt8>, _ slots: UnsafeBufferPointer<Int32>,
                             _ tokens: UnsafeBufferPointer<Token>, _ f: UnsafeBufferPointer<UInt8>) -> Int {
        let mask = slots.count - 1
        var i = Int(ByteStringTable.hash(key)) & mask
        while slots[i] >= 0 && !Self.key(tokens[Int(slots[i])], f).elementsEqual(key) { i = (i + 1) & mask }
        return i
    }

    /// Token `t`'s word occurs outside `run`, capitalized, with no name word
    /// right before or after it. Occurrences inside `run` are skipped, so this
    /// costs at most the run's length.
    func recurs(_ c: RuleContext, _ t: Int, outside run: Range<Int>) -> Bool {
        var k = c.text.folded.withUnsafeBufferPointer { f in
            c.text.tokens.withUnsafeBufferPointer { tokens in
                slots.withUnsafeBufferPointer { slots in slots[Self.slot(of: Self.key(tokens[t], f), slots, tokens, f)] }
            }
        }
        while k >= 0 {
            if !run.contains(Int(k)) { return true }
            k = previous[Int(k)]
        }
        return false
    }
}

/// The default recognizers, in the order their candidates are proposed; `rules`
/// are the compiled rule files (`Lexicons/rules/*.rules`).
public func defaultRecognizers(rules: RuleSet? = nil) -> [any Recognizer] {
    var out: [any Recognizer] = [LexiconRecognizer(), PatternRecognizer(), NumericRecognizer()]
    if let rules { out.append(RuleFileRecognizer(rules)) }
    out += [PersonRecognizer(), CodeRecognizer(), CapitalizedSequenceRecognizer()]
    return out
}
