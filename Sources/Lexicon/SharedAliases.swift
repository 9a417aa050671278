import GazetteCore
import Tokenization

/// Cue words that, next to an alias shared by several entities, select the
/// entities of one subtype or one kb_id (`context.txt` in a lexicon directory:
/// `region` ← governor, state; `city` ← mayor; `place/georgia` ← Tbilisi).
struct ContextCues: Sendable {
    /// Folded cue words; ids index ``targetStart``.
    let words: TokenVocabulary
    /// `targetStart[w]..<targetStart[w + 1]` index ``targets``: what word `w` selects.
    let targetStart: [Int32]
    /// An entity index (≥ 0), or `-1 - n` for the subtype ``EntityStore/names``[n].
    let targets: [Int32]

    static let empty = ContextCues(words: TokenVocabulary(capacity: 4), targetStart: [0], targets: [])

    var byteSize: Int { words.byteSize + targetStart.capacity * 4 + targets.capacity * 4 }

    func validate(entities: Int, names: Int) -> Bool {
        guard targetStart.count == words.count + 1, targetStart.first == 0,
              targetStart.last.map(Int.init) == targets.count else { return false }
        var previous: Int32 = 0
        for s in targetStart {
            guard s >= previous else { return false }
            previous = s
        }
        return targets.allSatisfy { $0 >= 0 ? Int($0) < entities : Int(-1 - $0) < names }
    }
}

/// How many tokens on each side of a shared alias are searched for cue words.
let cueWindow = 2

extension Lexicon {
    /// The entities that share the alias of `m` and agree with the text in case,
    /// in policy order (highest prior first, then load order), without repeats.
    func candidates(of m: LexiconMatch, _ tokens: UnsafeBufferPointer<Token>, _ bytes: UnsafeBufferPointer<UInt8>,
                    into out: inout [Int32]) {
        out.removeAll(keepingCapacity: true)
        for p in automaton.payloads(of: m.state) where out.count < 64
            && caseAgrees(p, tokens, Int(m.firstToken), Int(m.endToken), bytes) {
            let e = payloadEntity[Int(p)]
            if !out.contains(e) { out.append(e) }
        }
    }

    @inline(__always)
    func isPlace(_ e: Int32) -> Bool {
        let label = store.label[Int(e)]
        return label == EntityLabel.gpe.rawValue || label == EntityLabel.loc.rawValue || label == EntityLabel.fac.rawValue
    }

    @inline(__always)
    func isContainer(_ e: Int32) -> Bool {
        let s = store.subtype[Int(e)]
        return s >= 0 && (s == regionName || s == countryName)
    }

    /// Applies the shared-alias policy (`Lexicons/README.md`) to `matches[first...]`.
    ///
    /// 1. A local cue decides one mention: a cue word of exactly some of the
    ///    candidates within ``cueWindow`` tokens in the same sentence
    ///    ("Georgia's governor", "the mayor of Donetsk"), or an appositive
    ///    place in one candidate's country ("Atlanta, Georgia", "Moscow, Idaho").
    /// 2. A mention with no cue takes the choice of the first cued mention of
    ///    the same alias in the document.
    /// 3. Else the document votes: a candidate wins over the default (the
    ///    highest prior) when the document mentions no place in the default's
    ///    country and at least `2 + ⌊prior(default) − prior(candidate)⌋`
    ///    distinct places in the candidate's country.
    func resolveSharedAliases(_ text: TokenizedText, _ matches: inout [LexiconMatch], from first: Int) {
        let count = matches.count - first
        var decided = [Int32](repeating: -1, count: count)
        var cands: [Int32] = []
        // Places whose entity is not in doubt: (country, entity), for the vote.
        var places: [UInt64] = []
        for k in first..<matches.count where matches[k].alternatives == 0 {
            let e = matches[k].entity
            if isPlace(e), store.country[Int(e)] != 0 { places.append(UInt64(store.country[Int(e)]) << 32 | UInt64(e)) }
        }
        text.bytes.withUnsafeBufferPointer { bytes in
            text.tokens.withUnsafeBufferPointer { tokens in
                text.folded.withUnsafeBufferPointer { folded in
                    // 1. Local cues.
                    for k in first..<matches.count where matches[k].alternatives > 0 {
                        candidates(of: matches[k], tokens, bytes, into: &cands)
                        guard cands.count > 1 else { continue }
                        if let c = cueChoice(k, first, matches, cands, tokens, folded) {
                            decided[k - first] = c
                            matches[k].entity = c
                            if isPlace(c), store.country[Int(c)] != 0 {
                                places.append(UInt64(store.country[Int(c)]) << 32 | UInt64(c))
                            }
                        }
                    }
                    places.sort()
                    // The country of each distinct place mentioned.
                    var unique: [UInt16] = []
                    var last: UInt64 = .max
                    for p in places where p != last {
                        unique.append(UInt16(truncatingIfNeeded: p >> 32))
                        last = p
                    }
                    func support(_ e: Int32) -> Int {
                        let c = store.country[Int(e)]
                        return c == 0 ? 0 : unique.reduce(0) { $0 + ($1 == c ? 1 : 0) }
                    }
                    for k in first..<matches.count where matches[k].alternatives > 0 && decided[k - first] < 0 {
                        candidates(of: matches[k], tokens, bytes, into: &cands)
                        guard cands.count > 1 else { continue }
                        // 2. One sense per document: the first cued mention of the same alias.
                        var sibling: Int32 = -1
                        for j in first..<matches.count where decided[j - first] >= 0 && matches[j].state == matches[k].state {
                            sibling = decided[j - first]
                            break
                        }
                        if sibling >= 0, cands.contains(sibling) {
                            matches[k].entity = sibling
                            continue
                        }
                        // 3. The document's places vote.
                        let d = cands[0]
                        guard support(d) == 0 else { continue }
                        var best = d
                        var bestSupport = 0
                        for a in cands.dropFirst() {
                            let s = support(a)
                            let gap = max(0, Int((store.prior[Int(d)] - store.prior[Int(a)]).rounded(.down)))
                            if s >= 2 + gap && s > bestSupport {
                                best = a
                                bestSupport = s
                            }
                        }
                        matches[k].entity = best
                    }
                }
            }
        }
    }

