import Dispatch
import GazetteCore
import Lexicon

/// What supports linking a name to an entity besides its spelling.
public struct NameEvidence: Sendable {
    /// The label the name was found with; a match must have a compatible label
    /// (places — GPE, LOC, FAC — are compatible with each other).
    public var label: EntityLabel?
    /// Lexicon entities (indices) already linked in the same document.
    public var documentEntities: [Int32]
    /// `documentEntities` is sorted: looked up by binary search, so that a long
    /// document's many entities cost each name a logarithm, not a scan.
    var entitiesSorted = false
    /// The same by kb_id (cheaper for a caller that has mentions, not indices).
    public var documentKBIDs: [String]
    /// A title or similar context word introduced the name ("President ...").
    public var context: Bool
    /// Every entity counts as named in the document: the most evidence a
    /// document can give. A name that matches nothing with it matches nothing
    /// with any evidence of the same label (acceptance only grows with evidence).
    var everyEntity = false

    public init(label: EntityLabel? = nil, documentEntities: [Int32] = [], documentKBIDs: [String] = [], context: Bool = false) {
        self.label = label
        self.documentEntities = documentEntities
        self.documentKBIDs = documentKBIDs
        self.context = context
    }

    var hasDocument: Bool { everyEntity || !documentEntities.isEmpty || !documentKBIDs.isEmpty }

    /// Entity `e` is among ``documentEntities``.
    func hasEntity(_ e: Int32) -> Bool {
        guard entitiesSorted else { return documentEntities.contains(e) }
        let at = lowerBound(documentEntities.count) { documentEntities[$0] < e }
        return at < documentEntities.count && documentEntities[at] == e
    }

    /// The most evidence any document can give a name found with `label`.
    static func most(label: EntityLabel) -> NameEvidence {
        var e = NameEvidence(label: label, context: true)
        e.everyEntity = true
        return e
    }

    /// No evidence: the spelling alone.
    public static let none = NameEvidence()
}

/// A lexicon entity a name was linked to.
public struct NameMatch: Sendable, Hashable {
    public enum Kind: String, Sendable {
        /// The name is an alias, letter for letter (case and punctuation aside).
        case exact
        /// The name shares an alias's key and its form is close enough.
        case key
        /// The name's key is one edit from an alias's key (Zelenksy); only
        /// accepted with evidence.
        case near
    }

    /// Index into the lexicon's entities.
    public var entity: Int32
    /// 1 for an exact alias; less for variants, by ``NameSimilarity``.
    public var score: Double
    public var kind: Kind
    /// The candidate spelling that matched (the name itself, or a nominative
    /// of an inflected Cyrillic name).
    public var matched: String
    /// The key under which it matched (of the matched spelling, in the reading
    /// that matched).
    public var key: String
}

