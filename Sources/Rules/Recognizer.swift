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

/// Facts about lexicon entities that rules read on the hot path, computed once
/// per lexicon so that rules never copy a ``LexiconEntity`` per token.
public final class LexiconFacts: Sendable {
    /// The label of each entity, by entity index.
    public let labels: [EntityLabel]
    /// Whether each entity is weak evidence on its own (see ``RuleContext/isWeakPlace(_:)``).
    let weak: [Bool]
    /// Whether each entity's names are common words (`ambiguous=1`).
    let ambiguous: [Bool]

    public init(_ lexicon: Lexicon) {
        // Field by field: no entity's strings are decoded but the subtypes of uncurated small places.
        let n = lexicon.entities.count
        labels = (0..<n).map(lexicon.label)
        ambiguous = (0..<n).map(lexicon.isAmbiguous)
        weak = (0..<n).map { e in
            lexicon.isAmbiguous(e) || (lexicon.label(e) == .gpe && lexicon.prior(e) < 5 && !lexicon.isCurated(e)
                                       && lexicon.subtype(e) == "city")
        }
    }

    /// Reads the facts of every matched entity in a loop whose loads do not
    /// wait on each other, so that their cache misses overlap here instead of
    /// coming one at a time in the recognizers (as ``Lexicon/touch(_:)`` does
    /// for the entities' names). Returns a value the caller must keep.
    public func touch(_ matches: [LexiconMatch]) -> UInt8 {
        var sum: UInt8 = 0
        labels.withUnsafeBufferPointer { labels in
            weak.withUnsafeBufferPointer { weak in
                ambiguous.withUnsafeBufferPointer { ambiguous in
                    for m in matches {
                        let e = Int(m.entity)
                        sum &+= labels[e].rawValue &+ (weak[e] ? 1 : 0) &+ (ambiguous[e] ? 2 : 0)
                    }
                }
            }
        }
        return sum
    }
}

/// Everything a recognizer may read about one document.
///
/// Built once per document: besides the tokens, lexicon matches and word-list
/// hits, it precomputes per-token bit sets (which word lists have a one-token
/// entry at each token, which have any entry starting there, which tokens can
/// be part of a name) so that rules test bits instead of rescanning hits.
public final class RuleContext {
    public let text: TokenizedText
    public let lexicon: Lexicon
    public let words: WordLists
    public let facts: LexiconFacts
    /// Word-list hits sorted by start token; ``hits(at:)`` indexes them.
    public let hits: [WordHit]
    /// Lexicon matches in text order.
    public let matches: [LexiconMatch]
    /// `hitStart[t]..<hitStart[t + 1]` are the hits starting at token `t`.
    let hitStart: [Int32]
    /// Per token: the index of the lexicon match covering it, or -1.
    let matchCover: [Int32]
    /// Per token: bit `list.rawValue` set when `list` has a one-token entry equal to the token.
    let wordMask: [UInt32]
    /// Per token: bit `list.rawValue` set when some entry of `list` starts at the token.
    let startMask: [UInt32]
    /// Per token: ``TokenBit`` values.
    let bits: [UInt8]
    /// Buffers the rule automaton reuses across documents (one per worker);
    /// without them it allocates its own per document.
    public let scratch: RuleScratch?
    /// Per token: its id in the lexicon's vocabulary (-1: not in it), when the
    /// caller has them (``Lexicon/match(_:ids:cache:into:alsoIn:otherIDs:)``
    /// computes them); empty otherwise. Tokens with one id share their folded
    /// key, so what depends on that key alone can be remembered by id.
    public let tokenIDs: [Int32]

    enum TokenBit {
        static let nameWord: UInt8 = 1
        static let connector: UInt8 = 2
        /// A one-letter name word ("J") or initials joined by periods ("J.K",
        /// "C.S": one token, its last period apart).
        static let initial: UInt8 = 4
    }

