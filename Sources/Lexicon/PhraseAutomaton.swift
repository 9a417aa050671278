import GazetteCore
import Tokenization

/// An immutable trie over folded token keys that finds, at each position of a
/// tokenized text, every phrase that starts there.
///
/// Build one with ``PhraseAutomatonBuilder``; the result is a value type that
/// threads share freely. Memory is a vocabulary of distinct token keys
/// (``TokenVocabulary``: one byte arena and a hash index), a dense array of
/// root transitions indexed by token id, and an open-addressing table of deeper
/// transitions keyed by `(state, token id)`, key and target side by side so a
/// probe reads one 16-byte entry. Nothing is allocated per token.
///
/// A transition (``Transition``) is 64 bits: the target state, a flag telling
/// whether phrases end there, and where to look for the tokens that can follow.
/// A state with few children (at most ``narrowLimit``) keeps them in the shared
/// edge table, and its transitions carry a 32-bit signature of them (bit
/// `hash(token) % 32` of each child), so a token that follows none of them is
/// rejected without touching the table. A state with many children (the state
/// after "the", "National" or a common first name) has a hash table of its own
/// in ``wideTables``, behind a Bloom filter of about a byte per child, and its
/// transitions say where. Frequent words lead to frequent states, whose filters
/// stay in cache, and most tokens after them ("the" + any word) are rejected
/// there: with a million aliases the tables no longer fit in any cache, and
/// this keeps the cost per token close to what it is with ten thousand.
///
/// Every array is flat, so a compiled lexicon file stores them as they are
/// (see ``Lexicon/write(to:key:diagnostics:)``).
public struct PhraseAutomaton: Sendable {
    /// Distinct folded token keys of all phrases.
    public let vocabulary: TokenVocabulary
    /// `rootNext[tokenID]` is the transition from the root on that token (0: none).
    let rootNext: [UInt64]
    /// Deeper transitions: `edges[2i]` is the key `state << 32 | token`
    /// (``emptyKey`` when the entry is free), `edges[2i + 1]` the transition.
    let edges: [UInt64]
    /// `payloadStart[state]..<payloadStart[state + 1]` indexes `payloads`:
    /// the phrases that end in `state`.
    let payloadStart: [Int32]
    let payloads: [Int32]
    /// The Bloom filters and hash tables of the states with many children
    /// (``wideBit``), back to back. A state's part starts at its descriptor's
    /// offset: `max(1, entries / 16)` filter words, then `entries` entries of two
    /// words, a token id (or ``emptyKey``) and the transition.
    let wideTables: [UInt64]
    /// `state << 32 | descriptor` of every wide state, sorted: how ``next(_:_:)``
    /// finds a state's table from its number alone.
    let wideIndex: [UInt64]

    /// A transition: `state | terminal << 30 | wide << 31 | children << 32`; 0 is
    /// "no transition". `children` is a signature of the children, or, when the
    /// wide bit is set, the descriptor `log2(entries) << 26 | offset` of the
    /// state's filter and table in ``wideTables`` (offset in words).
    typealias Transition = UInt64
    static let stateMask: UInt64 = (1 << 30) - 1
    static let terminalBit: UInt64 = 1 << 30
    static let wideBit: UInt64 = 1 << 31
    /// States with more children than this get a table of their own.
    static let narrowLimit = 6
    static let emptyKey = UInt64.max

    init(vocabulary: TokenVocabulary, rootNext: [UInt64], edges: [UInt64], wideTables: [UInt64], wideIndex: [UInt64],
         payloadStart: [Int32], payloads: [Int32]) {
        self.vocabulary = vocabulary
        self.wideTables = wideTables
        self.wideIndex = wideIndex
        self.rootNext = rootNext
        self.edges = edges
        self.payloadStart = payloadStart
        self.payloads = payloads
    }

    /// The number of states (1 + the number of distinct phrase prefixes).
    public var stateCount: Int { payloadStart.count - 1 }

    /// The number of phrases.
    public var phraseCount: Int { payloads.count }

    /// Approximate memory held, in bytes.
    public var byteSize: Int {
        vocabulary.byteSize + rootNext.capacity * 8 + edges.capacity * 8 + wideTables.capacity * 8 + wideIndex.capacity * 8
            + payloadStart.capacity * 4
            + payloads.capacity * 4
    }

    /// The bit of a token in a state's signature of following tokens.
    @inline(__always)
    static func signature(_ token: Int32) -> UInt64 {
        1 << (32 + ((UInt64(UInt32(bitPattern: token)) &* 0x9E37_79B9_7F4A_7C15) >> 59))
    }