/// Every alias of a lexicon's people, places and organizations under its
/// spelling-invariant key: the index that links a variant spelling no lexicon
/// lists (Zelenskyj, Timoschenko, Зеленського, Bachmut) to its entity.
///
/// Built once per lexicon (about 200,000 aliases in a few hundred
/// milliseconds), immutable and shared by all workers.
///
/// **Policy.** An exact alias always links. A key match links when its form
/// score (``NameSimilarity``) is at least 0.85 (0.9 for keys of three
/// consonants, 0.95 for one or two; 0.05 more, at most 0.97, when the name
/// comes without a label), or 0.7 when the entity is already linked in the
/// document.
/// Towns known only from GeoNames (and names marked ambiguous) link by exact
/// alias only, so only their letters are indexed. A near miss
/// (one edit in the key, not at its end nor at the start of a word) needs a label
/// and evidence: the entity in the document or a title before the name, and
/// a score of at least 0.75. Labels must agree where one is given.
public struct NameIndex: Sendable {
    public let rules: NameRules
    private let entityLabels: [EntityLabel]
    private let entityWeak: [Bool]
    private let entityCurated: [Bool]
    private let entityPrior: [Double]
    /// Names and kb_ids come from the lexicon itself (no copies: a large
    /// lexicon has hundreds of thousands).
    private let lexicon: Lexicon
    // One row per indexed alias, sorted by key hash: a key's rows are contiguous
    // and found by binary search in `rowKeyHash`.
    private let rowEntity: [Int32]
    private let rowKeyHash: [UInt64]
    private let rowLetters: [UInt64]
    private let rowForm: [Range<Int32>]
    private let rowKey: [Range<Int32>]
    private let arena: [UInt8]
    /// Curated aliases' keys with one letter deleted: an open-addressing table
    /// of `hash32 << 32 | (row + 1)` entries (0: empty), about two thirds full,
    /// 8 bytes an entry (a million aliases give several million). A hash's rows
    /// are found by probing from its slot (``deletionSlot(_:_:)``) to an empty entry.
    private let deletions: [UInt64]
    /// Weak entities (towns known only from GeoNames, ambiguous names) and
    /// acronyms, sorted by the hash of an alias's letters: they link by exact
    /// alias only.
    private let exactLetters: [UInt64]
    private let exactEntity: [Int32]
    /// Hash tables over `rowKeyHash` and `exactLetters` (``slots(for:)``).
    private let rowSlots: [UInt32], exactSlots: [UInt32]

    /// The number of indexed aliases (with a key, or by their letters only).
    public var count: Int { rowEntity.count + exactEntity.count }

    /// An empty index.
    public init() {
        self.init(rules: NameRules(), lexicon: Lexicon())
    }

    /// Indexes the aliases of the lexicon's PERSON, ORG, GPE, LOC and FAC
    /// entities. Case-sensitive acronyms (`LSR`, `=AND`) are left out: their
    /// letters are not a spelling.
    ///
    /// - Complexity: O(total alias length); uses every core.
    public init(rules: NameRules, lexicon: Lexicon) {
        self.init(rules: rules, lexicon: lexicon, tables: Self.tables(rules: rules, lexicon: lexicon))
    }

    /// The index over `tables` (built by ``tables(rules:lexicon:)`` or read from
    /// a file); the per-entity arrays come from the lexicon.
    init(rules: NameRules, lexicon: Lexicon, tables t: Tables) {
        self.rules = rules
        // Field by field, without decoding each entity's strings.
        let all = 0..<lexicon.entities.count
        entityLabels = all.map(lexicon.label)
        entityCurated = all.map(lexicon.isCurated)
        entityPrior = all.map(lexicon.prior)
        entityWeak = all.map { Self.isWeak(lexicon, $0) }
        self.lexicon = lexicon
        rowEntity = t.rowEntity
        rowKeyHash = t.rowKeyHash
        rowLetters = t.rowLetters
        rowForm = t.rowForm
        rowKey = t.rowKey
        arena = t.arena
        deletions = t.deletions
        exactLetters = t.exactLetters
        exactEntity = t.exactEntity
        rowSlots = t.rowSlots
        exactSlots = t.exactSlots
    }

    /// Towns known only from GeoNames and ambiguous names: they link by exact alias only.
    static func isWeak(_ lexicon: Lexicon, _ e: Int) -> Bool {
        lexicon.isAmbiguous(e) || (!lexicon.isCurated(e) && lexicon.prior(e) < 5)
    }

    /// The flat arrays of an index: what a file holds.
    struct Tables {
        var rowEntity: [Int32] = [], rowKeyHash: [UInt64] = [], rowLetters: [UInt64] = []
        var rowForm: [Range<Int32>] = [], rowKey: [Range<Int32>] = [], arena: [UInt8] = []
        var deletions: [UInt64] = []
        var exactLetters: [UInt64] = [], exactEntity: [Int32] = []
        var rowSlots: [UInt32] = [], exactSlots: [UInt32] = []
    }

