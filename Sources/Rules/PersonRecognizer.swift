import GazetteCore

/// People from evidence that is not a token pattern (title + name and
/// first name + surname are rules in `Lexicons/rules/person.rules`):
///
/// - a name next to a verb of saying: "*Klein* said", "says *Tarlo*",
///   "according to *Mailis*";
/// - a capitalized word with a Slavic or other surname ending: "*Strelkov-Girkin*",
///   "*Prigozhin*" is not (no ending), "*Shmyhal*" is not, "*Gladkov*" is.
public struct PersonRecognizer: Recognizer {
    public init() {}

    public func recognize(_ c: RuleContext, into out: inout [Entity]) {
        for t in 0..<c.count {
            guard c.tokens[t].kind == .word, c.isNameWord(t) else { continue }
            speaker(c, t, into: &out)
            // Surname endings.
            if c.hasSurnameEnding(t), c.tokens[t].shape.isTitleCase, c.lexiconLabel(at: t) == nil {
                var first = t
                // Include a preceding capitalized first part: "Igor Strelkov".
                if t > 0, c.isNameWord(t - 1), c.lexiconLabel(at: t - 1) == nil, !c.tokens[t - 1].flags.contains(.sentenceStart) || c.isGivenName(t - 1) {
                    first = t - 1
                }
                let end = c.nameRun(from: t, maxWords: 2)
                out.append(c.candidate(first, end, .person, priority: Priority.shape))
            }
        }
    }

    /// True when the lexicon says the run is something other than a person
    /// ("President *Ukraine*" is not a name); small towns do not count.
    private func isNonPersonLexicon(_ c: RuleContext, _ start: Int, _ end: Int) -> Bool {
        guard let m = c.lexiconMatch(at: start), Int(m.endToken) >= end || Int(m.firstToken) == start else { return false }
        return c.facts.labels[Int(m.entity)] != .person && !c.isWeak(entity: m.entity)
    }

    /// Name + speech verb ("Klein said") or speech verb + name ("says Tarlo").
    private func speaker(_ c: RuleContext, _ t: Int, into out: inout [Entity]) {
        guard c.isNameWord(t), t == 0 || !c.isNameWord(t - 1) || c.tokens[t].flags.contains(.sentenceStart) else { return }
        let end = c.nameRun(from: t, maxWords: 3)
        guard end > t else { return }
        // The speech verb first: most names have none, and the other tests read more.
        var before = false
        var k = t - 1
        if c.isByte(k, 0x2C) { k -= 1 }
        if k >= 0, let h = c.hits(at: k).first(where: { $0.list == .speechVerbs && Int($0.end) == k + 1 }) { before = h.end > 0 }
        if k >= 1, c.folded(k, is: "to"), c.folded(k - 1, is: "according") { before = true }
        guard before || c.longest(.speechVerbs, at: end) != nil else { return }
        // "The College Board said", "The United Auto Workers said": a head word of
        // organizations ends no person's name.
        if c.isWord(end - 1, in: .orgSuffixes) { return }
        guard c.longest(.personTitles, at: t) == nil, !c.isInsideTitle(t), !isNonPersonLexicon(c, t, end),
              !c.tokens[t].flags.contains(.headline) else { return }
        // Every word of the run must be unknown or a person or a small town.
        for i in t..<end { if let l = c.lexiconLabel(at: i), l != .person, c.hasStrongLexiconEntity(at: i) { return } }
        if (t..<end).allSatisfy({ c.isWord($0, in: .personTitles) || c.tokens[$0].kind != .word }) { return }
        // "according to CoinDesk", "PayPal said": one word with a capital inside
        // it is a brand, not a person (McGurk, DeSantis and MacArthur are people).
        let label: EntityLabel = end == t + 1 && isCamelCase(c, t) ? .org : .person
        out.append(c.candidate(t, end, label, priority: Priority.shape))
    }

    /// True when the word has a capital after two or more lowercase letters, not
    /// after a surname prefix: "CoinDesk", "PayPal", "YouTube"; not "McGurk",
    /// "LeBron", "MacArthur", "VanDyke", "FitzGerald".
    func isCamelCase(_ c: RuleContext, _ t: Int) -> Bool {
        let tok = c.tokens[t]
        guard tok.shape.contains(.innerUpper) else { return false }
        let start = Int(tok.start), end = Int(tok.end)
        var lower = 0
        var i = start + 1
        while i < end {
            let b = c.text.bytes[i]
            if b >= 0x61 && b <= 0x7A {
                lower += 1
            } else if b >= 0x41 && b <= 0x5A {
                guard lower >= 2 else { return false }
                let prefix = c.text.bytes[start..<i]
                for p in Self.surnamePrefixes where prefix.elementsEqual(p.utf8) { return false }
                return true
            } else {
                return false
            }
            i += 1
        }
        return false
    }

    static let surnamePrefixes = ["Mac", "Van", "Von", "Der", "Fitz", "Dos", "Das", "Del", "Della"]
}
