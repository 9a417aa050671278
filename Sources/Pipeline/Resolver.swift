import GazetteCore
import Lexicon
import Normalization
import Rules
import Tokenization

/// Settles overlapping candidates and links mentions within a document.
///
/// **Overlaps.** Candidates at or above ``Priority/strong`` are taken longest
/// first; among equally long ones the higher priority wins (pattern > lexicon >
/// numeric > contextual rule > shape rule), then the earlier one. A candidate
/// that overlaps one already taken is dropped. Weaker candidates (capitalized
/// sequences with no other evidence) are then taken the same way, only where
/// they overlap nothing.
///
/// **In-document aliasing**, after overlaps are settled:
/// 1. An acronym in parentheses right after an entity names that entity:
///    "Freedom of Russia Legion (LSR)" — LSR, there and everywhere else in the
///    document, takes the entity's label and link.
/// 2. A name of several words found by a rule is the same entity where it
///    recurs byte for byte ("said Akosua Mensah ... Akosua Mensah declined").
/// 3. A capitalized word equal to the last word of an earlier or later
///    multi-word PERSON ("Gladkov" after "Vyacheslav Gladkov", "Mr. Gladkov")
///    becomes that person, unless a stronger candidate covers it.
/// 4. "the Legion" after "Freedom of Russia Legion": a capitalized
///    organization head word after "the" refers to the one organization of
///    the document ending in it.
/// 5. "Goldman Sachs Group Inc.", "Nvidia Corp.": an organization a rule
///    found that is a known company's alias followed by legal-form words only
///    (`org_suffixes.txt` entries valued `company`) is that company.
/// 6. Entities the lexicon does not know, mentioned under one name or linked
///    by the steps above, share a document-local id `local/<slug>` whose
///    canonical name is the longest mention.
struct Resolver {
    private var selected: [Entity] = []
    /// Links mentions no alias matched by name key (variant spellings, inflected Cyrillic).
    var linker: VariantLinker?
    /// Canonical name → local-id slug (see ``localSlug(_:_:)``), for this
    /// resolver's linker and tagger's slugger, which do not change.
    private var slugs: [String: String] = [:]
    static let slugMemoLimit = 4096
    /// Seconds the last ``resolve(_:context:slugger:)`` spent in the linker (the normalization stage of `--stats`).
    private(set) var linkSeconds = 0.0

    /// The taken candidates are moved out of `candidates` (placeholders stay in their place).
    mutating func resolve(_ candidates: inout [Entity], context c: RuleContext, slugger: Slugger) -> [Entity] {
        settle(candidates)
        selected.removeAll(keepingCapacity: true)
        selected.reserveCapacity(taken.count)
        for span in taken {
            // Moved, not copied: a copy retains the entity's strings, and the
            // candidates' release them again when they are cleared.
            var moved = Entity(start: 0, end: 0, label: .person, source: .rule)
            swap(&moved, &candidates[Int(span.index)])
            selected.append(moved)
        }
        indexTokens(c)
        linkAcronyms(c)
        linkRepeats(c)
        linkSurnames(c)
        linkHeadWords(c)
        linkShortNames(c)
        linkLegalForms(c)
        let t0 = Throughput.now()
        linker?.link(&selected, bytes: c.text.bytes, contextualPriority: Priority.contextual)
        linkSeconds = Throughput.now() - t0
        assignLocalIDs(c, slugger)
        // Handed over, not shared: the caller changes the result (dates get
        // values), which would copy every entity of a shared array.
        var result: [Entity] = []
        swap(&result, &selected)
        return result
    }

    /// A candidate's place in the order of ``take(_:strong:)``: longer first,
    /// then higher priority, then earlier, then as proposed. Sorting these
    /// plain values copies no entity.
    private struct TakeOrder: Comparable {
        /// `~length << 32 | ~priority` (complemented: ascending order is longest first).
        var size: UInt64
        /// `start << 32 | candidate index`.
        var place: UInt64
        static func < (a: TakeOrder, b: TakeOrder) -> Bool { a.size != b.size ? a.size < b.size : a.place < b.place }
    }