    /// The state reached from `state` on token id `token`, or -1.
    public func next(_ state: Int32, _ token: Int32) -> Int32 {
        guard token >= 0, Int(token) < rootNext.count, state >= 0, Int(state) < stateCount else { return -1 }
        let t: Transition
        if state == 0 {
            t = rootNext[Int(token)]
        } else {
            // A wide state's table, found by binary search; else the shared table.
            var lo = 0, hi = wideIndex.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if wideIndex[mid] >> 32 < UInt64(state) { lo = mid + 1 } else { hi = mid }
            }
            t = lo < wideIndex.count && wideIndex[lo] >> 32 == UInt64(state)
                ? wideProbe(wideIndex[lo] & 0xFFFF_FFFF, token) : probe(state, token)
        }
        return t == 0 ? -1 : Int32(t & Self.stateMask)
    }

    /// The transition after `from` (the transition into the current state, 0 for
    /// the root) on token id `token`, or 0. `token` must be a vocabulary id or -1.
    @inline(__always)
    func step(_ from: Transition, _ token: Int32) -> Transition {
        if token < 0 { return 0 }
        if from == 0 { return rootNext.withUnsafeBufferPointer { $0[Int(token)] } }
        if from & Self.wideBit != 0 { return wideProbe(from >> 32, token) }
        if from & Self.signature(token) == 0 { return 0 }
        let key = UInt64(from & Self.stateMask) << 32 | UInt64(UInt32(bitPattern: token))
        return probe(key, Self.mix(key))
    }

    /// The number of filter words before a wide state's table of `2^log2` entries.
    @inline(__always)
    static func filterWords(_ log2: Int) -> Int { log2 > 4 ? 1 << (log2 - 4) : 1 }

    /// The bits of a token in a wide state's filter word.
    @inline(__always)
    static func filterBits(_ h: UInt64) -> UInt64 {
        (1 << ((h >> 40) & 63)) | (1 << ((h >> 46) & 63)) | (1 << ((h >> 52) & 63))
    }

    /// The look-up of `token` in the wide state's filter and table described by `descriptor`.
    @inline(__always)
    func wideProbe(_ descriptor: UInt64, _ token: Int32) -> Transition {
        let key = UInt64(UInt32(bitPattern: token))
        let log2 = Int(descriptor >> 26)
        let offset = Int(descriptor & ((1 << 26) - 1))
        let h = Self.mix(key)
        let words = Self.filterWords(log2)
        let bits = Self.filterBits(h)
        return wideTables.withUnsafeBufferPointer { w in
            // The filter word: bits 20-39 of the hash pick it, 40-57 the bits in it.
            guard w[offset + Int(truncatingIfNeeded: h >> 20) & (words - 1)] & bits == bits else { return 0 }
            let table = offset + words
            let mask = (1 << log2) - 1
            var i = Int(truncatingIfNeeded: h) & mask
            while true {
                let k = w[table + 2 * i]
                if k == key { return w[table + 2 * i + 1] }
                if k == Self.emptyKey { return 0 }
                i = (i + 1) & mask
            }
        }
    }

    /// The edge-table look-up for `(state, token)`, state > 0.
    @inline(__always)
    func probe(_ state: Int32, _ token: Int32) -> Transition {
        let key = UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: token))
        return probe(key, Self.mix(key))
    }

    /// The edge-table look-up for `key`, whose mixed hash is `h`.
    @inline(__always)
    func probe(_ key: UInt64, _ h: UInt64) -> Transition {
        edges.withUnsafeBufferPointer { e in
            let mask = e.count / 2 - 1
            var i = Int(truncatingIfNeeded: h) & mask
            while true {
                let k = e[2 * i]
                if k == key { return e[2 * i + 1] }
                if k == Self.emptyKey { return 0 }
                i = (i + 1) & mask
            }
        }
    }

    /// The payloads of the phrases that end in `state`.
    @inline(__always)
    public func payloads(of state: Int32) -> ArraySlice<Int32> {
        payloads[Int(payloadStart[Int(state)])..<Int(payloadStart[Int(state) + 1])]
    }

    /// True when phrases end in `state`.
    @inline(__always)
    public func isTerminal(_ state: Int32) -> Bool {
        payloadStart[Int(state)] != payloadStart[Int(state) + 1]
    }

    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Looks up the vocabulary id of every token of `text` into `ids` (-1 when a
    /// token's key occurs in no phrase). One pass, no allocation once `ids` has grown.
    public func tokenIDs(_ text: TokenizedText, into ids: inout [Int32]) {
        ids.removeAll(keepingCapacity: true)
        ids.reserveCapacity(text.tokens.count)
        text.folded.withUnsafeBufferPointer { f in
            text.tokens.withUnsafeBufferPointer { tokens in
                for t in tokens {
                    ids.append(vocabulary.id(of: UnsafeBufferPointer(rebasing: f[Int(t.foldStart)..<Int(t.foldEnd)])))
                }
            }
        }
    }

    /// ``tokenIDs(_:into:)`` through a worker's ``TokenIDCache``: the same ids.
    public func tokenIDs(_ text: TokenizedText, into ids: inout [Int32], cache: inout TokenIDCache) {
        var unused: [Int32] = []
        tokenIDs(text, into: &ids, cache: &cache, alsoIn: nil, otherIDs: &unused)
    }

    /// The token ids of `text` in this automaton's vocabulary and in `other`'s
    /// (when given), as ``tokenIDs(_:into:)`` of each would give them, through
    /// one memo: a token the memo holds costs one look-up for both.
    public func tokenIDs(_ text: TokenizedText, into ids: inout [Int32], cache: inout TokenIDCache,
                         alsoIn other: PhraseAutomaton?, otherIDs: inout [Int32]) {
        let second = other?.vocabulary
        cache.prepare(for: vocabulary, second)
        let n = text.tokens.count
        // Sized first and written through pointers: no capacity or uniqueness check per token.
        ids.removeAll(keepingCapacity: true)
        ids.append(contentsOf: repeatElement(-1, count: n))
        otherIDs.removeAll(keepingCapacity: true)
        if second != nil { otherIDs.append(contentsOf: repeatElement(-1, count: n)) }
        cache.words.withUnsafeMutableBufferPointer { memo in
          ids.withUnsafeMutableBufferPointer { ids in
            otherIDs.withUnsafeMutableBufferPointer { otherIDs in
              text.folded.withUnsafeBufferPointer { f in
                text.tokens.withUnsafeBufferPointer { tokens in
                    for k in 0..<n {
                        let t = tokens[k]
                        let start = Int(t.foldStart)
                        let (a, b) = TokenVocabulary.hashes(f.baseAddress.map { $0 + start }, Int(t.foldEnd) - start,
                                                            readable: f.count - start)
                        let slot = Int(truncatingIfNeeded: a >> UInt64(64 - TokenIDCache.bits)) &* 3
                        let check = b & 0xFFFF_FFFF_0000_0000
                        let entry = memo[slot + 1]
                        if memo[slot] == a, entry & 0xFFFF_FFFF_0000_0000 == check, entry & 0xFFFF_FFFF != 0 {
                            ids[k] = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) &- 2
                            if second != nil { otherIDs[k] = Int32(truncatingIfNeeded: memo[slot + 2]) &- 2 }
                            continue
                        }
                        let id = vocabulary.id(hashed: a, b)
                        ids[k] = id
                        var otherID: Int32 = -1
                        if let second {
                            otherID = second.id(hashed: a, b)
                            otherIDs[k] = otherID
                        }
                        memo[slot] = a
                        memo[slot + 1] = check | UInt64(UInt32(bitPattern: id &+ 2))
                        memo[slot + 2] = UInt64(UInt32(bitPattern: otherID &+ 2))
                    }
                }
              }
            }
          }
        }
    }

    /// Calls `found(start, end, payload)` for every phrase in `ids` (token ids
    /// from ``tokenIDs(_:into:)``), overlapping ones included, in order of start
    /// and then end. Transitions go through the signatures and filters of
    /// ``step(_:_:)``, so most tokens after a phrase prefix cost a bit test.
    public func forEachPhrase(in ids: [Int32], _ found: (_ start: Int, _ end: Int, _ payload: Int32) -> Void) {
        ids.withUnsafeBufferPointer { ids in
            payloadStart.withUnsafeBufferPointer { payloadStart in
                let n = ids.count
                for i in 0..<n where ids[i] >= 0 {
                    var t: Transition = 0
                    var j = i
                    while j < n {
                        t = step(t, ids[j])
                        if t == 0 { break }
                        j += 1
                        guard t & Self.terminalBit != 0 else { continue }
                        let state = Int(t & Self.stateMask)
                        for k in Int(payloadStart[state])..<Int(payloadStart[state + 1]) { found(i, j, payloads[k]) }
                    }
                }
            }
        }
    }

    /// Checks the sizes that matching relies on, in O(1). Arrays read from a
    /// compiled file are also covered by a checksum, so a file that passes both
    /// is the one that was written.
    func validate() -> Bool {
        let half = edges.count / 2
        return payloadStart.count >= 2 && payloadStart.count - 1 <= Int(Self.stateMask) && rootNext.count == vocabulary.count
            && wideTables.count < 1 << 26
            && half >= 16 && half & (half - 1) == 0 && edges.count == 2 * half && payloadStart.first == 0
            && payloadStart.last.map(Int.init) == payloads.count
    }
}