    /// Computes the tables: every alias's key (in parallel), sorted.
    ///
    /// - Complexity: O(total alias length · log); uses every core.
    static func tables(rules: NameRules, lexicon: Lexicon) -> Tables {
        let entities = lexicon.entities
        let curated = (0..<entities.count).map(lexicon.isCurated)
        let weak = (0..<entities.count).map { isWeak(lexicon, $0) }
        // The aliases to index, as (entity, alias) pairs.
        var collected: [(Int32, String)] = []
        collected.reserveCapacity(lexicon.aliasCount)
        var acronyms: [(Int32, String)] = []
        for (i, e) in entities.enumerated() where indexed(e.label) {
            for raw in e.aliases {
                guard let alias = spelling(of: raw) else {
                    // Acronyms link by their exact letters only.
                    acronyms.append((Int32(i), raw.hasPrefix("=") ? String(raw.dropFirst()) : raw))
                    continue
                }
                collected.append((Int32(i), alias))
            }
        }
        let work = collected
        // Keys in parallel chunks; each chunk fills its own arena.
        struct Chunk {
            var rows: [(entity: Int32, keyHash: UInt64, letters: UInt64, form: Range<Int32>, key: Range<Int32>)] = []
            var arena: [UInt8] = []
            /// Aliases of weak entities: only their letters, for exact matches.
            var exact: [(letters: UInt64, entity: Int32)] = []
        }
        let chunkCount = max(1, min(8, work.count / 4096))
        let chunkSize = (work.count + chunkCount - 1) / max(chunkCount, 1)
        nonisolated(unsafe) var chunks = [Chunk](repeating: Chunk(), count: chunkCount)
        let keyer = rules.keyer
        chunks.withUnsafeMutableBufferPointer { out in
            nonisolated(unsafe) let out = out
            DispatchQueue.concurrentPerform(iterations: chunkCount) { c in
                var chunk = Chunk()
                var b = NameKeyer.Buffers()
                let lo = c * chunkSize, hi = min(work.count, lo + chunkSize)
                guard lo < hi else { out[c] = chunk; return }
                chunk.rows.reserveCapacity(hi - lo)
                var letters: [UInt8] = [], words: [Range<Int>] = []
                for k in lo..<hi {
                    var alias = work[k].1
                    if weak[Int(work[k].0)] {
                        // Towns known only from GeoNames link by exact alias alone: no key needed.
                        alias.withUTF8 { NameKeyer.splitWords($0, letters: &letters, words: &words) }
                        if !letters.isEmpty { chunk.exact.append((hash(letters), work[k].0)) }
                        continue
                    }
                    alias.withUTF8 { keyer.key($0, into: &b) }
                    // Non-Latin, non-Cyrillic scripts leave non-ASCII keys: nothing to compare them with.
                    guard !b.key.isEmpty, !b.key.contains(where: { $0 >= 0x80 }) else { continue }
                    let f0 = Int32(chunk.arena.count)
                    chunk.arena.append(contentsOf: b.form)
                    let k0 = Int32(chunk.arena.count)
                    chunk.arena.append(contentsOf: b.key)
                    chunk.rows.append((work[k].0, hash(b.key), hash(b.letters), f0..<k0, k0..<Int32(chunk.arena.count)))
                }
                out[c] = chunk
            }
        }
        // Merge, then sort by key hash so that each key's rows are contiguous.
        var rows: [(entity: Int32, keyHash: UInt64, letters: UInt64, form: Range<Int32>, key: Range<Int32>)] = []
        rows.reserveCapacity(chunks.reduce(0) { $0 + $1.rows.count })
        var arena: [UInt8] = []
        arena.reserveCapacity(chunks.reduce(0) { $0 + $1.arena.count })
        for c in chunks {
            let shift = Int32(arena.count)
            arena.append(contentsOf: c.arena)
            for r in c.rows {
                rows.append((r.entity, r.keyHash, r.letters, (r.form.lowerBound + shift)..<(r.form.upperBound + shift),
                             (r.key.lowerBound + shift)..<(r.key.upperBound + shift)))
            }
        }
        // Sort a compact (hash, row) array, then permute: cheaper than moving the rows.
        var order = rows.indices.map { (rows[$0].keyHash, Int32($0)) }
        order.sort { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
        rows = order.map { rows[Int($0.1)] }
        var exact = chunks.flatMap(\.exact)
        var acronymLetters: [UInt8] = [], acronymWords: [Range<Int>] = []
        for (e, a) in acronyms {
            var a = a
            a.withUTF8 { NameKeyer.splitWords($0, letters: &acronymLetters, words: &acronymWords) }
            if !acronymLetters.isEmpty { exact.append((hash(acronymLetters), e)) }
        }
        exact.sort { $0.letters != $1.letters ? $0.letters < $1.letters : $0.entity < $1.entity }
        var t = Tables()
        t.exactLetters = exact.map(\.letters)
        t.exactEntity = exact.map(\.entity)
        // Near misses: only curated entities (the news lexicon and hand-listed places).
        var deleted: [UInt64] = []
        arena.withUnsafeBufferPointer { a in
            var scratch: [UInt8] = []
            // One set of deletions per run of rows with the same key (aliases that
            // differ in spelling only, of one entity or several): look-ups expand
            // a hit to its run. A run is indexed when one of its rows could link.
            var r = 0
            while r < rows.count {
                var end = r + 1
                while end < rows.count && rows[end].keyHash == rows[r].keyHash { end += 1 }
                defer { r = end }
                guard rows[r..<end].contains(where: { curated[Int($0.entity)] && !weak[Int($0.entity)] }) else { continue }
                let row = rows[r]
                let key = UnsafeBufferPointer(rebasing: a[Int(row.key.lowerBound)..<Int(row.key.upperBound)])
                // Each deletion copies the key: bounded keys keep this linear in the
                // lexicon (one alias of 20,000 words took minutes to load).
                guard key.count >= 4, key.count <= Self.maximumNearMissKey else { continue }
                var previous: UInt64 = 0
                for p in 0..<key.count where key[p] != 0x20 {
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(contentsOf: key[..<p])
                    scratch.append(contentsOf: key[(p + 1)...])
                    let entry = (hash(scratch) & 0xFFFF_FFFF_0000_0000) | UInt64(r + 1)
                    // Deleting either of two equal letters gives one key.
                    if entry != previous { deleted.append(entry) }
                    previous = entry
                }
            }
        }
        var table = [UInt64](repeating: 0, count: max(16, deleted.count + deleted.count / 2))
        for entry in deleted {
            var s = deletionSlot(UInt32(truncatingIfNeeded: entry >> 32), table.count)
            while table[s] != 0 { s = s + 1 == table.count ? 0 : s + 1 }
            table[s] = entry
        }
        t.deletions = table
        t.rowEntity = rows.map(\.entity)
        t.rowKeyHash = rows.map(\.keyHash)
        t.rowLetters = rows.map(\.letters)
        t.rowForm = rows.map(\.form)
        t.rowKey = rows.map(\.key)
        t.arena = arena
        t.rowSlots = slots(for: t.rowKeyHash)
        t.exactSlots = slots(for: t.exactLetters)
        return t
    }

    /// An open-addressing table over a sorted array of hashes: each slot holds
    /// 1 + the index of the first element of a run of equal hashes, or 0. Twice
    /// as many slots as runs (a power of two), so a look-up is about one probe.
    static func slots(for sorted: [UInt64]) -> [UInt32] {
        var runs = 0
        for i in sorted.indices where i == 0 || sorted[i - 1] != sorted[i] { runs += 1 }
        var size = 16
        while size < 2 * runs { size <<= 1 }
        var slots = [UInt32](repeating: 0, count: size)
        let mask = size - 1
        for i in sorted.indices where i == 0 || sorted[i - 1] != sorted[i] {
            var s = slot(sorted[i], mask)
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = UInt32(i + 1)
        }
        return slots
    }

    @inline(__always)
    static func slot(_ h: UInt64, _ mask: Int) -> Int {
        Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> 32) & mask
    }

