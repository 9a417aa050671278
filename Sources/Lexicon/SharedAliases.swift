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

/// How many of an alias's entities a cue word or an appositive can choose
/// from: the best-ranked by prior (acronyms of a big lexicon can name hundreds).
/// The vote considers them all.
let maximumCandidates = 16

/// The smallest prior (log10 of the population: half a million people) at which
/// a capital keeps its name against the vote. Smaller capitals (Georgetown,
/// Guyana) share their names with places as well known as they are.
let capitalPrior = 5.7

extension Lexicon {
    /// The entities that share the alias of `m` and agree with the text in case,
    /// in policy order (highest prior first, then load order), without repeats;
    /// at most `out.count` (``maximumCandidates``) of them. Returns how many.
    func candidates(of m: LexiconMatch, _ tokens: UnsafeBufferPointer<Token>, _ bytes: UnsafeBufferPointer<UInt8>,
                    into out: UnsafeMutableBufferPointer<Int32>) -> Int {
        var n = 0
        let payloadStart = automaton.payloadStart
        for p in payloadStart[Int(m.state)]..<payloadStart[Int(m.state) + 1] where n < out.count
            && caseAgrees(p, tokens, Int(m.firstToken), Int(m.endToken), bytes) {
            let e = payloads[Int(p)].entity
            if !out[..<n].contains(e) {
                out[n] = e
                n += 1
            }
        }
        return n
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
    ///    place in one candidate's country ("Atlanta, Georgia", "Moscow, Idaho")
    ///    or, for a region, one the candidate's `region` attribute names
    ///    ("Springfield, Ill.", "Portland, Maine").
    /// 2. A mention with no cue takes the choice of the first cued mention of
    ///    the same alias in the document.
    /// 3. Else the document votes: a candidate wins over the default (the
    ///    highest prior) when the document mentions no place in the default's
    ///    country and at least `2 + ⌊prior(default) − prior(candidate)⌋`
    ///    distinct places in the candidate's country. A capital default
    ///    (`capital=1`) of ``capitalPrior`` or more never loses the vote, nor
    ///    does a country to a city ten times smaller.
    ///
    /// Scratch space is on the stack for ordinary documents; the candidates of a
    /// mention are computed only when a cue, an appositive or a vote could apply.
    func resolveSharedAliases(_ text: TokenizedText, _ matches: inout [LexiconMatch], from first: Int) {
        let count = matches.count - first
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: count + maximumCandidates) { scratch in
          withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * count) { both in
            let places = UnsafeMutableBufferPointer(rebasing: both[0..<count])
            // The cued mentions as state << 32 | index, sorted: each alias's first one (rule 2).
            let cued = UnsafeMutableBufferPointer(rebasing: both[count...])
            // decided[k - first]: the entity a local cue chose for mention k, or -1.
            let decided = UnsafeMutableBufferPointer(rebasing: scratch[0..<count])
            let cands = UnsafeMutableBufferPointer(rebasing: scratch[count...])
            decided.initialize(repeating: -1)
            var anyDecided = false
            text.bytes.withUnsafeBufferPointer { bytes in
                text.tokens.withUnsafeBufferPointer { tokens in
                    text.folded.withUnsafeBufferPointer { folded in
                        // 1. Local cues, where there is a cue word or a comma next to the mention.
                        // Last to first, so that in "Columbus, Georgia" the region is chosen
                        // (after a US city: the state) before it chooses the city.
                        for k in (first..<matches.count).reversed() where matches[k].alternatives > 0 {
                            guard mayHaveCue(k, first, matches, tokens, folded) else { continue }
                            let n = candidates(of: matches[k], tokens, bytes, into: cands)
                            guard n > 1 else { continue }
                            if let c = cueChoice(k, first, matches, UnsafeBufferPointer(rebasing: cands[..<n]), tokens, folded) {
                                decided[k - first] = c
                                matches[k].entity = c
                                anyDecided = true
                            }
                        }
                        // The distinct places not in doubt (cued mentions included), as
                        // country << 32 | entity, sorted: the vote's evidence.
                        var np = 0
                        for k in first..<matches.count where matches[k].alternatives == 0 || decided[k - first] >= 0 {
                            let e = matches[k].entity
                            if isPlace(e), store.country[Int(e)] != 0 {
                                places[np] = UInt64(store.country[Int(e)]) << 32 | UInt64(e)
                                np += 1
                            }
                        }
                        var sorted = UnsafeMutableBufferPointer(rebasing: places[..<np])
                        sorted.sort()
                        var distinctPlaces = 0
                        for i in 0..<np where i == 0 || places[i] != places[distinctPlaces - 1] {
                            places[distinctPlaces] = places[i]
                            distinctPlaces += 1
                        }
                        // How many distinct places the document names in country `c`.
                        func support(_ c: UInt64) -> Int {
                            guard c != 0 else { return 0 }
                            var lo = 0, hi = distinctPlaces
                            while lo < hi {
                                let mid = (lo + hi) / 2
                                if places[mid] >> 32 < c { lo = mid + 1 } else { hi = mid }
                            }
                            var end = lo
                            while end < distinctPlaces && places[end] >> 32 == c { end += 1 }
                            return end - lo
                        }
                        // How many countries have two places or more: none, and nothing can win a vote.
                        var strongCountries = 0
                        var run = 0
                        for i in 0..<distinctPlaces {
                            run = i > 0 && places[i] >> 32 == places[i - 1] >> 32 ? run + 1 : 1
                            if run == 2 { strongCountries += 1 }
                        }
                        let payloadStart = automaton.payloadStart
                        var nc = 0
                        if anyDecided {
                            for j in first..<matches.count where decided[j - first] >= 0 {
                                cued[nc] = UInt64(UInt32(bitPattern: matches[j].state)) << 32 | UInt64(j - first)
                                nc += 1
                            }
                            var sortedCued = UnsafeMutableBufferPointer(rebasing: cued[..<nc])
                            sortedCued.sort()
                        }
                        for k in first..<matches.count where matches[k].alternatives > 0 && decided[k - first] < 0 {
                            // 2. One sense per document: the first cued mention of the same alias.
                            if nc > 0 {
                                let state = UInt64(UInt32(bitPattern: matches[k].state))
                                let lo = lowerBound(nc) { cued[$0] >> 32 < state }
                                let sibling = lo < nc && cued[lo] >> 32 == state ? decided[Int(cued[lo] & 0xFFFF_FFFF)] : -1
                                if sibling >= 0 {
                                    let n = candidates(of: matches[k], tokens, bytes, into: cands)
                                    if cands[..<n].contains(sibling) {
                                        matches[k].entity = sibling
                                        continue
                                    }
                                }
                            }
                            // 3. The document's places vote, if it names two places or more
                            //    in some country and none in the default's.
                            guard strongCountries > 0 else { continue }
                            let m = matches[k]
                            let d = m.entity
                            guard support(UInt64(payloads[Int(m.payload)].country)) == 0,
                                  store.flags[Int(d)] & EntityStore.Flags.capital == 0 || store.prior[Int(d)] < capitalPrior
                            else { continue }
                            let defaultIsCountry = countryName >= 0 && store.subtype[Int(d)] == countryName
                            // The alias's records are adjacent (one state), best-ranked first:
                            // test the country, the cheap test, before the case.
                            var best = d
                            var bestSupport = 0
                            for p in payloadStart[Int(m.state)]..<payloadStart[Int(m.state) + 1] where p != m.payload {
                                let r = payloads[Int(p)]
                                guard r.country != 0, r.entity != d else { continue }
                                let s = support(UInt64(r.country))
                                guard s >= 2, s > bestSupport, caseAgrees(p, tokens, Int(m.firstToken), Int(m.endToken), bytes) else { continue }
                                let gap = max(0, Int((store.prior[Int(d)] - store.prior[Int(r.entity)]).rounded(.down)))
                                // A country gives way to a city of its rank ("Salvador" among
                                // Brazilian places), not to a town ten times smaller.
                                guard gap == 0 || !defaultIsCountry || cityName < 0 || store.subtype[Int(r.entity)] != cityName else { continue }
                                if s >= 2 + gap {
                                    best = r.entity
                                    bestSupport = s
                                }
                            }
                            matches[k].entity = best
                        }
                    }
                }
            }
          }
        }
    }

    /// True when a local cue could apply to mention `k`: a cue word within the
    /// window, or a comma between it and an adjacent match.
    @inline(__always)
    private func mayHaveCue(_ k: Int, _ first: Int, _ matches: [LexiconMatch], _ tokens: UnsafeBufferPointer<Token>,
                            _ folded: UnsafeBufferPointer<UInt8>) -> Bool {
        let m = matches[k]
        if k > first, matches[k - 1].endToken == m.firstToken - 1, isComma(Int(m.firstToken) - 1, tokens, folded) { return true }
        if k + 1 < matches.count, matches[k + 1].firstToken == m.endToken + 1, isComma(Int(m.endToken), tokens, folded) { return true }
        guard cues.words.count > 0 else { return false }
        var t = Int(m.firstToken) - 1
        while t >= 0, t >= Int(m.firstToken) - cueWindow, !tokens[t + 1].flags.contains(.sentenceStart) {
            if cueWord(t, tokens, folded) >= 0 { return true }
            t -= 1
        }
        t = Int(m.endToken)
        while t < tokens.count, t < Int(m.endToken) + cueWindow, !tokens[t].flags.contains(.sentenceStart) {
            if cueWord(t, tokens, folded) >= 0 { return true }
            t += 1
        }
        return false
    }

    @inline(__always)
    private func cueWord(_ t: Int, _ tokens: UnsafeBufferPointer<Token>, _ folded: UnsafeBufferPointer<UInt8>) -> Int32 {
        let tok = tokens[t]
        return cues.words.id(of: UnsafeBufferPointer(rebasing: folded[Int(tok.foldStart)..<Int(tok.foldEnd)]))
    }

    @inline(__always)
    private func isComma(_ t: Int, _ tokens: UnsafeBufferPointer<Token>, _ folded: UnsafeBufferPointer<UInt8>) -> Bool {
        t >= 0 && t < tokens.count && tokens[t].kind == .punctuation && tokens[t].end - tokens[t].start == 1
            && folded[Int(tokens[t].foldStart)] == 0x2C
    }

    /// The candidate a local cue selects for mention `k`, if any (rule 1 above).
    private func cueChoice(_ k: Int, _ first: Int, _ matches: [LexiconMatch], _ cands: UnsafeBufferPointer<Int32>,
                           _ tokens: UnsafeBufferPointer<Token>, _ folded: UnsafeBufferPointer<UInt8>) -> Int32? {
        let m = matches[k]
        let all: UInt64 = cands.count == 64 ? .max : (1 << UInt64(cands.count)) - 1
        func pick(_ votes: UInt64) -> Int32? {
            votes == 0 || votes == all ? nil : cands[votes.trailingZeroBitCount]
        }
        // Cue words within the window, not crossing a sentence start.
        var votes: UInt64 = 0
        func vote(_ t: Int) {
            let w = cueWord(t, tokens, folded)
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
        votes = 0
        if k > first, isComma(Int(m.firstToken) - 1, tokens, folded), matches[k - 1].endToken == m.firstToken - 1 {
            let other = matches[k - 1].entity
            let c = store.country[Int(other)]
            if isPlace(other), c != 0 {
                for (i, a) in cands.enumerated() where isContainer(a) && store.country[Int(a)] == c { votes |= 1 << UInt64(i) }
            }
        }
        if votes == 0, k + 1 < matches.count, isComma(Int(m.endToken), tokens, folded), matches[k + 1].firstToken == m.endToken + 1 {
            let other = matches[k + 1].entity
            let c = store.country[Int(other)]
            if isPlace(other), isContainer(other), c != 0 {
                // A region chooses the candidates the lexicon places in it ("Springfield,
                // Ill."), else its country does.
                if store.subtype[Int(other)] == regionName {
                    let region = store.kbID(Int(other))
                    for (i, a) in cands.enumerated() where store.attribute(Int(a), "region") == region { votes |= 1 << UInt64(i) }
                }
                if votes == 0 {
                    for (i, a) in cands.enumerated() where store.country[Int(a)] == c { votes |= 1 << UInt64(i) }
                }
            }
        }
        return pick(votes)
    }
}