    public init(text: TokenizedText, lexicon: Lexicon, words: WordLists, hits: [WordHit], matches: [LexiconMatch],
                facts: LexiconFacts? = nil, scratch: RuleScratch? = nil, tokenIDs: [Int32] = []) {
        precondition(tokenIDs.isEmpty || tokenIDs.count == text.tokens.count, "one token id per token")
        self.text = text
        self.scratch = scratch
        self.tokenIDs = tokenIDs
        self.lexicon = lexicon
        self.words = words
        self.facts = facts ?? LexiconFacts(lexicon)
        self.hits = hits
        self.matches = matches
        let n = text.tokens.count
        var start = [Int32](repeating: 0, count: n + 1)
        var wordMask = [UInt32](repeating: 0, count: n)
        var startMask = [UInt32](repeating: 0, count: n)
        for h in hits {
            let t = Int(h.start)
            start[t + 1] += 1
            startMask[t] |= 1 << UInt32(h.list.rawValue)
            if h.end == h.start + 1 { wordMask[t] |= 1 << UInt32(h.list.rawValue) }
        }
        for i in 0..<n { start[i + 1] += start[i] }
        self.hitStart = start
        var cover = [Int32](repeating: -1, count: n)
        for (k, m) in matches.enumerated() {
            for t in Int(m.firstToken)..<Int(m.endToken) { cover[t] = Int32(k) }
        }
        self.matchCover = cover
        self.wordMask = wordMask
        self.startMask = startMask
        var bits = [UInt8](repeating: 0, count: n)
        let notName: UInt32 = 1 << UInt32(WordList.notNames.rawValue) | 1 << UInt32(WordList.months.rawValue)
            | 1 << UInt32(WordList.weekdays.rawValue)
        let firstName = UInt32(1) << UInt32(WordList.firstNames.rawValue) | UInt32(1) << UInt32(WordList.givenNames.rawValue)
        text.folded.withUnsafeBufferPointer { f in
            for t in 0..<n {
                let tok = text.tokens[t]
                guard tok.kind == .word else { continue }
                if tok.shape.contains(.upperInitial) {
                    // "A" and "I" opening a sentence are the article and the pronoun, not
                    // initials, unless a period follows ("A. J. Ayer").
                    if tok.length == 1, tok.flags.contains(.sentenceStart),
                       text.bytes[Int(tok.start)] == 0x41 || text.bytes[Int(tok.start)] == 0x49,
                       !(t + 1 < n && text.tokens[t + 1].start == tok.end && text.bytes[Int(tok.end)] == 0x2E) {
                        continue
                    }
                    // A capitalized word that can be part of a name (see isNameWord).
                    let initials = tok.length == 1 || (tok.shape.contains(.allUpper) && Self.areInitials(text.bytes, tok))
                    if wordMask[t] & notName == 0, !(tok.shape.contains(.allUpper) && tok.length > 1) || initials,
                       !tok.flags.contains(.headline) || cover[t] >= 0 || wordMask[t] & firstName != 0 {
                        bits[t] |= TokenBit.nameWord
                        if initials { bits[t] |= TokenBit.initial }
                    }
                } else if Self.isConnectorKey(UnsafeBufferPointer(rebasing: f[Int(tok.foldStart)..<Int(tok.foldEnd)])) {
                    bits[t] |= TokenBit.connector
                }
            }
        }
        self.bits = bits
    }

    /// "J.K", "C.S", "H.W": one-letter words joined by periods, as the tokenizer
    /// keeps initials written without spaces (the last period is a token of its own).
    static func areInitials(_ bytes: [UInt8], _ tok: Token) -> Bool {
        let n = tok.length
        guard n >= 3, n % 2 == 1 else { return false }
        let s = Int(tok.start)
        for i in 0..<n where (i % 2 == 1) != (bytes[s + i] == 0x2E) { return false }
        return true
    }