    /// A taken candidate's byte span and index, kept sorted by start.
    private struct Span {
        var start: Int32
        var end: Int32
        var index: Int32
    }

    private var order: [TakeOrder] = []
    /// Per entity of `selected`, the index of its first and of its last token
    /// (-1 where its start or end falls inside a token), kept in step with it
    /// by ``indexTokens(_:)``.
    private var firstToken: [Int32] = []
    private var lastToken: [Int32] = []
    /// Surname or head-word key → index in `selected` (see ``lend(_:_:_:)``).
    private var keys = TokenKeyMap()
    private var taken: [Span] = []

    /// Settles overlaps: the indices of the candidates taken, by start.
    @discardableResult
    mutating func settle(_ candidates: [Entity]) -> [Int] {
        taken.removeAll(keepingCapacity: true)
        take(candidates, strong: true)
        take(candidates, strong: false)
        return taken.map { Int($0.index) }
    }

    /// Candidate indices by start (`start << 32 | index`), and the spans one pass takes.
    private var byStart: [UInt64] = []
    private var chosen: [Span] = []
    private var merged: [Span] = []

    /// Takes the candidates of one strength into `taken` (see the type's
    /// documentation). Longest first only matters among candidates that
    /// overlap: walked by start, the candidates fall into clusters that
    /// overlap one another, and only a cluster of several is put in
    /// ``TakeOrder``; a lone candidate is taken as it is. The choice is the
    /// one the order over all candidates makes, for a sort by start, which
    /// the recognizers' output mostly is already.
    private mutating func take(_ candidates: [Entity], strong: Bool) {
        byStart.removeAll(keepingCapacity: true)
        chosen.removeAll(keepingCapacity: true)
        // Taken by the strong pass; a weak candidate that overlaps one is never taken.
        let strongSpans = taken.count
        candidates.withUnsafeBufferPointer { cs in
            for i in cs.indices where (cs[i].priority >= Priority.strong) == strong {
                let start = cs[i].start, end = cs[i].end
                guard end > start, strongSpans == 0 || Self.place(Int32(truncatingIfNeeded: start), Int32(truncatingIfNeeded: end),
                                                                  in: taken, 0..<strongSpans) != nil else { continue }
                byStart.append(UInt64(UInt32(truncatingIfNeeded: start)) << 32 | UInt64(i))
            }
        }
        byStart.sort()
        candidates.withUnsafeBufferPointer { cs in
            func span(_ key: UInt64) -> Span {
                let i = Int(key & 0xFFFF_FFFF)
                return Span(start: Int32(truncatingIfNeeded: cs[i].start), end: Int32(truncatingIfNeeded: cs[i].end), index: Int32(i))
            }
            var k = 0
            while k < byStart.count {
                let first = span(byStart[k])
                var clusterEnd = first.end
                var j = k + 1
                while j < byStart.count {
                    let next = span(byStart[j])
                    guard next.start < clusterEnd else { break }
                    clusterEnd = max(clusterEnd, next.end)
                    j += 1
                }
                if j == k + 1 {
                    chosen.append(first)
                } else {
                    order.removeAll(keepingCapacity: true)
                    for key in byStart[k..<j] {
                        let e = span(key)
                        let priority = cs[Int(e.index)].priority
                        let size = UInt64(~UInt32(bitPattern: e.end &- e.start)) << 32
                            | UInt64(~UInt32(bitPattern: Int32(priority) &+ 0x8000))
                        order.append(TakeOrder(size: size, place: UInt64(UInt32(bitPattern: e.start)) << 32 | UInt64(e.index)))
                    }
                    order.sort()
                    // The cluster's spans, kept sorted by start at the end of `chosen`.
                    let base = chosen.count
                    for o in order {
                        let e = span(o.place & 0xFFFF_FFFF)
                        if let at = Self.place(e.start, e.end, in: chosen, base..<chosen.count) { chosen.insert(e, at: at) }
                    }
                }
                k = j
            }
        }
        if strongSpans == 0 {
            swap(&taken, &chosen)
            return
        }
        guard !chosen.isEmpty else { return }
        // Both sorted by start and disjoint: merge.
        merged.removeAll(keepingCapacity: true)
        var a = 0, b = 0
        while a < taken.count || b < chosen.count {
            if b == chosen.count || (a < taken.count && taken[a].start < chosen[b].start) {
                merged.append(taken[a]); a += 1
            } else {
                merged.append(chosen[b]); b += 1
            }
        }
        swap(&taken, &merged)
    }

