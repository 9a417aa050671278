import GazetteCore
import Lexicon
import Tokenization

/// A stage that proposes entity candidates for one document.
///
/// Recognizers only propose; resolution (in `Pipeline`) settles overlaps. Each
/// recognizer is a small immutable type, shared by all workers, and gets all
/// per-document facts through a ``RuleContext``. Its ``name`` defaults to the
/// type name and appears in `--stats` and diagnostics.
public protocol Recognizer: Sendable {
    var name: String { get }
    /// Appends candidates found in `context` to `candidates`.
    func recognize(_ context: RuleContext, into candidates: inout [Entity])
}

extension Recognizer {
    public var name: String { String(describing: type(of: self)) }
}

/// Candidate priorities. Resolution keeps the longest candidate; among equally
/// long ones the higher priority wins. Candidates below ``Priority/strong`` only
/// fill gaps that no stronger candidate touches.
public enum Priority {
    /// URLs, e-mail addresses, handles and hashtags: character patterns that nothing else may split.
    public static let pattern: Int16 = 100
    /// A lexicon alias.
    public static let lexicon: Int16 = 60
    /// Dates, times, money, percentages and quantities.
    public static let numeric: Int16 = 50
    /// Specific contextual rules: a name after a title, an organization head word.
    public static let contextual: Int16 = 40
    /// Weaker shape rules: first names, surname endings, equipment codes, acronyms.
    public static let shape: Int16 = 30
    /// Threshold: candidates below it only fill gaps.
    public static let strong: Int16 = 20
    /// Capitalized sequences with no other evidence.
    public static let fallback: Int16 = 10
}

/// Everything a recognizer may read about one document.
public struct RuleContext {
    public let text: TokenizedText
    public let lexicon: Lexicon
    public let words: WordLists
    /// Word-list hits sorted by start token; ``hitRange(at:)`` indexes them.
    public let hits: [WordHit]
    /// Lexicon matches in text order.
    public let matches: [LexiconMatch]
    /// `hitStart[t]..<hitStart[t + 1]` are the hits starting at token `t`.
    let hitStart: [Int32]
    /// Per token: the index of the lexicon match covering it, or -1.
    let matchCover: [Int32]

    public init(text: TokenizedText, lexicon: Lexicon, words: WordLists, hits: [WordHit], matches: [LexiconMatch]) {
        self.text = text
        self.lexicon = lexicon
        self.words = words
        self.hits = hits
        self.matches = matches
        let n = text.tokens.count
        var start = [Int32](repeating: 0, count: n + 1)
        for h in hits { start[Int(h.start) + 1] += 1 }
        for i in 0..<n { start[i + 1] += start[i] }
        self.hitStart = start
        var cover = [Int32](repeating: -1, count: n)
        for (k, m) in matches.enumerated() {
            for t in Int(m.firstToken)..<Int(m.endToken) { cover[t] = Int32(k) }
        }
        self.matchCover = cover
    }

    public var tokens: [Token] { text.tokens }
    public var count: Int { text.tokens.count }

    /// The hits that start at token `t`.
    public func hits(at t: Int) -> ArraySlice<WordHit> {
        hits[Int(hitStart[t])..<Int(hitStart[t + 1])]
    }

    /// The longest hit of `list` starting at token `t`.
    public func longest(_ list: WordList, at t: Int) -> WordHit? {
        guard t >= 0, t < count else { return nil }
        var best: WordHit? = nil
        for h in hits(at: t) where h.list == list {
            if best == nil || h.end > best!.end { best = h }
        }
        return best
    }

    /// True when token `t` alone is an entry of `list`.
    public func isWord(_ t: Int, in list: WordList) -> Bool {
        guard t >= 0, t < count else { return false }
        return hits(at: t).contains { $0.list == list && $0.end == Int32(t + 1) }
    }

    /// The lexicon entity covering token `t`, if any.
    public func lexiconEntity(at t: Int) -> LexiconEntity? {
        guard t >= 0, t < count, matchCover[t] >= 0 else { return nil }
        return lexicon.entities[Int(matches[Int(matchCover[t])].entity)]
    }

    /// True for a lexicon entity that is weak evidence on its own: a town of under
    /// 100,000 people known only from GeoNames (many are named after people:
    /// Clinton, Campbell, Alice; a curated lexicon listing it makes it strong),
    /// or a name marked `ambiguous=1`.
    public func isWeakPlace(_ e: LexiconEntity) -> Bool {
        e.isAmbiguous || (e.label == .gpe && e.subtype == "city" && e.prior < 5 && !e.curated)
    }

    /// True when the words before token `t` make it a place: "in", "at", "near",
    /// "from", "to", "outside", "across", or a trigger phrase ("the village of").
    public func hasPlaceContext(_ t: Int) -> Bool {
        if folded(t - 1, is: "in") || folded(t - 1, is: "at") || folded(t - 1, is: "near") || folded(t - 1, is: "from")
            || folded(t - 1, is: "to") || folded(t - 1, is: "outside") || folded(t - 1, is: "across") {
            return true
        }
        for back in 1...3 where t - back >= 0 {
            if let h = longest(.placeTriggers, at: t - back), Int(h.end) == t { return true }
        }
        return false
    }