    /// The candidate a local cue selects for mention `k`, if any (rule 1 above).
    private func cueChoice(_ k: Int, _ first: Int, _ matches: [LexiconMatch], _ cands: [Int32],
                           _ tokens: UnsafeBufferPointer<Token>, _ folded: UnsafeBufferPointer<UInt8>) -> Int32? {
        let m = matches[k]
        let all: UInt64 = cands.count == 64 ? .max : (1 << UInt64(cands.count)) - 1
        func pick(_ votes: UInt64) -> Int32? {
            votes == 0 || votes == all ? nil : cands[votes.trailingZeroBitCount]
        }
        // Cue words within the window, not crossing a sentence start.
        var votes: UInt64 = 0
        func vote(_ t: Int) {
            let tok = tokens[t]
            let w = cues.words.id(of: UnsafeBufferPointer(rebasing: folded[Int(tok.foldStart)..<Int(tok.foldEnd)]))
            guard w >= 0 else { return }
            for target in cues.targets[Int(cues.targetStart[Int(w)])..<Int(cues.targetStart[Int(w) + 1])] {
                for (i, c) in cands.enumerated() where target == c || (target < 0 && store.subtype[Int(c)] == -1 - target) {
                    votes |= 1 << UInt64(i)
                }
            }
        }
        if cues.words.count > 0 {
            var t = Int(m.firstToken) - 1
            while t >= 0, t >= Int(m.firstToken) - cueWindow, !tokens[t + 1].flags.contains(.sentenceStart) {
                vote(t)
                t -= 1
            }
            t = Int(m.endToken)
            while t < tokens.count, t < Int(m.endToken) + cueWindow, !tokens[t].flags.contains(.sentenceStart) {
                vote(t)
                t += 1
            }
            if let c = pick(votes) { return c }
        }
        // An appositive place: "Atlanta, Georgia" (a place, then a region or country
        // candidate in its country) or "Moscow, Idaho" (a candidate, then a region
        // or country it lies in).
        func isComma(_ t: Int) -> Bool {
            t >= 0 && t < tokens.count && tokens[t].kind == .punctuation && tokens[t].end - tokens[t].start == 1
                && folded[Int(tokens[t].foldStart)] == 0x2C
        }
        votes = 0
        if k > first, isComma(Int(m.firstToken) - 1), matches[k - 1].endToken == m.firstToken - 1 {
            let other = matches[k - 1].entity
            let c = store.country[Int(other)]
            if isPlace(other), c != 0 {
                for (i, a) in cands.enumerated() where isContainer(a) && store.country[Int(a)] == c { votes |= 1 << UInt64(i) }
            }
        }
        if votes == 0, k + 1 < matches.count, isComma(Int(m.endToken)), matches[k + 1].firstToken == m.endToken + 1 {
            let other = matches[k + 1].entity
            let c = store.country[Int(other)]
            if isPlace(other), isContainer(other), c != 0 {
                for (i, a) in cands.enumerated() where store.country[Int(a)] == c { votes |= 1 << UInt64(i) }
            }
        }
        return pick(votes)
    }
}