    /// Where `start..<end` goes in `spans[range]` (sorted by start, disjoint),
    /// or nil when it overlaps one of them.
    private static func place(_ start: Int32, _ end: Int32, in spans: [Span], _ range: Range<Int>) -> Int? {
        let at = range.lowerBound + lowerBound(range.count) { spans[range.lowerBound + $0].start < start }
        let overlaps = (at < range.upperBound && spans[at].start < end) || (at > range.lowerBound && spans[at - 1].end > start)
        return overlaps ? nil : at
    }

    /// Fills ``firstToken`` and ``lastToken`` for `selected` (sorted by start,
    /// disjoint) in one walk over the tokens, instead of two binary searches
    /// per entity in every linking pass.
    private mutating func indexTokens(_ c: RuleContext) {
        firstToken.removeAll(keepingCapacity: true)
        lastToken.removeAll(keepingCapacity: true)
        c.text.tokens.withUnsafeBufferPointer { tokens in
            let n = tokens.count
            var s = 0, e = 0
            for k in selected.indices {
                let start = selected[k].start, end = selected[k].end
                while s < n && Int(tokens[s].start) < start { s += 1 }
                while e < n && Int(tokens[e].end) < end { e += 1 }
                firstToken.append(s < n && Int(tokens[s].start) == start ? Int32(s) : -1)
                lastToken.append(e < n && Int(tokens[e].end) == end ? Int32(e) : -1)
            }
        }
    }

    /// The first and last token of `selected[k]`, or nil where either boundary falls inside a token.
    private func tokenSpan(_ k: Int) -> (first: Int, last: Int)? {
        let first = firstToken[k], last = lastToken[k]
        return first >= 0 && last >= 0 ? (Int(first), Int(last)) : nil
    }

    /// Adds mentions a linking pass found to `selected`, in order.
    private mutating func merge(_ added: [Entity], _ c: RuleContext) {
        guard !added.isEmpty else { return }
        selected.append(contentsOf: added)
        selected.sort { $0.start < $1.start }
        indexTokens(c)
    }

    /// Index of the token ending at byte `end`, or nil.
    private func token(endingAt end: Int, _ c: RuleContext) -> Int? {
        let i = lowerBound(c.text.tokens.count) { Int(c.text.tokens[$0].end) < end }
        return i < c.text.tokens.count && Int(c.text.tokens[i].end) == end ? i : nil
    }

    /// What the surname and head-word links give their mentions as canonical
    /// name: the entity's own, else its text.
    private func canonical(_ k: Int, _ c: RuleContext) -> String {
        selected[k].canonical ?? c.text.bytes[selected[k].start..<selected[k].end].utf8String
    }