/// Builds a ``PhraseAutomaton`` from phrases given as sequences of folded token keys.
public struct PhraseAutomatonBuilder {
    private var vocabulary = TokenVocabulary(capacity: 1024)
    /// Transitions while building: (state << 32 | token) → state.
    private var edges: [UInt64: Int32] = [:]
    private var rootEdges: [Int32] = []
    /// Payloads per state, as (state, payload) pairs; sorted at build time.
    private var ends: [(state: Int32, payload: Int32)] = []
    private var stateCount: Int32 = 1

    public init() {}

    /// Adds a phrase. `keys` are the folded keys of its tokens, in order; `payload`
    /// is returned by matches of this phrase. Empty phrases are ignored.
    public mutating func add(keys: [[UInt8]], payload: Int32) {
        guard !keys.isEmpty else { return }
        var state: Int32 = 0
        for key in keys {
            state = advance(state, key.withUnsafeBufferPointer { vocabulary.insert($0) })
        }
        ends.append((state, payload))
    }

    /// Adds a phrase whose token keys are `bytes[ranges[k]]`; no per-token arrays.
    public mutating func add(bytes: UnsafeBufferPointer<UInt8>, ranges: some Sequence<Range<Int>>, payload: Int32) {
        var state: Int32 = 0
        for r in ranges { state = advance(state, vocabulary.insert(UnsafeBufferPointer(rebasing: bytes[r]))) }
        if state != 0 { ends.append((state, payload)) }
    }