    /// True when token `t` lies inside a title phrase that started before it
    /// ("State" in "Secretary of State").
    public func isInsideTitle(_ t: Int) -> Bool {
        for k in max(0, t - 5)..<t {
            for h in hits(at: k) where h.list == .personTitles && Int(h.end) > t { return true }
        }
        return false
    }

    /// The lexicon match covering token `t`, if any.
    public func lexiconMatch(at t: Int) -> LexiconMatch? {
        guard t >= 0, t < count, matchCover[t] >= 0 else { return nil }
        return matches[Int(matchCover[t])]
    }

    /// True when token `t`'s folded key equals `word` (ASCII, lowercase).
    public func folded(_ t: Int, is word: StaticString) -> Bool {
        guard t >= 0, t < count else { return false }
        let tok = tokens[t]
        let n = Int(tok.foldEnd - tok.foldStart)
        guard n == word.utf8CodeUnitCount else { return false }
        return word.withUTF8Buffer { w in
            text.folded.withUnsafeBufferPointer { f in
                for i in 0..<n where f[Int(tok.foldStart) + i] != w[i] { return false }
                return true
            }
        }
    }

    /// True when token `t` is one byte equal to `byte` (punctuation such as "-", "(", "%").
    public func isByte(_ t: Int, _ byte: UInt8) -> Bool {
        guard t >= 0, t < count else { return false }
        let tok = tokens[t]
        return tok.end - tok.start == 1 && text.bytes[Int(tok.start)] == byte
    }

    /// True when tokens `t` and `t + 1` touch (no white space between).
    public func attached(_ t: Int) -> Bool {
        t + 1 < count && !tokens[t + 1].flags.contains(.spaceBefore) && tokens[t + 1].start == tokens[t].end
    }

    /// A capitalized word that can be part of a name: starts with an uppercase
    /// letter, is not all capitals, and is not a month, weekday or not-a-name word;
    /// in a title-case headline, only a lexicon name or a first name.
    public func isNameWord(_ t: Int) -> Bool {
        guard t >= 0, t < count else { return false }
        let tok = tokens[t]
        guard tok.kind == .word, tok.shape.contains(.upperInitial) else { return false }
        if isWord(t, in: .notNames) || isWord(t, in: .months) || isWord(t, in: .weekdays) { return false }
        // In a title-case headline every word is capitalized: only known names count.
        if tok.flags.contains(.headline), matchCover[t] < 0, !isWord(t, in: .firstNames) { return false }
        // All-caps words are acronyms (their own rule), not parts of mixed-case names;
        // a single capital is an initial.
        if tok.shape.contains(.allUpper) && tok.length > 1 { return false }
        return true
    }

    /// A lowercase particle that can sit inside a name ("of", "for", "de", "von", "bin").
    public func isConnector(_ t: Int) -> Bool {
        folded(t, is: "of") || folded(t, is: "for") || folded(t, is: "the") || folded(t, is: "and")
            || folded(t, is: "on") || folded(t, is: "de") || folded(t, is: "von") || folded(t, is: "van")
            || folded(t, is: "der") || folded(t, is: "da") || folded(t, is: "di") || folded(t, is: "du")
            || folded(t, is: "la") || folded(t, is: "le") || folded(t, is: "bin") || folded(t, is: "al")
    }

    /// Makes a candidate for tokens `first..<end`.
    public func candidate(_ first: Int, _ end: Int, _ label: EntityLabel, subtype: String? = nil,
                          priority: Int16, source: EntitySource = .rule) -> Entity {
        Entity(start: Int(tokens[first].start), end: Int(tokens[end - 1].end), label: label, subtype: subtype,
               source: source, priority: priority)
    }

    /// The end (exclusive) of a run of name words starting at `t`: name words
    /// joined by hyphens without spaces ("Strelkov-Girkin"), initials ("J."),
    /// and at most `maxWords` words. Returns `t` when token `t` is not a name word.
    public func nameRun(from t: Int, maxWords: Int = 4) -> Int {
        var end = t
        var words = 0
        var i = t
        while i < count, words < maxWords, isNameWord(i), i == t || !tokens[i].flags.contains(.newlineBefore) {
            words += 1
            i += 1
            end = i
            // Initial: "J." attached period after a one-letter word.
            if tokens[i - 1].length == 1, isByte(i, 0x2E), attached(i - 1) { i += 1; end = i }
            // Hyphenated double names: Strelkov-Girkin, Jean-Claude.
            while i + 1 < count, isByte(i, 0x2D), attached(i - 1), attached(i), isNameWord(i + 1) {
                i += 2
                end = i
            }
        }
        return end
    }
}