    /// Records `selected[k]` as what the folded key of token `t` stands for,
    /// unless the key already stands for a different entity: then it stands
    /// for none (-1) from then on. False when the key stands for none.
    @discardableResult
    private mutating func lend(_ t: Int, _ k: Int, _ c: RuleContext) -> Bool {
        let (e, inserted) = c.text.folded.withUnsafeBufferPointer { keys.entry(c.text.tokens[t], $0, orInsert: Int32(k)) }
        if inserted { return true }
        let j = Int(keys.values[e])
        if j < 0 || selected[j].kbID != selected[k].kbID
            || (selected[k].kbID == nil && canonical(j, c) != canonical(k, c)) {
            keys.setValue(-1, at: e)
            return false
        }
        keys.setValue(Int32(k), at: e)
        return true
    }

    private mutating func linkAcronyms(_ c: RuleContext) {
        // Acronym bytes → the index in `selected` of its long form.
        var definitions: [ArraySlice<UInt8>: Int] = [:]
        // Fields are read in place: copying an entity retains its strings.
        for k in selected.indices where selected[k].source != .pattern && selected[k].label != .date && selected[k].label != .cardinal {
            let start = selected[k].start, end = selected[k].end
            let last = Int(lastToken[k])
            guard last >= 0, c.isByte(last + 1, 0x28), c.isByte(last + 3, 0x29) else { continue }
            let acr = last + 2
            let tok = c.text.tokens[acr]
            guard tok.kind == .word, tok.shape.contains(.allUpper), tok.length >= 2, tok.length < end - start else { continue }
            // A one-word long form must start with the acronym's letter ("Ontario (RECO)" is
            // the tail of a longer name); longer forms may be translations ("Russian Volunteer
            // Corps (RDK)"), so their initials are not checked.
            if firstToken[k] == last,
               c.text.bytes[start] != c.text.bytes[Int(tok.start)] { continue }
            definitions[c.text.bytes[Int(tok.start)..<Int(tok.end)]] = k
        }
        guard !definitions.isEmpty else { return }
        // Relabel selected mentions of each acronym, and add the ones nothing covered.
        var covered = Set<Int>()
        for k in selected.indices {
            let e = selected[k]
            guard let d = definitions[c.text.bytes[e.start..<e.end]] else { continue }
            covered.insert(e.start)
            let def = selected[d]
            if e.source == .lexicon && e.kbID != nil && e.kbID != def.kbID && e.label == def.label { continue }
            if e.source == .lexicon, e.label == .org, e.kbID != nil, def.label == .norp {
                // "Social Democrats (SPD)": an organization the lexicon knows by the
                // acronym makes its long form that organization, not a group of people.
                selected[d].label = .org
                selected[d].subtype = e.subtype
                selected[d].kbID = e.kbID
                selected[d].canonical = e.canonical
                selected[d].source = .alias
                continue
            }
            // "NEW YORK (AP)": a known entity in parentheses after another known
            // entity is a dateline's agency or an aside, not an acronym defined.
            if e.source == .lexicon && e.kbID != nil && def.kbID != nil && e.kbID != def.kbID { continue }
            selected[k].label = def.label
            selected[k].subtype = def.subtype
            selected[k].kbID = def.kbID
            selected[k].canonical = def.canonical ?? c.text.bytes[def.start..<def.end].utf8String
            if e.source != .lexicon { selected[k].source = .alias }
        }
        var added: [Entity] = []
        for t in 0..<c.text.tokens.count where c.text.tokens[t].kind == .word && c.text.tokens[t].shape.contains(.allUpper) {
            let tok = c.text.tokens[t]
            guard !covered.contains(Int(tok.start)), let d = definitions[c.text.bytes[Int(tok.start)..<Int(tok.end)]],
                  !overlapsSelected(Int(tok.start), Int(tok.end)) else { continue }
            let def = selected[d]
            added.append(Entity(start: Int(tok.start), end: Int(tok.end), label: def.label, subtype: def.subtype,
                                kbID: def.kbID, canonical: def.canonical ?? c.text.bytes[def.start..<def.end].utf8String,
                                source: .alias, priority: Priority.shape))
        }
        merge(added, c)
    }