    private mutating func advance(_ state: Int32, _ id: Int32) -> Int32 {
        if state == 0 {
            while rootEdges.count <= Int(id) { rootEdges.append(-1) }
            if rootEdges[Int(id)] >= 0 { return rootEdges[Int(id)] }
            rootEdges[Int(id)] = stateCount
        } else {
            let k = UInt64(UInt32(bitPattern: state)) << 32 | UInt64(UInt32(bitPattern: id))
            if let s = edges[k] { return s }
            edges[k] = stateCount
        }
        precondition(UInt64(stateCount) < PhraseAutomaton.stateMask, "more than 2^30 phrase prefixes")
        stateCount += 1
        return stateCount - 1
    }

    /// Freezes the automaton. Within a state, payloads keep insertion order.
    /// O(states + phrases).
    public func build() -> PhraseAutomaton { build(ordering: nil) }

    /// Freezes the automaton; `ordering`, when given, orders the payloads that end
    /// in the same state (`true` when the first goes before the second).
    func build(ordering: ((Int32, Int32) -> Bool)?) -> PhraseAutomaton {
        // Counting sort of payloads by state, keeping insertion order within a state.
        var start = [Int32](repeating: 0, count: Int(stateCount) + 1)
        for e in ends { start[Int(e.state) + 1] += 1 }
        for i in 0..<Int(stateCount) { start[i + 1] += start[i] }
        var fill = start
        var payloads = [Int32](repeating: 0, count: ends.count)
        for e in ends {
            payloads[Int(fill[Int(e.state)])] = e.payload
            fill[Int(e.state)] += 1
        }
        if let ordering {
            for s in 0..<Int(stateCount) where start[s + 1] - start[s] > 1 {
                payloads[Int(start[s])..<Int(start[s + 1])].sort(by: ordering)
            }
        }
        // How each state finds its children: a signature and the shared table for a
        // state with few, else a table of its own (at most half full).
        var children = [Int32](repeating: 0, count: Int(stateCount))
        for (k, _) in edges { children[Int(k >> 32)] += 1 }
        var lookup = [UInt64](repeating: 0, count: Int(stateCount))
        var wideWords = 0
        var wideIndex: [UInt64] = []
        for s in 0..<Int(stateCount) where Int(children[s]) > PhraseAutomaton.narrowLimit {
            var log2 = 3
            while 1 << log2 < 2 * Int(children[s]) { log2 += 1 }
            let words = PhraseAutomaton.filterWords(log2) + 2 << log2
            precondition(wideWords + words < 1 << 26, "wide state tables too large")
            let descriptor = UInt64(log2) << 26 | UInt64(wideWords)
            lookup[s] = PhraseAutomaton.wideBit | descriptor << 32
            wideIndex.append(UInt64(s) << 32 | descriptor)
            wideWords += words
        }
        var narrowEdges = 0
        for (k, _) in edges where lookup[Int(k >> 32)] & PhraseAutomaton.wideBit == 0 {
            lookup[Int(k >> 32)] |= PhraseAutomaton.signature(Int32(truncatingIfNeeded: k))
            narrowEdges += 1
        }
        func transition(_ s: Int32) -> UInt64 {
            UInt64(s) | (start[Int(s)] != start[Int(s) + 1] ? PhraseAutomaton.terminalBit : 0) | lookup[Int(s)]
        }
        var rootNext = [UInt64](repeating: 0, count: vocabulary.count)
        for (token, state) in rootEdges.enumerated() where state >= 0 { rootNext[token] = transition(state) }
        var wideTables = [UInt64](repeating: PhraseAutomaton.emptyKey, count: wideWords)
        for d in wideIndex {
            let log2 = Int((d & 0xFFFF_FFFF) >> 26), offset = Int(d & ((1 << 26) - 1))
            for i in offset..<(offset + PhraseAutomaton.filterWords(log2)) { wideTables[i] = 0 }
        }
        var size = 16
        while size < narrowEdges * 2 { size <<= 1 }
        var table = [UInt64](repeating: PhraseAutomaton.emptyKey, count: 2 * size)
        let mask = size - 1
        for (k, v) in edges {
            let from = lookup[Int(k >> 32)]
            if from & PhraseAutomaton.wideBit != 0 {
                let d = from >> 32
                let log2 = Int(d >> 26), offset = Int(d & ((1 << 26) - 1))
                let key = k & 0xFFFF_FFFF
                let h = PhraseAutomaton.mix(key)
                let words = PhraseAutomaton.filterWords(log2)
                wideTables[offset + Int(truncatingIfNeeded: h >> 20) & (words - 1)] |= PhraseAutomaton.filterBits(h)
                let table = offset + words, local = (1 << log2) - 1
                var i = Int(truncatingIfNeeded: h) & local
                while wideTables[table + 2 * i] != PhraseAutomaton.emptyKey { i = (i + 1) & local }
                wideTables[table + 2 * i] = key
                wideTables[table + 2 * i + 1] = transition(v)
                continue
            }
            var i = Int(truncatingIfNeeded: PhraseAutomaton.mix(k)) & mask
            while table[2 * i] != PhraseAutomaton.emptyKey { i = (i + 1) & mask }
            table[2 * i] = k
            table[2 * i + 1] = transition(v)
        }
        return PhraseAutomaton(vocabulary: vocabulary, rootNext: rootNext, edges: table, wideTables: wideTables,
                               wideIndex: wideIndex,
                               payloadStart: start, payloads: payloads)
    }
}