    /// Lowercase particles that can sit inside a name.
    static func isConnectorKey(_ k: UnsafeBufferPointer<UInt8>) -> Bool {
        switch k.count {
        case 2:
            let a = k[0], b = k[1]
            // of on de da di du la le al
            return (a == 0x6F && (b == 0x66 || b == 0x6E)) || (a == 0x64 && (b == 0x65 || b == 0x61 || b == 0x69 || b == 0x75))
                || (a == 0x6C && (b == 0x61 || b == 0x65)) || (a == 0x61 && b == 0x6C)
        case 3:
            let a = k[0], b = k[1], c = k[2]
            // for the and von van der bin
            return (a == 0x66 && b == 0x6F && c == 0x72) || (a == 0x74 && b == 0x68 && c == 0x65)
                || (a == 0x61 && b == 0x6E && c == 0x64) || (a == 0x76 && b == 0x6F && c == 0x6E)
                || (a == 0x76 && b == 0x61 && c == 0x6E) || (a == 0x64 && b == 0x65 && c == 0x72)
                || (a == 0x62 && b == 0x69 && c == 0x6E)
        default:
            return false
        }
    }

    public var tokens: [Token] { text.tokens }
    public var count: Int { text.tokens.count }

    /// The hits that start at token `t`.
    public func hits(at t: Int) -> ArraySlice<WordHit> {
        hits[Int(hitStart[t])..<Int(hitStart[t + 1])]
    }

    /// The longest hit of `list` starting at token `t`.
    public func longest(_ list: WordList, at t: Int) -> WordHit? {
        guard t >= 0, t < count, startMask[t] & (1 << UInt32(list.rawValue)) != 0 else { return nil }
        var best: WordHit? = nil
        for h in hits(at: t) where h.list == list {
            if best == nil || h.end > best!.end { best = h }
        }
        return best
    }

    /// True when token `t` alone is an entry of `list`.
    public func isWord(_ t: Int, in list: WordList) -> Bool {
        guard t >= 0, t < count else { return false }
        return wordMask[t] & (1 << UInt32(list.rawValue)) != 0
    }

    /// The label of the lexicon entity covering token `t`, if any (cheap: no entity copy).
    public func lexiconLabel(at t: Int) -> EntityLabel? {
        guard t >= 0, t < count, matchCover[t] >= 0 else { return nil }
        return facts.labels[Int(matches[Int(matchCover[t])].entity)]
    }

    /// True when a lexicon entity covers token `t` and is not weak evidence.
    public func hasStrongLexiconEntity(at t: Int) -> Bool {
        guard t >= 0, t < count, matchCover[t] >= 0 else { return false }
        return !facts.weak[Int(matches[Int(matchCover[t])].entity)]
    }

    /// True when entity `index` is weak evidence on its own (see ``isWeakPlace(_:)``).
    public func isWeak(entity index: Int32) -> Bool { facts.weak[Int(index)] }

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
    /// "from", "to" (not "according to"), "outside", "across", or a trigger
    /// phrase ("the village of").
    public func hasPlaceContext(_ t: Int) -> Bool {
        if folded(t - 1, is: "in") || folded(t - 1, is: "at") || folded(t - 1, is: "near") || folded(t - 1, is: "from")
            || (folded(t - 1, is: "to") && !folded(t - 2, is: "according"))
            || folded(t - 1, is: "outside") || folded(t - 1, is: "across") {
            return true
        }
        for back in 1...3 where t - back >= 0 {
            if let h = longest(.placeTriggers, at: t - back), Int(h.end) == t { return true }
        }
        return false
    }

    /// True when token `t` has a surname ending of `surname_suffixes.txt`
    /// ("Gladkov", "Shevchenko").
    public func hasSurnameEnding(_ t: Int) -> Bool {
        let tok = tokens[t]
        return text.folded.withUnsafeBufferPointer { f in
            words.hasSurnameEnding(UnsafeBufferPointer(rebasing: f[Int(tok.foldStart)..<Int(tok.foldEnd)]))
        }
    }