    private func overlapsSelected(_ start: Int, _ end: Int) -> Bool {
        Self.overlaps(selected, start, end)
    }

    /// True when `start..<end` overlaps an entity of `sorted` (sorted by start, disjoint).
    static func overlaps(_ sorted: [Entity], _ start: Int, _ end: Int) -> Bool {
        let i = lowerBound(sorted.count) { sorted[$0].start < start }
        return (i < sorted.count && sorted[i].start < end) || (i > 0 && sorted[i - 1].end > start)
    }

    /// "said Akosua Mensah ... Akosua Mensah declined to comment": a name of
    /// several words that a rule found on evidence is the same entity wherever
    /// it recurs in the document byte for byte, without the evidence. Shorter
    /// entities inside the repeat give way to it (a small town "Kamau", a
    /// surname alone); a repeat that overlaps anything else is left alone.
    private mutating func linkRepeats(_ c: RuleContext) {
        keys.reset()
        for k in selected.indices where selected[k].source == .rule && selected[k].priority >= Priority.shape
            && Self.isName(selected[k].label) {
            guard let (first, last) = tokenSpan(k), last > first else { continue }
            // The first name found under a first word is the one repeated.
            _ = c.text.folded.withUnsafeBufferPointer { keys.entry(c.text.tokens[first], $0, orInsert: Int32(k)) }
        }
        guard !keys.isEmpty else { return }
        var added: [Entity] = []
        var replaced: [Int] = []
        let tokens = c.text.tokens, count = tokens.count
        var t = 0
        while t < count {
            let tok = tokens[t]
            guard tok.kind == .word, tok.shape.contains(.upperInitial),
                  let v = c.text.folded.withUnsafeBufferPointer({ keys.value(tok, $0) }), v >= 0 else { t += 1; continue }
            let source = selected[Int(v)]
            let length = source.end - source.start
            let start = Int(tok.start), end = start + length
            guard start != source.start, end <= c.text.bytes.count,
                  c.text.bytes[start..<end].elementsEqual(c.text.bytes[source.start..<source.end]),
                  let last = token(endingAt: end, c) else { t += 1; continue }
            // Entities it overlaps: all must lie inside it and be shorter.
            var i = lowerBound(selected.count) { selected[$0].end <= start }
            var inside: [Int] = []
            var clash = false
            while i < selected.count, selected[i].start < end {
                if selected[i].start < start || selected[i].end > end || selected[i].end - selected[i].start == length {
                    clash = true
                    break
                }
                inside.append(i)
                i += 1
            }
            if !clash {
                replaced.append(contentsOf: inside)
                added.append(Entity(start: start, end: end, label: source.label, subtype: source.subtype,
                                    source: .alias, priority: source.priority))
            }
            t = last + 1
        }
        guard !added.isEmpty else { return }
        if !replaced.isEmpty {
            for k in replaced.sorted(by: >) { selected.remove(at: k) }
        }
        merge(added, c)
    }