extension PhraseAutomaton {
    /// The automaton's arrays, to keep in an ``ArrayFile`` (read back with ``init(reading:)``).
    public var sections: [ArrayFile.Section] {
        [ArrayFile.section(vocabulary.arena), ArrayFile.section(vocabulary.ends), ArrayFile.section(vocabulary.slots),
         ArrayFile.section(vocabulary.filter.words), ArrayFile.section(rootNext), ArrayFile.section(edges),
         ArrayFile.section(wideTables), ArrayFile.section(wideIndex), ArrayFile.section(payloadStart),
         ArrayFile.section(payloads)]
    }

    /// How many arrays ``sections`` holds.
    public static let sectionCount = 10

    /// The automaton whose ``sections`` `reader` reads next.
    public init(reading reader: ArrayFile.Reader) throws {
        guard let vocabulary = TokenVocabulary(arena: try reader.next(UInt8.self), ends: try reader.next(UInt32.self),
                                               slots: try reader.next(UInt64.self), filter: try reader.next(UInt64.self)) else {
            throw ArrayFile.Failure(description: "bad phrase vocabulary")
        }
        self.init(vocabulary: vocabulary, rootNext: try reader.next(UInt64.self), edges: try reader.next(UInt64.self),
                  wideTables: try reader.next(UInt64.self), wideIndex: try reader.next(UInt64.self),
                  payloadStart: try reader.next(Int32.self), payloads: try reader.next(Int32.self))
        guard validate() else { throw ArrayFile.Failure(description: "bad phrase automaton") }
    }

    /// The payloads of all phrases (each once per phrase that carries it).
    public var allPayloads: [Int32] { payloads }
}