    /// True when token `t` alone is a given name: an entry of `first_names.txt`
    /// or of the long tail in `given_names.txt`.
    public func isGivenName(_ t: Int) -> Bool {
        isWord(t, in: .firstNames) || isWord(t, in: .givenNames)
    }

    /// True when a comma after the words ending before token `end` leads to a
    /// region or country of `entity`'s own country that the lexicon knows for
    /// sure: "Warren, Michigan", "Flint, Mich.", "Reading, England". Not "In
    /// Asia, Japan's ...": a town called Asia is in neither.
    public func isBeforeAppositivePlace(_ end: Int, of entity: Int32) -> Bool {
        guard isByte(end, 0x2C), let m = lexiconMatch(at: end + 1), Int(m.firstToken) == end + 1,
              facts.labels[Int(m.entity)] == .gpe, !facts.weak[Int(m.entity)],
              lexicon.isRegionOrCountry(Int(m.entity)) else { return false }
        let country = lexicon.countryCode(Int(entity))
        return country != 0 && country == lexicon.countryCode(Int(m.entity))
    }

    /// True when a person title of the word lists covers tokens `first..<end`
    /// and more: "Assistant District" inside "Assistant District Attorney".
    public func isWithinTitle(_ first: Int, _ end: Int) -> Bool {
        for k in max(0, first - 5)...first {
            for h in hits(at: k) where h.list == .personTitles && Int(h.end) >= end && (k < first || Int(h.end) > end) {
                return true
            }
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

    /// True when a person title of the word lists ends right before token `t`
    /// ("Governor" before "Gladkov").
    public func followsTitle(_ t: Int) -> Bool {
        for k in max(0, t - 5)..<max(0, t) {
            for h in hits(at: k) where h.list == .personTitles && Int(h.end) == t { return true }
        }
        return false
    }

    /// The lexicon match covering token `t`, if any.
    public func lexiconMatch(at t: Int) -> LexiconMatch? {
        guard t >= 0, t < count, matchCover[t] >= 0 else { return nil }
        return matches[Int(matchCover[t])]
    }

    /// True when token `t`'s folded key equals `word` (ASCII, lowercase).
    /// Inlinable: callers in other modules test it per token.
    @inlinable
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
        t >= 0 && t < count && bits[t] & TokenBit.nameWord != 0
    }

    /// Initials: a one-letter name word ("J") or several joined by periods ("J.K").
    public func isInitial(_ t: Int) -> Bool {
        t >= 0 && t < count && bits[t] & TokenBit.initial != 0
    }

    /// A lowercase particle that can sit inside a name ("of", "for", "de", "von", "bin").
    public func isConnector(_ t: Int) -> Bool {
        t >= 0 && t < count && bits[t] & TokenBit.connector != 0
    }

    /// "II", "III" or "IV" in capitals on the same line: a generational suffix
    /// after a person's name ("Elizabeth II", "Darnell Hayes III").
    public func isGenerationSuffix(_ t: Int) -> Bool {
        t < count && tokens[t].shape.contains(.allUpper) && !tokens[t].flags.contains(.newlineBefore)
            && (folded(t, is: "ii") || folded(t, is: "iii") || folded(t, is: "iv"))
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
            // Initial: "J." or "J.K." attached period after initials.
            if isInitial(i - 1), isByte(i, 0x2E), attached(i - 1) { i += 1; end = i }
            // Hyphenated double names: Strelkov-Girkin, Jean-Claude. A single letter
            // before the hyphen is a party label, not a name ("D-Calif.", "R-Ill.").
            while i + 1 < count, isByte(i, 0x2D), attached(i - 1), attached(i), isNameWord(i + 1), tokens[i - 1].length > 1 {
                i += 2
                end = i
            }
        }
        return end
    }
}