    private mutating func linkSurnames(_ c: RuleContext) {
        // Surname key → the index in `selected` of the full-name entity it stands for.
        keys.reset()
        // Only people found on real evidence (a lexicon, a title, a first name) lend
        // their surnames; a guessed capitalized sequence does not.
        for k in selected.indices where selected[k].label == .person && selected[k].source != .alias && selected[k].priority >= Priority.shape {
            // A known person named by one word lends it too: "Harry" of "Prince Harry",
            // "Charles" of "King Charles".
            guard let (first, last) = tokenSpan(k),
                  last > first || (selected[k].source == .lexicon && selected[k].kbID != nil),
                  selected[k].source != .rule || hasNameEvidence(first, last, c),
                  lend(last, k, c) else { continue }
            // "Strelkov-Girkin": either part alone refers to the person too.
            if last >= first + 2, c.isByte(last - 1, 0x2D), c.attached(last - 2) {
                c.text.folded.withUnsafeBufferPointer { f in
                    let (e, _) = keys.entry(c.text.tokens[last - 2], f, orInsert: Int32(k))
                    keys.setValue(Int32(k), at: e)
                }
            }
        }
        guard !keys.isEmpty else { return }
        // New mentions are collected apart and merged at the end: `selected` must stay
        // sorted while it is searched.
        var added: [Entity] = []
        for t in 0..<c.text.tokens.count {
            let tok = c.text.tokens[t]
            guard tok.kind == .word, tok.shape.isTitleCase,
                  let p = c.text.folded.withUnsafeBufferPointer({ keys.value(tok, $0) }), p >= 0 else { continue }
            let person = Int(p)
            let start = Int(tok.start), end = Int(tok.end)
            // Already inside a longer entity (the full name itself, an organization)?
            if let k = selectedIndex(covering: start) {
                let e = selected[k]
                let single = e.start == start && e.end == end
                // Evidence in the document beats a prior: a person's surname is that person
                // even where a lexicon knows a town of the same name ("Clinton").
                let town = e.source == .lexicon && e.subtype == "city"
                guard single, e.source != .lexicon || e.label == .person || town,
                      e.label == .person || town || e.priority < Priority.contextual else { continue }
                if e.label == .person && e.kbID != nil { continue }
                selected[k].label = .person
                selected[k].kbID = selected[person].kbID
                selected[k].canonical = canonical(person, c)
                selected[k].subtype = nil
                selected[k].source = .alias
            } else {
                added.append(Entity(start: start, end: end, label: .person, kbID: selected[person].kbID,
                                    canonical: canonical(person, c), source: .alias, priority: Priority.shape))
            }
        }
        merge(added, c)
    }

    /// True when a person a rule found shows it is a name by more than its
    /// place next to a verb of saying: a given name or an initial first, a
    /// title before it, a hyphen inside it ("Strelkov-Girkin"), or a last word
    /// that is a known surname or has a surname's ending. "Northwind Energy
    /// said" shows none, and must not make "Minister of Energy" a person.
    private func hasNameEvidence(_ first: Int, _ last: Int, _ c: RuleContext) -> Bool {
        if c.isGivenName(first) || c.tokens[first].length == 1 || c.isByte(first + 1, 0x2D) { return true }
        if c.isWord(last, in: .knownSurnames) || c.isWord(last, in: .familyNames) || c.followsTitle(first) { return true }
        return c.hasSurnameEnding(last)
    }

    /// "the Legion" after "Freedom of Russia Legion", "the Commission" after
    /// "European Commission": a capitalized organization head word after "the"
    /// refers to the organization of the document that ends in it, when only one does.
    private mutating func linkHeadWords(_ c: RuleContext) {
        keys.reset()
        for k in selected.indices where selected[k].label == .org && selected[k].source != .alias {
            guard let (first, last) = tokenSpan(k), last > first,
                  c.isWord(last, in: .orgSuffixes) || c.isWord(last, in: .unitWords) else { continue }
            lend(last, k, c)  // two candidates: link neither
        }
        guard !keys.isEmpty else { return }
        var added: [Entity] = []
        for t in 1..<max(c.text.tokens.count, 1) {
            let tok = c.text.tokens[t]
            guard tok.kind == .word, tok.shape.isTitleCase, c.folded(t - 1, is: "the"),
                  let o = c.text.folded.withUnsafeBufferPointer({ keys.value(tok, $0) }), o >= 0,
                  !(t + 1 < c.text.tokens.count && c.isNameWord(t + 1)) else { continue }
            let org = Int(o)
            let alias = Entity(start: Int(tok.start), end: Int(tok.end), label: .org, subtype: selected[org].subtype,
                               kbID: selected[org].kbID, canonical: canonical(org, c), source: .alias, priority: Priority.shape)
            if let k = selectedIndex(covering: alias.start) {
                // A one-word guess of a rule ("the Legion said" as a speaker) gives way.
                if selected[k].start == alias.start && selected[k].end == alias.end && selected[k].source == .rule {
                    selected[k] = alias
                }
            } else if !overlapsSelected(alias.start, alias.end) {
                added.append(alias)
            }
        }
        merge(added, c)
    }