    /// Where probing for a deletion with 32-bit hash `h` starts in a table of `count` entries.
    @inline(__always)
    static func deletionSlot(_ h: UInt32, _ count: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(h &* 0x9E37_79B9) &* UInt64(count)) >> 32)
    }

    /// The indices `i` with `sorted[i] == h`, through `slots` (``slots(for:)``).
    @inline(__always)
    static func equalRange(_ sorted: [UInt64], _ slots: [UInt32], _ h: UInt64) -> Range<Int> {
        let mask = slots.count - 1
        var s = slot(h, mask)
        while true {
            let v = Int(slots[s])
            if v == 0 { return 0..<0 }
            if sorted[v - 1] == h {
                var end = v
                while end < sorted.count && sorted[end] == h { end += 1 }
                return (v - 1)..<end
            }
            s = (s + 1) & mask
        }
    }

    /// The longest key (bytes) indexed for near misses; real names' keys are far shorter.
    static let maximumNearMissKey = 128

    static func indexed(_ label: EntityLabel) -> Bool {
        label == .person || label == .org || label.isPlace
    }

    /// The alias without its case marker, or nil for a case-sensitive acronym.
    static func spelling(of raw: String) -> String? {
        if raw.hasPrefix("=") { return nil }
        if raw.hasPrefix("~") { return String(raw.dropFirst()) }
        var letters = 0, upper = 0
        for b in raw.utf8 {
            if b >= 0x80 { return spellingSlow(raw) }
            let l = b | 0x20
            guard l >= 0x61 && l <= 0x7A else { continue }
            letters += 1
            if b < 0x61 { upper += 1 }
            if letters > 5 { return raw }
        }
        return letters > 0 && upper == letters ? nil : raw
    }

    private static func spellingSlow(_ raw: String) -> String? {
        var letters = 0, upper = 0
        for s in raw.unicodeScalars where NameKeyer.isLetter(s.value) {
            letters += 1
            if NameKeyer.lowercase(s.value) != s.value { upper += 1 }
            if letters > 5 { return raw }
        }
        return letters > 0 && upper == letters ? nil : raw
    }

    /// FNV-1a.
    @inline(__always)
    public static func hash<C: Collection<UInt8>>(_ bytes: C) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    // MARK: - Lookup

    /// The index of the entity with this kb_id.
    public func entityIndex(kbID: String) -> Int32? { lexicon.entityIndex(kbID: kbID) }

    /// The entity's kb_id, canonical name and label.
    public func entity(_ i: Int32) -> (kbID: String, canonical: String, label: EntityLabel) {
        (lexicon.kbID(Int(i)), lexicon.canonical(Int(i)), entityLabels[Int(i)])
    }

    static func compatible(_ a: EntityLabel, _ b: EntityLabel) -> Bool {
        a == b || (a.isPlace && b.isPlace)
    }

    /// The best entity for `name` under the policy above, or nil.
    ///
    /// Inflected Cyrillic names are tried in every nominative the
    /// ``Lemmatizer`` proposes, the name as written first.
    public func match(_ name: String, evidence: NameEvidence = .none) -> NameMatch? {
        var b = NameKeyer.Buffers()
        return match(name, evidence: evidence, buffers: &b)
    }

    /// ``match(_:evidence:)`` with the caller's buffers (no allocation for Latin names).
    public func match(_ name: String, evidence: NameEvidence, buffers b: inout NameKeyer.Buffers) -> NameMatch? {
        var best: (match: NameMatch, rank: Double)? = nil
        if VariantLinker.isAcronym(name) {
            // An acronym is no spelling: its letters must be an alias's.
            var c = name
            c.withUTF8 { NameKeyer.splitWords($0, letters: &b.letters, words: &b.words) }
            considerExact(Self.hash(b.letters), penalty: 1, name, evidence, &best)
            return best?.match
        }
        var candidates = LanguageDetector.hasCyrillic(name) ? nominatives(name) : [name]
        // An English possessive is not part of the name (Zelensky's).
        if let bare = Self.withoutPossessive(name) { candidates.insert(bare, at: 0) }
        for (n, candidate) in candidates.enumerated() {
            var c = candidate
            c.withUTF8 { keyer.key($0, into: &b) }
            let penalty = n == 0 ? 1.0 : 0.98
            consider(b.key, b.form, alternate: false, penalty: penalty, candidate, evidence, &b, &best)
            considerExact(Self.hash(b.letters), penalty: penalty, candidate, evidence, &best)
            if best == nil || best!.match.score < 0.95 {
                // The other readings of words that show no convention (Bachmut).
                keyer.alternateKeys(&b)
                for k in 0..<b.alternateCount {
                    let key = b.alternateKeys[k], form = b.alternateForms[k]
                    consider(key, form, alternate: true, penalty: penalty * 0.99, candidate, evidence, &b, &best)
                }
            }
            if best?.match.kind == .exact { break }
        }
        if best == nil, evidence.label != nil, evidence.context || evidence.hasDocument, !Self.hasAcronymWord(name) {
            var c = name
            c.withUTF8 { keyer.key($0, into: &b, alternates: false) }
            nearMiss(b.key, b.form, name, evidence, &best)
        }
        return best?.match
    }

    private var keyer: NameKeyer { rules.keyer }

    /// True when a word of the name is an acronym (two to five capitals, no
    /// lowercase): its letters are not a spelling, so one letter off is no near miss.
    static func hasAcronymWord(_ name: String) -> Bool {
        // ASCII names (most) without Character work: runs of letters, all capitals.
        var letters = 0, upper = 0, ascii = true
        for b in name.utf8 {
            if b >= 0x80 { ascii = false; break }
            let l = b | 0x20
            if l >= 0x61 && l <= 0x7A {
                letters += 1
                if b < 0x61 { upper += 1 }
            } else {
                if letters >= 2 && letters <= 5 && upper == letters { return true }
                letters = 0
                upper = 0
            }
        }
        if ascii { return letters >= 2 && letters <= 5 && upper == letters }
        for word in name.split(whereSeparator: { !$0.isLetter }) where word.count >= 2 && word.count <= 5 {
            if word.allSatisfy({ $0.isUppercase }) { return true }
        }
        return false
    }

    /// "Zelensky's" → "Zelensky"; nil when the name has no possessive ending.
    static func withoutPossessive(_ name: String) -> String? {
        for suffix in ["'s", "\u{2019}s"] where name.hasSuffix(suffix) && name.count > suffix.count + 2 {
            return String(name.dropLast(suffix.count))
        }
        return nil
    }

    /// The candidate spellings of a Cyrillic name: each word as written and
    /// its nominatives, combined (at most 24 combinations, fewest changes first).
    func nominatives(_ name: String) -> [String] {
        var words: [(String, String)] = []  // (word, separator after it)
        var word = "", sep = ""
        for ch in name {
            if ch.isLetter || ch == "'" || ch == "\u{2019}" || ch == "\u{2BC}" {
                if !sep.isEmpty { words.append((word, sep)); word = ""; sep = "" }
                word.append(ch)
            } else {
                sep.append(ch)
            }
        }
        words.append((word, sep))
        let options = words.map { rules.lemmatizer.candidates($0.0) }
        var out: [String] = []
        // Breadth-first over the number of words changed.
        var combos: [[Int]] = [Array(repeating: 0, count: words.count)]
        var seen = Set(combos)
        var head = 0
        while head < combos.count && out.count < 24 {
            let combo = combos[head]
            head += 1
            var s = ""
            for (i, w) in words.enumerated() { s += options[i][combo[i]] + w.1 }
            out.append(s)
            for i in combo.indices where combo[i] + 1 < options[i].count {
                var next = combo
                next[i] += 1
                if seen.insert(next).inserted { combos.append(next) }
            }
        }
        return out
    }

    private func consider(_ key: [UInt8], _ form: [UInt8], alternate: Bool, penalty: Double, _ candidate: String,
                          _ evidence: NameEvidence, _ b: inout NameKeyer.Buffers, _ best: inout (match: NameMatch, rank: Double)?) {
        guard !key.isEmpty else { return }
        let rows = Self.equalRange(rowKeyHash, rowSlots, Self.hash(key))
        guard !rows.isEmpty else { return }
        let letters = Self.hash(b.letters)
        let consonants = key.reduce(0) { $1 == 0x20 ? $0 : $0 + 1 }
        arena.withUnsafeBufferPointer { a in
            key.withUnsafeBufferPointer { k in
                form.withUnsafeBufferPointer { f in
                    for r in rows {
                        let rk = UnsafeBufferPointer(rebasing: a[Int(rowKey[Int(r)].lowerBound)..<Int(rowKey[Int(r)].upperBound)])
                        guard rk.count == k.count, NameSimilarity.memcmpEqual(rk, k) else { continue }
                        let e = rowEntity[Int(r)]
                        let exact = !alternate && rowLetters[Int(r)] == letters
                        var score = 1.0
                        if !exact {
                            let rf = UnsafeBufferPointer(rebasing: a[Int(rowForm[Int(r)].lowerBound)..<Int(rowForm[Int(r)].upperBound)])
                            score = min(0.99, NameSimilarity.score(f, rf, costs: keyer.costs, strictEndings: entityLabels[Int(e)] == .person))
                        }
                        score *= penalty
                        guard accepts(e, score: score, exact: exact && penalty == 1, near: false, consonants: consonants, evidence) else { continue }
                        offer(NameMatch(entity: e, score: score, kind: exact && penalty == 1 ? .exact : .key, matched: candidate,
                                        key: String(decoding: key, as: UTF8.self)), &best)
                    }
                }
            }
        }
    }

    /// Weak entities whose alias has exactly these letters.
    private func considerExact(_ letters: UInt64, penalty: Double, _ candidate: String, _ evidence: NameEvidence,
                               _ best: inout (match: NameMatch, rank: Double)?) {
        for r in Self.equalRange(exactLetters, exactSlots, letters) {
            let e = exactEntity[Int(r)]
            guard accepts(e, score: penalty, exact: true, near: false, consonants: 0, evidence) else { continue }
            offer(NameMatch(entity: e, score: penalty, kind: penalty == 1 ? .exact : .key, matched: candidate, key: ""), &best)
        }
    }

    /// Appends the rows of the aliases that have a one-letter deletion with hash
    /// `h`: each hit is the first row of its key's run, and brings the whole run.
    private func appendDeletionRows(_ h: UInt64, to rows: inout [Int32]) {
        let h32 = UInt32(truncatingIfNeeded: h >> 32)
        var s = Self.deletionSlot(h32, deletions.count)
        while true {
            let entry = deletions[s]
            if entry == 0 { return }
            if UInt32(truncatingIfNeeded: entry >> 32) == h32 {
                var row = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                let keyHash = rowKeyHash[row]
                repeat {
                    rows.append(Int32(row))
                    row += 1
                } while row < rowKeyHash.count && rowKeyHash[row] == keyHash
            }
            s = s + 1 == deletions.count ? 0 : s + 1
        }
    }

    private func nearMiss(_ key: [UInt8], _ form: [UInt8], _ name: String, _ evidence: NameEvidence,
                          _ best: inout (match: NameMatch, rank: Double)?) {
        guard key.count >= 4 else { return }
        var probe: [UInt8] = []
        var rows: [Int32] = []
        // The query with one letter deleted: an alias one letter shorter, or one
        // letter different (through the alias's own deletions).
        for p in 0..<key.count where key[p] != 0x20 {
            probe.removeAll(keepingCapacity: true)
            probe.append(contentsOf: key[..<p])
            probe.append(contentsOf: key[(p + 1)...])
            let h = Self.hash(probe)
            rows.append(contentsOf: Self.equalRange(rowKeyHash, rowSlots, h).map { Int32($0) })
            appendDeletionRows(h, to: &rows)
        }
        // An alias one letter longer.
        appendDeletionRows(Self.hash(key), to: &rows)
        arena.withUnsafeBufferPointer { a in
            key.withUnsafeBufferPointer { k in
                form.withUnsafeBufferPointer { f in
                    for r in Set(rows) {
                        let e = rowEntity[Int(r)]
                        guard entityCurated[Int(e)], !entityWeak[Int(e)] else { continue }
                        let rk = UnsafeBufferPointer(rebasing: a[Int(rowKey[Int(r)].lowerBound)..<Int(rowKey[Int(r)].upperBound)])
                        guard rk.first == k.first, NameSimilarity.keyDistance(k, rk) == 1 else { continue }
                        // Nor at the start of a later word: Brian Lara is not Brian O'Hara.
                        var d = 0
                        while d < k.count, d < rk.count, k[d] == rk[d] { d += 1 }
                        if d > 0, k[d - 1] == 0x20 { continue }
                        // Lengthening or shortening at the end is another name (Yermak, Yermakov).
                        if rk.count != k.count {
                            let shorter = rk.count < k.count ? rk : k, longer = rk.count < k.count ? k : rk
                            if NameSimilarity.memcmpEqual(shorter, UnsafeBufferPointer(rebasing: longer[..<shorter.count])) { continue }
                        }
                        let rf = UnsafeBufferPointer(rebasing: a[Int(rowForm[Int(r)].lowerBound)..<Int(rowForm[Int(r)].upperBound)])
                        let score = min(0.95, NameSimilarity.score(f, rf, costs: keyer.costs, strictEndings: entityLabels[Int(e)] == .person))
                        guard accepts(e, score: score, exact: false, near: true, consonants: k.count, evidence) else { continue }
                        offer(NameMatch(entity: e, score: score, kind: .near, matched: name, key: String(decoding: key, as: UTF8.self)), &best)
                    }
                }
            }
        }
    }

    private func accepts(_ e: Int32, score: Double, exact: Bool, near: Bool, consonants: Int, _ evidence: NameEvidence) -> Bool {
        let label = entityLabels[Int(e)]
        if let l = evidence.label, !Self.compatible(l, label) { return false }
        let inDocument = evidence.everyEntity || (evidence.hasDocument
            && (evidence.hasEntity(e) || evidence.documentKBIDs.contains(lexicon.kbID(Int(e)))))
        // A town known only from GeoNames, or a name that is a common word: exact aliases only.
        if entityWeak[Int(e)] && !exact { return false }
        if exact { return true }
        if near {
            return evidence.label != nil && (inDocument || evidence.context) && score >= 0.75
        }
        if inDocument { return score + 1e-9 >= 0.7 }
        // Short names need closer spellings; a name without any label, closer still.
        var threshold = consonants <= 2 ? 0.95 : (consonants == 3 ? 0.9 : 0.85)
        if evidence.label == nil { threshold = min(0.97, threshold + 0.05) }
        return score + 1e-9 >= threshold
    }

    private func offer(_ m: NameMatch, _ best: inout (match: NameMatch, rank: Double)?) {
        // Score first, but a curated entity beats a GeoNames-only one two hundredths
        // lower (Львове: Lviv in the locative before a village named Lvove); then the
        // prior (population).
        let e = Int(m.entity)
        let rank = m.score * 100 + (entityCurated[e] ? 2.5 : 0) + min(entityPrior[e], 9.9) / 10
        if best == nil || rank > best!.rank { best = (m, rank) }
    }
}
