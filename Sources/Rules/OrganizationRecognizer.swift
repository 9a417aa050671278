import GazetteCore

/// Organizations from head words and shape:
///
/// - capitalized words ending in a head word: "*Russian Volunteer Corps*",
///   "*Freedom of Russia Legion*", "*OTP Bank*";
/// - a head word opening "of/for/on" + capitalized words: "*Ministry of Defense*",
///   "*Institute for the Study of War*";
/// - military units: an ordinal, up to five words and a unit word:
///   "*59th separate motorized infantry brigade*" (subtype `military_unit`);
/// - acronyms: an all-capitals word of two to six letters outside an all-caps line ("*FSB*").
public struct OrganizationRecognizer: Recognizer {
    public init() {}

    public func recognize(_ c: RuleContext, into out: inout [Entity]) {
        for t in 0..<c.count {
            let tok = c.tokens[t]
            // Head word at the end.
            if let suffix = c.longest(.orgSuffixes, at: t), tok.shape.contains(.upperInitial) {
                var first = t
                var i = t - 1
                while i >= 0, !c.tokens[i + 1].flags.contains(.newlineBefore) {
                    if c.isNameWord(i) || isAcronym(c, i) { first = i; i -= 1; continue }
                    // Hyphenated words: "National Anti-Terrorism Committee".
                    if c.isByte(i, 0x2D), i > 0, c.attached(i - 1), c.attached(i), c.isNameWord(i - 1) { i -= 1; continue }
                    // "Freedom of Russia Legion", but not "Alsu Kurmasheva of Radio Liberty":
                    // a person's name before "of" is not part of the organization.
                    if c.isConnector(i), i > 0, c.isNameWord(i - 1), !c.folded(i, is: "the"), !isPersonWord(c, i - 1) { i -= 1; continue }
                    break
                }
                // Do not start on a sentence-initial function word that the lists missed.
                if first < t {
                    out.append(c.candidate(first, Int(suffix.end), .org, subtype: subtype(c, t), priority: Priority.contextual))
                }
            }
            // Head word at the start: Ministry of ..., Institute for ...
            if let prefix = c.longest(.orgPrefixes, at: t), tok.shape.contains(.upperInitial) {
                var end = Int(prefix.end)
                var j = end
                var sawName = false
                while j < c.count {
                    if c.isNameWord(j) || (sawName && isAcronym(c, j)) { sawName = true; j += 1; end = j; continue }
                    if c.isConnector(j) && (j + 1 < c.count) && (c.isNameWord(j + 1) || c.isConnector(j + 1)) && !c.folded(j, is: "and") || (sawName && c.folded(j, is: "and") && c.isNameWord(j + 1)) {
                        j += 1
                        continue
                    }
                    break
                }
                let opener = Int(prefix.end)
                if sawName, c.folded(opener, is: "of") || c.folded(opener, is: "for") || c.folded(opener, is: "on") {
                    // Extend left over capitalized modifiers: "British Ministry of Defense".
                    var first = t
                    // A nationality before it is a modifier ("British | Ministry of Defense").
                    while first > 0, c.isNameWord(first - 1), !c.tokens[first].flags.contains(.newlineBefore),
                          c.lexiconLabel(at: first - 1) != .norp,
                          !c.tokens[first - 1].flags.contains(.sentenceStart) || c.lexiconLabel(at: first - 1) != nil {
                        first -= 1
                    }
                    out.append(c.candidate(first, end, .org, priority: Priority.contextual))
                }
            }
            // Military units.
            let ordinalWord = c.isWord(t, in: .ordinalWords)
            if tok.shape.contains(.hasDigit) && tok.shape.contains(.hasLetter) || ordinalWord {
                var j = t + 1
                while j < c.count && j <= t + 6 && c.tokens[j].kind == .word {
                    // After "first", "third" only a capitalized unit word names a unit
                    // ("the Third Assault Brigade", not "the first time a foreign brigade").
                    if c.isWord(j, in: .unitWords), !ordinalWord || c.tokens[j].shape.contains(.upperInitial) {
                        out.append(c.candidate(t, j + 1, .org, subtype: "military_unit", priority: Priority.contextual))
                        break
                    }
                    j += 1
                }
            }
            // Acronyms.
            if isAcronym(c, t), !c.isWord(t, in: .notNames), c.lexiconLabel(at: t) == nil {
                out.append(c.candidate(t, t + 1, .org, priority: Priority.shape))
            }
        }
    }

    /// A word that belongs to a person's name: a lexicon person or a first name.
    private func isPersonWord(_ c: RuleContext, _ t: Int) -> Bool {
        c.lexiconLabel(at: t) == .person || c.isWord(t, in: .firstNames)
            || (t > 0 && c.isWord(t - 1, in: .firstNames) && c.isNameWord(t))
    }

    /// An all-capitals word of 2–6 letters, not in an all-caps line, not a Roman numeral.
    func isAcronym(_ c: RuleContext, _ t: Int) -> Bool {
        guard t >= 0, t < c.count else { return false }
        let tok = c.tokens[t]
        guard tok.kind == .word, tok.shape.contains(.allUpper), !tok.shape.contains(.hasDigit),
              tok.length >= 2, tok.length <= 6, !tok.flags.contains(.headline) else { return false }
        // Roman numerals (II, IV, XIV) are not organizations.
        return c.text.bytes[Int(tok.start)..<Int(tok.end)].contains { !"IVXLC".utf8.contains($0) }
    }

    private func subtype(_ c: RuleContext, _ t: Int) -> String? {
        let word = c.text.foldedText(of: c.tokens[t])
        switch word {
        case "brigade", "battalion", "regiment", "division", "squadron", "detachment": return "military_unit"
        case "legion", "corps": return "armed_group"
        case "party": return "political_party"
        case "bank": return "company"
        default: return nil
        }
    }
}