    /// "Pinemoor Logistics said ... Pinemoor said", "Pinemoor's chief executive":
    /// the first word of a two-word organization that a rule found (a name and
    /// a head word) stands for it alone, where the word is plainly an entity: a
    /// one-word guess of a rule (a speaker), before a possessive, a verb of
    /// saying or a comma, or after "of", "at", "from", "by" or "with" ("shares
    /// of Pinemoor"). A named storm's name stands for the storm anywhere
    /// ("Typhoon Kalinaw ... Kalinaw weakened"). Not where a person of the
    /// document ends in that word ("Dag Halvorsen"), nor for a word the lexicon
    /// knows.
    private mutating func linkShortNames(_ c: RuleContext) {
        keys.reset()
        for k in selected.indices where selected[k].source == .rule && (selected[k].label == .org || selected[k].label == .event) {
            guard let (first, last) = tokenSpan(k), last > first else { continue }
            let storm = selected[k].label == .event && selected[k].subtype == "storm"
            let word = storm ? last : first
            guard storm || (last == first + 1 && c.isWord(last, in: .orgSuffixes)), c.text.tokens[word].shape.isTitleCase,
                  c.lexiconLabel(at: word) == nil,
                  storm || !c.isGivenName(word) else { continue }
            lend(word, k, c)
        }
        guard !keys.isEmpty else { return }
        // A person's full name ending in the word makes it ambiguous.
        for k in selected.indices where selected[k].label == .person {
            guard let (first, last) = tokenSpan(k), last > first else { continue }
            c.text.folded.withUnsafeBufferPointer { f in
                guard keys.value(c.text.tokens[last], f) != nil else { return }
                keys.setValue(-1, at: keys.entry(c.text.tokens[last], f, orInsert: -1).entry)
            }
        }
        var added: [Entity] = []
        for t in 0..<c.text.tokens.count {
            let tok = c.text.tokens[t]
            guard tok.kind == .word, tok.shape.isTitleCase,
                  let o = c.text.folded.withUnsafeBufferPointer({ keys.value(tok, $0) }), o >= 0,
                  !c.isNameWord(t + 1), !(t > 0 && c.isNameWord(t - 1) && !c.tokens[t].flags.contains(.sentenceStart))
            else { continue }
            let owner = Int(o)
            let alias = Entity(start: Int(tok.start), end: Int(tok.end), label: selected[owner].label,
                               subtype: selected[owner].subtype, kbID: selected[owner].kbID, canonical: canonical(owner, c),
                               source: .alias, priority: Priority.shape)
            if let k = selectedIndex(covering: alias.start) {
                let e = selected[k]
                if e.start == alias.start && e.end == alias.end && e.source == .rule && e.priority <= Priority.shape {
                    selected[k] = alias
                }
            } else if selected[owner].label == .event || (t + 1 < c.text.tokens.count
                        && (c.text.tokens[t + 1].kind == .possessive || c.isByte(t + 1, 0x2C) || c.longest(.speechVerbs, at: t + 1) != nil))
                        || c.folded(t - 1, is: "of") || c.folded(t - 1, is: "at") || c.folded(t - 1, is: "from")
                        || c.folded(t - 1, is: "by") || c.folded(t - 1, is: "with") {
                added.append(alias)
            }
        }
        merge(added, c)
    }

    /// "Goldman Sachs Group Inc.": a rule's organization made of a known
    /// organization's alias and legal-form words (Group, Inc., Corp., PLC...,
    /// valued `company` in `org_suffixes.txt`) takes that organization's link
    /// and canonical name. Any other word after the alias ("Apple Bank") keeps
    /// it a name of its own.
    private mutating func linkLegalForms(_ c: RuleContext) {
        for k in selected.indices where selected[k].label == .org && selected[k].kbID == nil && selected[k].source == .rule {
            guard let (first, last) = tokenSpan(k), let m = c.lexiconMatch(at: first), Int(m.firstToken) == first,
                  Int(m.endToken) <= last, c.facts.labels[Int(m.entity)] == .org, !c.isWeak(entity: m.entity) else { continue }
            var t = Int(m.endToken), forms = 0
            while t <= last {
                if c.isByte(t, 0x2E) || c.isByte(t, 0x2C) { t += 1; continue }
                guard let hit = c.longest(.orgSuffixes, at: t), Int(hit.end) <= last + 1, hit.value >= 0,
                      c.words.values[Int(hit.value)] == "company" else { break }
                forms += 1
                t = Int(hit.end)
            }
            guard t > last, forms > 0 else { continue }
            let index = Int(m.entity)
            selected[k].kbID = c.lexicon.kbID(index)
            selected[k].canonical = c.lexicon.canonical(index)
            selected[k].subtype = c.lexicon.subtype(index)
        }
    }

    private func selectedIndex(covering byte: Int) -> Int? {
        let i = lowerBound(selected.count) { selected[$0].end <= byte }
        return i < selected.count && selected[i].start <= byte ? i : nil
    }

    private mutating func assignLocalIDs(_ c: RuleContext, _ slugger: Slugger) {
        // Names (not numbers or dates) the lexicon does not know get a local id when
        // mentioned more than once or linked by an alias.
        // Most documents have no such name: nothing to count.
        guard selected.indices.contains(where: { Self.isName(selected[$0].label) && (selected[$0].kbID?.isEmpty ?? true) }) else { return }
        var counts: [String: Int] = [:]
        for k in selected.indices where selected[k].kbID == nil && Self.isName(selected[k].label) {
            counts[c.text.bytes[selected[k].start..<selected[k].end].utf8String, default: 0] += 1
        }
        // Full forms that an alias points to ("Siberian Liberty Legion" for "SLL").
        var referenced = Set<String>()
        for k in selected.indices where selected[k].kbID == nil && selected[k].source == .alias {
            if let canonical = selected[k].canonical { referenced.insert(canonical) }
        }
        for k in selected.indices {
            guard Self.isName(selected[k].label), selected[k].kbID?.isEmpty ?? true else { continue }
            let e = selected[k]
            let surface = c.text.bytes[e.start..<e.end].utf8String
            let canonical = e.canonical ?? surface
            guard e.canonical != nil || (counts[surface] ?? 0) > 1 || referenced.contains(surface) else { continue }
            let slug = localSlug(canonical, slugger)
            guard !slug.isEmpty else { continue }
            selected[k].kbID = "local/" + slug
            selected[k].canonical = canonical
        }
    }

    /// The slug of a local id: from the English spelling, so that Tkatschenko
    /// and Tkachenko share one. Remembered per worker, since news names recur
    /// within and across articles and respelling goes word by word through
    /// the name keyer; the memo starts over when it grows large.
    private mutating func localSlug(_ canonical: String, _ slugger: Slugger) -> String {
        if let known = slugs[canonical] { return known }
        if slugs.count >= Self.slugMemoLimit { slugs.removeAll(keepingCapacity: true) }
        let slug = slugger.slug(linker?.index.rules.spelling.respell(canonical) ?? canonical)
        slugs[canonical] = slug
        return slug
    }

    static func isName(_ label: EntityLabel) -> Bool {
        switch label {
        case .person, .norp, .fac, .org, .gpe, .loc, .product, .event, .workOfArt, .law, .language: true
        default: false
        }
    }
}

extension ArraySlice<UInt8> {
    var utf8String: String { String(decoding: self, as: UTF8.self) }
}
