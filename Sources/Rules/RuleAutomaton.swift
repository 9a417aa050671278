import Foundation
import GazetteCore
import Lexicon
import Tokenization

/// All rules of the rule files (`Lexicons/rules/*.rules`) compiled into one
/// token-level automaton. Immutable; share it with every worker.
///
/// Compilation: each rule becomes a Thompson NFA; epsilon moves are closed
/// ahead of time, so the automaton is a list of *consuming states* (a token
/// test, or a word-list entry or lexicon match that spans several tokens),
/// each with its follow list of states and accepting rules. Every token test
/// is compiled to a small disjunction of bit-mask clauses over per-token
/// feature words (``RuleFeatures``).
///
/// Matching (``run(_:into:)``) simulates all rules at once, Pike-VM style: a
/// thread is a state plus where its match and its entity part began; threads
/// wait in a ring of slots indexed by the token they resume at (multi-token
/// steps land a few slots ahead); one thread per state and slot, the earliest
/// started first. Work is linear in the document: tokens × live threads, with
/// no backtracking. Per rule and start token the longest match is kept.
public struct RuleSet: Sendable {
    /// Per rule.
    let ruleNames: [String]
    let ruleLabels: [EntityLabel]
    let ruleSubtypes: [String?]
    /// Per rule: the word list its subtype comes from (``RuleDefinition/subtypeList``).
    let ruleSubtypeLists: [WordList?]
    let rulePriorities: [Int16]

    /// Per consuming state: 0 token test, 1 word-list entry, 2 lexicon match.
    let stateKind: [UInt8]
    /// Per state: its test (the token's, or the first token's for spans): `testStart[i]..<testStart[i + 1]` in `clauses`.
    let testStart: [Int32]
    let stateList: [Int8]
    let stateValue: [Int32]
    let stateLabels: [UInt64]
    let stateEntity: [Bool]
    /// Per state: bits every passing token has (a quick reject before the clauses).
    let quick: [Clause]
    /// `followStart[s]..<followStart[s + 1]` in `follow`: states (>= 0) and accepted rules (-1 - rule).
    let followStart: [Int32]
    let follow: [Int32]
    /// The states a match can begin in, rule by rule.
    let starts: [Int32]
    /// Per start state: its rule.
    let startRule: [Int32]
    /// Start states bucketed by one bit every token they accept has (the rarest
    /// kind: a quoted word, else a word list, else a class), so that a token
    /// tries only the start states whose key bit it has. Bucket `k` of feature
    /// word `f` is `bucketStart[f * 64 + k]..<bucketStart[f * 64 + k + 1]` in `bucketItems`
    /// (indices into `starts`); `unkeyed` start states are tried everywhere.
    let bucketStart: [Int32]
    let bucketItems: [Int32]
    let bucketMask: (UInt64, UInt64, UInt64)
    let unkeyed: [Int32]
    /// Per rule: class, list and quoted-word bits some token of every match
    /// has; a document without them skips the rule.
    let ruleNeedsA: [UInt64]
    let ruleNeedsB: [UInt64]
    let ruleNeedsW: [UInt64]
    let clauses: [Clause]

    /// Liveness tables (see ``run(_:into:)``). A set of states is `chunks`
    /// vectors of 256 bits: state `s` is bit `s & 63` of lane `(s >> 6) & 3` of
    /// vector `s >> 8`.
    let chunks: Int
    /// Per state `f`: the one-token states whose follow list holds `f`.
    let pred: [StateChunk]
    /// Per rule: its states.
    let ruleStates: [StateChunk]
    /// The start states.
    let startStates: [StateChunk]
    /// Per state: its follow list accepts a rule.
    let accepting: [Bool]
    /// Accepting one-token states, and multi-token states (the *roots*): besides
    /// predecessors of live states, the states a backward step tests.
    let acceptingOne: [StateChunk]
    let multi: [StateChunk]
    /// Bits one of which a token passing a root has (the roots' quick keys),
    /// and the roots that have no such key (`ownAlways`).
    private(set) var rootKey: (UInt64, UInt64, UInt64)
    private(set) var ownAlways: [StateChunk]
    /// Reachability gates of the roots. A root that is no start state and that
    /// only one-token states lead to can hold a thread at token `t` only when
    /// token `t - 1` passes one of those predecessors, so it has one of their
    /// quick keys: `prevBy[k]` (row `k` of `3 * 64`, key bit `k & 63` of
    /// feature word `k >> 6`) are the roots some predecessor of which is keyed
    /// by that bit, `prevMask` the bits with a row, and `prevAlways` the roots
    /// that cannot be gated so (start states, roots after a multi-token state
    /// or after an unkeyed predecessor).
    private(set) var prevBy: [StateChunk]
    private(set) var prevMask: (UInt64, UInt64, UInt64)
    private(set) var prevAlways: [StateChunk]
    /// Tells a ``RuleScratch`` whose cached token tests it holds.
    let identity = Identity()

    final class Identity: Sendable {}
    typealias StateChunk = SIMD4<UInt64>

    /// Quoted words: an open-addressing table from folded key to the mask of word sets holding it.
    let wordBytes: [UInt8]
    let wordOffsets: [Int32]
    let wordMasks: [UInt64]
    let wordTable: [Int32]
    let maxWordLength: Int
    /// Per first byte of a quoted word: bit `min(length, 63)` set for each length it occurs with.
    let wordFirst: [UInt64]

    /// Problems found in the rule files (bad rules are skipped).
    public let diagnostics: [DataFileError]
    /// How many rules loaded.
    public var count: Int { ruleNames.count }
    /// How many consuming states the automaton has, and how many of them can begin a match.
    public var stateCount: (states: Int, starts: Int) { (stateKind.count, starts.count) }
    /// The rule names, in load order.
    public var names: [String] { ruleNames }

    /// One conjunction: the token has every bit of `a`, `b`, `w` and none of `aNot`, `bNot`, `wNot`.
    struct Clause: Sendable {
        var a: UInt64 = 0, aNot: UInt64 = 0
        var b: UInt64 = 0, bNot: UInt64 = 0
        var w: UInt64 = 0, wNot: UInt64 = 0

        @inline(__always)
        func passes(_ fa: UInt64, _ fb: UInt64, _ fw: UInt64) -> Bool {
            (fa & a) == a && (fb & b) == b && (fw & w) == w && (fa & aNot) | (fb & bNot) | (fw & wNot) == 0
        }

        var isContradictory: Bool { a & aNot != 0 || b & bNot != 0 || w & wNot != 0 }

        func merged(_ o: Clause) -> Clause {
            Clause(a: a | o.a, aNot: aNot | o.aNot, b: b | o.b, bNot: bNot | o.bNot, w: w | o.w, wNot: wNot | o.wNot)
        }
    }

    /// Loads and compiles every `*.rules` file in `directories`, in order (files
    /// sorted by name). A rule in a later directory replaces an earlier rule of
    /// the same name; `define`s are visible to later lines and files.
    public init(directories: [String], words: WordLists, tokenizer: Tokenizer) {
        var parser = RuleParser(tokenizer: tokenizer, words: words)
        var rules: [RuleDefinition] = []
        for dir in directories {
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                .filter { $0.hasSuffix(".rules") }.sorted()
            var dirRules: [RuleDefinition] = []
            for f in files {
                let path = (dir as NSString).appendingPathComponent(f)
                for r in parser.parse(file: path) {
                    if let other = dirRules.first(where: { $0.name == r.name }) {
                        parser.diagnostics.append(DataFileError(code: "RUL010", file: path, line: r.line,
                            message: "rule '\(r.name)' is also defined at \(other.file):\(other.line)"))
                        continue
                    }
                    dirRules.append(r)
                }
            }
            for r in dirRules {
                if let i = rules.firstIndex(where: { $0.name == r.name }) { rules[i] = r } else { rules.append(r) }
            }
        }
        self.init(rules: rules, wordSets: parser.wordSets, diagnostics: parser.diagnostics)
    }

    /// Compiles rule source text (for tests and tools); `file` names it in diagnostics.
    public init(source: String, file: String = "<rules>", words: WordLists, tokenizer: Tokenizer) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("\(file).rules")
        try source.write(to: path, atomically: true, encoding: .utf8)
        self.init(directories: [dir.path], words: words, tokenizer: tokenizer)
    }

    init(rules: [RuleDefinition], wordSets: [[[UInt8]]], diagnostics: [DataFileError]) {
        var b = AutomatonBuilder()
        var starts: [Int32] = []
        var startRule: [Int32] = []
        for (r, rule) in rules.enumerated() {
            b.rule = Int32(r)
            let accept = b.node(.accept(Int32(r)))
            let entry = b.compile(rule.pattern, next: accept, entity: false)
            for st in b.closure(entry) where st >= 0 {
                starts.append(st)
                startRule.append(Int32(r))
            }
        }
        let startBuckets = Self.buckets(starts.map { b.quick[Int($0)] })
        self.startRule = startRule
        self.bucketStart = startBuckets.start
        self.bucketItems = startBuckets.items
        self.bucketMask = startBuckets.mask
        self.unkeyed = startBuckets.unkeyed
        let needs = rules.map { AutomatonBuilder.needs($0.pattern) }
        ruleNeedsA = needs.map(\.a)
        ruleNeedsB = needs.map(\.b)
        ruleNeedsW = needs.map(\.w)
        var followStart: [Int32] = [0]
        var follow: [Int32] = []
        for s in 0..<b.stateNext.count {
            follow.append(contentsOf: b.closure(b.stateNext[s]))
            followStart.append(Int32(follow.count))
        }

        // Liveness tables.
        let stateCount = b.stateKind.count
        let chunks = max(1, (stateCount + 255) / 256)
        func set(_ v: inout [StateChunk], _ row: Int, _ s: Int) {
            v[row * chunks + s >> 8][(s >> 6) & 3] |= 1 << UInt64(s & 63)
        }
        var pred = [StateChunk](repeating: .zero, count: stateCount * chunks)
        var accepting = [Bool](repeating: false, count: stateCount)
        for s in 0..<stateCount {
            for k in Int(followStart[s])..<Int(followStart[s + 1]) {
                let f = Int(follow[k])
                if f < 0 { accepting[s] = true } else if b.stateKind[s] == 0 { set(&pred, f, s) }
            }
        }
        var ruleStates = [StateChunk](repeating: .zero, count: rules.count * chunks)
        for s in 0..<stateCount { set(&ruleStates, Int(b.stateRule[s]), s) }
        var startStates = [StateChunk](repeating: .zero, count: chunks)
        for st in starts { set(&startStates, 0, Int(st)) }
        var acceptingOne = [StateChunk](repeating: .zero, count: chunks)
        var multi = [StateChunk](repeating: .zero, count: chunks)
        var ownAlways = [StateChunk](repeating: .zero, count: chunks)
        var rootKey: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var isRoot = [Bool](repeating: false, count: stateCount)
        for s in 0..<stateCount {
            if b.stateKind[s] != 0 {
                set(&multi, 0, s)
            } else if accepting[s] {
                set(&acceptingOne, 0, s)
            } else {
                continue
            }
            isRoot[s] = true
            switch Self.keyBit(b.quick[s]) {
            case let k? where k < 64: rootKey.0 |= 1 << UInt64(k)
            case let k? where k < 128: rootKey.1 |= 1 << UInt64(k - 64)
            case let k?: rootKey.2 |= 1 << UInt64(k - 128)
            case nil: set(&ownAlways, 0, s)
            }
        }
        // Gates: which keys of token t - 1 let each root hold a thread at t.
        var prevBy = [StateChunk](repeating: .zero, count: 3 * 64 * chunks)
        var prevMask: (UInt64, UInt64, UInt64) = (0, 0, 0)
        var prevAlways = [StateChunk](repeating: .zero, count: chunks)
        var ungated = Set(starts.map(Int.init))
        for p in 0..<stateCount {
            let key = b.stateKind[p] == 0 ? Self.keyBit(b.quick[p]) : nil
            for i in Int(followStart[p])..<Int(followStart[p + 1]) {
                let f = Int(follow[i])
                guard f >= 0, isRoot[f] else { continue }
                if let key {
                    set(&prevBy, key, f)
                    switch key {
                    case ..<64: prevMask.0 |= 1 << UInt64(key)
                    case ..<128: prevMask.1 |= 1 << UInt64(key - 64)
                    default: prevMask.2 |= 1 << UInt64(key - 128)
                    }
                } else {
                    ungated.insert(f)
                }
            }
        }
        for s in ungated where isRoot[s] { set(&prevAlways, 0, s) }
        self.chunks = chunks
        self.pred = pred
        self.ruleStates = ruleStates
        self.startStates = startStates
        self.accepting = accepting
        self.acceptingOne = acceptingOne
        self.multi = multi
        self.rootKey = rootKey
        self.ownAlways = ownAlways
        self.prevBy = prevBy
        self.prevMask = prevMask
        self.prevAlways = prevAlways
        ruleNames = rules.map(\.name)
        ruleLabels = rules.map(\.label)
        ruleSubtypes = rules.map(\.subtype)
        ruleSubtypeLists = rules.map(\.subtypeList)
        rulePriorities = rules.map(\.priority)
        stateKind = b.stateKind
        stateList = b.stateList
        stateValue = b.stateValue
        stateLabels = b.stateLabels
        stateEntity = b.stateEntity
        testStart = b.testStart
        clauses = b.clauses
        quick = b.quick
        self.followStart = followStart
        self.follow = follow
        self.starts = starts

        // Quoted words.
        var masks: [[UInt8]: UInt64] = [:]
        for (i, set) in wordSets.enumerated() { for k in set { masks[k, default: 0] |= 1 << UInt64(i) } }
        var bytes: [UInt8] = []
        var offsets: [Int32] = [0]
        var wmasks: [UInt64] = []
        var size = 16
        while size < masks.count * 2 { size *= 2 }
        var table = [Int32](repeating: -1, count: size)
        var maxLen = 0
        for (k, m) in masks.sorted(by: { $0.key.lexicographicallyPrecedes($1.key) }) {
            var h = Int(Self.hash(k) & UInt64(size - 1))
            while table[h] >= 0 { h = (h + 1) & (size - 1) }
            table[h] = Int32(wmasks.count)
            bytes.append(contentsOf: k)
            offsets.append(Int32(bytes.count))
            wmasks.append(m)
            maxLen = max(maxLen, k.count)
        }
        wordBytes = bytes
        wordOffsets = offsets
        wordMasks = wmasks
        wordTable = table
        maxWordLength = maxLen
        var first = [UInt64](repeating: 0, count: 256)
        for k in masks.keys where !k.isEmpty { first[Int(k[0])] |= 1 << UInt64(min(k.count, 63)) }
        wordFirst = first
        self.diagnostics = diagnostics
    }

    /// False: the backward pass takes the generic loop whatever `chunks` is
    /// (tests compare it with the register paths).
    private(set) var registerPaths = true

    /// The same rules, with the backward pass in its generic loop.
    func withoutRegisters() -> RuleSet {
        var r = self
        r.registerPaths = false
        return r
    }

    /// The value of the last entry of `list` inside tokens `start..<end`, or
    /// nil when that entry has none.
    static func listSubtype(_ list: WordList, _ c: RuleContext, _ start: Int, _ end: Int) -> String? {
        for t in stride(from: end - 1, through: start, by: -1) {
            guard let hit = c.longest(list, at: t), Int(hit.end) <= end else { continue }
            return hit.value >= 0 ? c.words.values[Int(hit.value)] : nil
        }
        return nil
    }

    /// The same automaton without reachability gates or root keys: every token
    /// tests every root (the reference the gates must agree with).
    func withoutGates() -> RuleSet {
        var r = self
        r.prevAlways = zip(acceptingOne, multi).map { $0 | $1 }
        r.ownAlways = r.prevAlways
        r.prevMask = (0, 0, 0)
        r.prevBy = prevBy.map { _ in .zero }
        r.rootKey = (0, 0, 0)
        return r
    }

    /// Buckets items by one bit every token passing their quick test has (the
    /// rarest kind: a quoted word, else a word list, else a class), so that a
    /// token looks only at the items whose key bit it has. Bucket `k` of feature
    /// word `f` is `start[f * 64 + k]..<start[f * 64 + k + 1]` in `items` (item
    /// indices, in order); `unkeyed` items go with every token.
    static func buckets(_ quick: [Clause]) -> (start: [Int32], items: [Int32], mask: (UInt64, UInt64, UInt64), unkeyed: [Int32]) {
        var buckets = [[Int32]](repeating: [], count: 3 * 64)
        var unkeyed: [Int32] = []
        var mask: (UInt64, UInt64, UInt64) = (0, 0, 0)
        for (i, q) in quick.enumerated() {
            if let k = keyBit(q) {
                buckets[k].append(Int32(i))
                switch k {
                case ..<64: mask.0 |= 1 << UInt64(k)
                case ..<128: mask.1 |= 1 << UInt64(k - 64)
                default: mask.2 |= 1 << UInt64(k - 128)
                }
            } else {
                unkeyed.append(Int32(i))
            }
        }
        var start: [Int32] = [0]
        var items: [Int32] = []
        for bucket in buckets {
            items.append(contentsOf: bucket)
            start.append(Int32(items.count))
        }
        return (start, items, mask, unkeyed)
    }

    /// The key of a quick test: one bit every token passing it has, the rarest
    /// kind (a quoted word, else a word list, else a class, common classes
    /// last), as `64 * feature word + bit`; nil when the test has no bit.
    static func keyBit(_ q: Clause) -> Int? {
        // Common classes make poor keys: prefer any other bit.
        let commonA: UInt64 = 1 << UInt64(TokenClass.word) | 1 << UInt64(TokenClass.cap) | 1 << UInt64(TokenClass.latin)
            | 1 << UInt64(TokenClass.lower) | 1 << UInt64(TokenClass.titlecase)
        if q.w != 0 { return 128 + q.w.trailingZeroBitCount }
        if q.b != 0 { return 64 + q.b.trailingZeroBitCount }
        if q.a != 0 { return (q.a & ~commonA != 0 ? q.a & ~commonA : q.a).trailingZeroBitCount }
        return nil
    }

    @inline(__always)
    static func hash<C: Collection>(_ key: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf29ce484222325
        for b in key { h = (h ^ UInt64(b)) &* 0x100000001b3 }
        return h ^ (h >> 29)
    }

    /// The word-set mask of a folded key.
    @inline(__always)
    func wordMask(_ f: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64 {
        let n = end - start
        guard n > 0, n <= maxWordLength, wordFirst[Int(f[start])] & (1 << UInt64(min(n, 63))) != 0 else { return 0 }
        var h: UInt64 = 0xcbf29ce484222325
        for i in start..<end { h = (h ^ UInt64(f[i])) &* 0x100000001b3 }
        h ^= h >> 29
        let mask = wordTable.count - 1
        var slot = Int(h & UInt64(mask))
        while true {
            let e = Int(wordTable[slot])
            if e < 0 { return 0 }
            let ws = Int(wordOffsets[e]), we = Int(wordOffsets[e + 1])
            if we - ws == n {
                var same = true
                for i in 0..<n where wordBytes[ws + i] != f[start + i] { same = false; break }
                if same { return wordMasks[e] }
            }
            slot = (slot + 1) & mask
        }
    }
}

/// A set of states of a ``RuleSet`` with `chunks` vectors (see
/// ``RuleSet/chunks``), held in registers by the backward pass.
protocol StateRegister {
    static var zero: Self { get }
    /// Loads `chunks` vectors.
    init(_ p: UnsafePointer<RuleSet.StateChunk>)
    func store(to p: UnsafeMutablePointer<RuleSet.StateChunk>)
    static func | (x: Self, y: Self) -> Self
    static func & (x: Self, y: Self) -> Self
    var isEmpty: Bool { get }
    /// Calls `body` with each state in the set, in increasing order.
    func forEachState(_ body: (Int) -> Void)
    /// Word `i` (states `64 * i ..< 64 * i + 64`).
    func word(_ i: Int) -> UInt64
    mutating func setWord(_ i: Int, _ value: UInt64)
}

extension UInt64 {
    /// Calls `body` with `base` plus each set bit's index, lowest first.
    @inline(__always)
    func forEachBit(_ base: Int, _ body: (Int) -> Void) {
        var bits = self
        while bits != 0 {
            body(base | bits.trailingZeroBitCount)
            bits &= bits - 1
        }
    }
}

/// Up to 256 states.
struct OneChunk: StateRegister {
    var v: SIMD4<UInt64>

    static var zero: OneChunk { OneChunk(v: .zero) }
    @inline(__always) init(v: SIMD4<UInt64>) { self.v = v }
    @inline(__always) init(_ p: UnsafePointer<RuleSet.StateChunk>) { v = p[0] }
    @inline(__always) func store(to p: UnsafeMutablePointer<RuleSet.StateChunk>) { p[0] = v }
    @inline(__always) static func | (x: OneChunk, y: OneChunk) -> OneChunk { OneChunk(v: x.v | y.v) }
    @inline(__always) static func & (x: OneChunk, y: OneChunk) -> OneChunk { OneChunk(v: x.v & y.v) }
    var isEmpty: Bool {
        @inline(__always) get { (v[0] | v[1] | v[2] | v[3]) == 0 }
    }
    @inline(__always) func forEachState(_ body: (Int) -> Void) {
        v[0].forEachBit(0, body)
        v[1].forEachBit(64, body)
        v[2].forEachBit(128, body)
        v[3].forEachBit(192, body)
    }
    @inline(__always) func word(_ i: Int) -> UInt64 { v[i] }
    @inline(__always) mutating func setWord(_ i: Int, _ value: UInt64) { v[i] = value }
}

/// Up to 512 states.
struct TwoChunks: StateRegister {
    var lo: SIMD4<UInt64>
    var hi: SIMD4<UInt64>

    static var zero: TwoChunks { TwoChunks(lo: .zero, hi: .zero) }
    @inline(__always) init(lo: SIMD4<UInt64>, hi: SIMD4<UInt64>) { self.lo = lo; self.hi = hi }
    @inline(__always) init(_ p: UnsafePointer<RuleSet.StateChunk>) { lo = p[0]; hi = p[1] }
    @inline(__always) func store(to p: UnsafeMutablePointer<RuleSet.StateChunk>) { p[0] = lo; p[1] = hi }
    @inline(__always) static func | (x: TwoChunks, y: TwoChunks) -> TwoChunks { TwoChunks(lo: x.lo | y.lo, hi: x.hi | y.hi) }
    @inline(__always) static func & (x: TwoChunks, y: TwoChunks) -> TwoChunks { TwoChunks(lo: x.lo & y.lo, hi: x.hi & y.hi) }
    var isEmpty: Bool {
        @inline(__always) get {
            let o = lo | hi
            return (o[0] | o[1] | o[2] | o[3]) == 0
        }
    }
    @inline(__always) func forEachState(_ body: (Int) -> Void) {
        lo[0].forEachBit(0, body)
        lo[1].forEachBit(64, body)
        lo[2].forEachBit(128, body)
        lo[3].forEachBit(192, body)
        hi[0].forEachBit(256, body)
        hi[1].forEachBit(320, body)
        hi[2].forEachBit(384, body)
        hi[3].forEachBit(448, body)
    }
    @inline(__always) func word(_ i: Int) -> UInt64 { i < 4 ? lo[i] : hi[i - 4] }
    @inline(__always) mutating func setWord(_ i: Int, _ value: UInt64) {
        if i < 4 { lo[i] = value } else { hi[i - 4] = value }
    }
}

/// Up to 768 states. Three and four vectors have register paths too because
/// the generic loop costs a third more per token.
struct ThreeChunks: StateRegister {
    var a: SIMD4<UInt64>, b: SIMD4<UInt64>, c: SIMD4<UInt64>

    static var zero: ThreeChunks { ThreeChunks(a: .zero, b: .zero, c: .zero) }
    @inline(__always) init(a: SIMD4<UInt64>, b: SIMD4<UInt64>, c: SIMD4<UInt64>) { self.a = a; self.b = b; self.c = c }
    @inline(__always) init(_ p: UnsafePointer<RuleSet.StateChunk>) { a = p[0]; b = p[1]; c = p[2] }
    @inline(__always) func store(to p: UnsafeMutablePointer<RuleSet.StateChunk>) { p[0] = a; p[1] = b; p[2] = c }
    @inline(__always) static func | (x: ThreeChunks, y: ThreeChunks) -> ThreeChunks {
        ThreeChunks(a: x.a | y.a, b: x.b | y.b, c: x.c | y.c)
    }
    @inline(__always) static func & (x: ThreeChunks, y: ThreeChunks) -> ThreeChunks {
        ThreeChunks(a: x.a & y.a, b: x.b & y.b, c: x.c & y.c)
    }
    var isEmpty: Bool {
        @inline(__always) get {
            let o = a | b | c
            return (o[0] | o[1] | o[2] | o[3]) == 0
        }
    }
    @inline(__always) func forEachState(_ body: (Int) -> Void) {
        for i in 0..<4 { a[i].forEachBit(i << 6, body) }
        for i in 0..<4 { b[i].forEachBit(256 | i << 6, body) }
        for i in 0..<4 { c[i].forEachBit(512 | i << 6, body) }
    }
    @inline(__always) func word(_ i: Int) -> UInt64 { i < 4 ? a[i] : i < 8 ? b[i - 4] : c[i - 8] }
    @inline(__always) mutating func setWord(_ i: Int, _ value: UInt64) {
        if i < 4 { a[i] = value } else if i < 8 { b[i - 4] = value } else { c[i - 8] = value }
    }
}

/// Up to 1,024 states.
struct FourChunks: StateRegister {
    var lo: TwoChunks, hi: TwoChunks

    static var zero: FourChunks { FourChunks(lo: .zero, hi: .zero) }
    @inline(__always) init(lo: TwoChunks, hi: TwoChunks) { self.lo = lo; self.hi = hi }
    @inline(__always) init(_ p: UnsafePointer<RuleSet.StateChunk>) { lo = TwoChunks(p); hi = TwoChunks(p + 2) }
    @inline(__always) func store(to p: UnsafeMutablePointer<RuleSet.StateChunk>) { lo.store(to: p); hi.store(to: p + 2) }
    @inline(__always) static func | (x: FourChunks, y: FourChunks) -> FourChunks { FourChunks(lo: x.lo | y.lo, hi: x.hi | y.hi) }
    @inline(__always) static func & (x: FourChunks, y: FourChunks) -> FourChunks { FourChunks(lo: x.lo & y.lo, hi: x.hi & y.hi) }
    var isEmpty: Bool {
        @inline(__always) get { lo.isEmpty && hi.isEmpty }
    }
    @inline(__always) func forEachState(_ body: (Int) -> Void) {
        lo.forEachState(body)
        hi.forEachState { body(512 + $0) }
    }
    @inline(__always) func word(_ i: Int) -> UInt64 { i < 8 ? lo.word(i) : hi.word(i - 8) }
    @inline(__always) mutating func setWord(_ i: Int, _ value: UInt64) {
        if i < 8 { lo.setWord(i, value) } else { hi.setWord(i - 8, value) }
    }
}

/// Builds the Thompson NFA of all rules.
struct AutomatonBuilder {
    enum Node {
        case consume(Int32)
        case split(Int32, Int32)
        case accept(Int32)
        case pending
    }

    var nodes: [Node] = []
    var stateKind: [UInt8] = []
    var stateList: [Int8] = []
    var stateValue: [Int32] = []
    var stateLabels: [UInt64] = []
    var stateEntity: [Bool] = []
    var stateNext: [Int32] = []
    /// Per state: the rule it belongs to.
    var stateRule: [Int32] = []
    /// The rule being compiled.
    var rule: Int32 = 0
    var testStart: [Int32] = [0]
    var clauses: [RuleSet.Clause] = []
    var quick: [RuleSet.Clause] = []

    mutating func node(_ n: Node) -> Int32 {
        nodes.append(n)
        return Int32(nodes.count - 1)
    }

    /// Compiles `p` so that it continues at node `next`; returns its entry node.
    mutating func compile(_ p: RulePattern, next: Int32, entity: Bool) -> Int32 {
        switch p {
        case .token(let test):
            return state(kind: 0, test: test, list: -1, value: -1, labels: 0, entity: entity, next: next)
        case .list(let list, let value, let first):
            return state(kind: 1, test: first, list: Int8(list.rawValue), value: value ?? -1, labels: 0, entity: entity, next: next)
        case .lexicon(let labels, let first):
            return state(kind: 2, test: first, list: -1, value: -1, labels: labels, entity: entity, next: next)
        case .sequence(let ps):
            var n = next
            for q in ps.reversed() { n = compile(q, next: n, entity: entity) }
            return n
        case .alternation(let ps):
            var n = compile(ps[ps.count - 1], next: next, entity: entity)
            for q in ps.dropLast().reversed() {
                let a = compile(q, next: next, entity: entity)
                n = node(.split(a, n))
            }
            return n
        case .repetition(let q, let min, let max):
            var r: Int32
            if let max {
                r = next
                for _ in 0..<(max - min) {
                    let body = compile(q, next: r, entity: entity)
                    r = node(.split(body, next))
                }
            } else {
                let loop = node(.pending)
                let body = compile(q, next: loop, entity: entity)
                nodes[Int(loop)] = .split(body, next)
                r = loop
            }
            for _ in 0..<min { r = compile(q, next: r, entity: entity) }
            return r
        case .entity(let q):
            return compile(q, next: next, entity: true)
        }
    }

    private mutating func state(kind: UInt8, test: TokenTest, list: Int8, value: Int32, labels: UInt64,
                                entity: Bool, next: Int32) -> Int32 {
        let s = Int32(stateKind.count)
        stateKind.append(kind)
        stateList.append(list)
        stateValue.append(value)
        stateLabels.append(labels)
        stateEntity.append(entity)
        stateNext.append(next)
        stateRule.append(rule)
        let cs = Self.dnf(test, negated: false)
        clauses.append(contentsOf: cs)
        testStart.append(Int32(clauses.count))
        var q = RuleSet.Clause(a: ~0, b: ~0, w: ~0)
        for c in cs { q.a &= c.a; q.b &= c.b; q.w &= c.w }
        if cs.isEmpty { q = RuleSet.Clause() }
        if kind == 1 { q.b |= 1 << UInt64(32 + Int(list)) }
        if kind == 2 { q.a |= 1 << UInt64(TokenClass.lexstart) }
        quick.append(q)
        return node(.consume(s))
    }

    /// Class, list and quoted-word bits that some token of every match of `p` has.
    static func needs(_ p: RulePattern) -> (a: UInt64, b: UInt64, w: UInt64) {
        switch p {
        case .token(let test):
            let cs = dnf(test, negated: false)
            guard !cs.isEmpty else { return (0, 0, 0) }
            return (cs.reduce(~0) { $0 & $1.a }, cs.reduce(~0) { $0 & $1.b }, cs.reduce(~0) { $0 & $1.w })
        case .list(let list, _, let first):
            let f = needs(.token(first))
            return (f.a, f.b | 1 << UInt64(32 + list.rawValue), f.w)
        case .lexicon(_, let first):
            let f = needs(.token(first))
            return (f.a | 1 << UInt64(TokenClass.lexstart), f.b, f.w)
        case .sequence(let ps):
            var r: (a: UInt64, b: UInt64, w: UInt64) = (0, 0, 0)
            for x in ps.map(needs) { r.a |= x.a; r.b |= x.b; r.w |= x.w }
            return r
        case .alternation(let ps):
            var r: (a: UInt64, b: UInt64, w: UInt64) = (~0, ~0, ~0)
            for x in ps.map(needs) { r.a &= x.a; r.b &= x.b; r.w &= x.w }
            return r
        case .repetition(let q, let min, _): return min > 0 ? needs(q) : (0, 0, 0)
        case .entity(let q): return needs(q)
        }
    }

    /// The states and accepting rules reachable from `n` through epsilon moves, in preference order.
    func closure(_ n: Int32) -> [Int32] {
        var out: [Int32] = []
        var seen = Set<Int32>()
        var stack: [Int32] = [n]
        while let x = stack.popLast() {
            guard seen.insert(x).inserted else { continue }
            switch nodes[Int(x)] {
            case .consume(let s): if !out.contains(s) { out.append(s) }
            case .accept(let r): if !out.contains(-1 - r) { out.append(-1 - r) }
            case .split(let a, let b): stack.append(b); stack.append(a)
            case .pending: break
            }
        }
        return out
    }

    /// A test as a disjunction of clauses.
    static func dnf(_ t: TokenTest, negated neg: Bool) -> [RuleSet.Clause] {
        func literal(_ set: (inout RuleSet.Clause) -> Void) -> [RuleSet.Clause] {
            var c = RuleSet.Clause()
            set(&c)
            return [c]
        }
        func product(_ xs: [[RuleSet.Clause]]) -> [RuleSet.Clause] {
            var acc = [RuleSet.Clause()]
            for x in xs {
                var next: [RuleSet.Clause] = []
                for a in acc { for b in x { let m = a.merged(b); if !m.isContradictory { next.append(m) } } }
                acc = next
            }
            return acc
        }
        switch t {
        case .any: return neg ? [] : [RuleSet.Clause()]
        case .tokenClass(let bit):
            return literal { if neg { $0.aNot = 1 << UInt64(bit) } else { $0.a = 1 << UInt64(bit) } }
        case .listWord(let l):
            return literal { if neg { $0.bNot = 1 << UInt64(l.rawValue) } else { $0.b = 1 << UInt64(l.rawValue) } }
        case .words(let i):
            return literal { if neg { $0.wNot = 1 << UInt64(i) } else { $0.w = 1 << UInt64(i) } }
        case .lexLabel(let mask):
            let bits = mask << UInt64(TokenClass.labelBase)
            if neg { return literal { $0.aNot = bits } }
            var out: [RuleSet.Clause] = []
            for i in 0..<64 where bits & (1 << UInt64(i)) != 0 { out.append(RuleSet.Clause(a: 1 << UInt64(i))) }
            return out
        case .not(let x): return dnf(x, negated: !neg)
        case .and(let xs): return neg ? xs.flatMap { dnf($0, negated: true) } : product(xs.map { dnf($0, negated: false) })
        case .or(let xs): return neg ? product(xs.map { dnf($0, negated: true) }) : xs.flatMap { dnf($0, negated: false) }
        }
    }
}

/// A match in progress: its state, and where the match and its entity part began.
struct RuleThread {
    var state: Int32
    var start: Int32
    var entityStart: Int32
    var entityEnd: Int32
}

/// A finished match of one rule.
struct RuleMatch {
    var rule: Int32
    var start: Int32
    var end: Int32
    var entityStart: Int32
    var entityEnd: Int32
}

/// Per-worker buffers of the rule automaton, reused from document to document:
/// the per-token feature words, live states, waiting threads and matches, and a
/// cache of which states each combination of feature words passes (documents
/// repeat a few hundred combinations, so a token's tests are evaluated once per
/// combination, not once per token). Not thread-safe: one per worker (a
/// ``RuleContext`` carries it); see ``RuleContext/scratch``.
public final class RuleScratch {
    /// Taken out for the length of a run (``RuleSet/run(_:into:)``), so that the
    /// run's many accesses to them are to a local and need no exclusivity checks.
    var buffers = RuleBuffers()

    public init() {}
}

/// The buffers of a ``RuleScratch``.
struct RuleBuffers {
    /// Token classes and the labels of the lexicon entity covering the token.
    var classes: [UInt64] = []
    /// Low 32 bits: one-token word-list entries (``RuleContext/wordMask``); high 32: word-list entries starting here.
    var lists: [UInt64] = []
    /// Word sets of quoted words that hold the token.
    var words: [UInt64] = []
    /// Per token (and one more), the live states.
    var live: [RuleSet.StateChunk] = []
    var threads: [RuleThread] = []
    /// When `seen[slot * stateCount + s] == epoch + p`, state `s` is queued for position `p`.
    var seen: [Int64] = []
    /// Grows by more than any document's length per document, so `seen` needs no clearing.
    var epoch: Int64 = 0
    var counts: [Int] = []
    var matches: [RuleMatch] = []

    /// The pass cache: feature words (3 per entry) to passing states (`chunks` per entry).
    var cacheOwner: RuleSet.Identity?
    var cacheKeys: [UInt64] = []
    var cacheStamp: [UInt32] = []
    var cacheStates: [RuleSet.StateChunk] = []
    var cacheGeneration: UInt32 = 1
    var cacheCount = 0
    static let cacheBits = 11

    /// Quoted-word masks by lexicon token id (see ``RuleContext/tokenIDs``),
    /// direct-mapped: entry `id & mask` is `id + 1` (0: empty) and the mask.
    /// Most tokens are frequent words, so most masks cost one look-up here
    /// instead of hashing and comparing the token's bytes.
    var wordMemo: [UInt64] = []
    var wordMemoOwner: (RuleSet.Identity?, ObjectIdentifier?) = (nil, nil)
    static let wordMemoBits = 12

    /// Computes the feature words of `c`'s tokens; returns the longest word-list entry or lexicon match, in tokens.
    mutating func features(_ c: RuleContext, _ rules: RuleSet) -> Int {
        let n = c.count
        if classes.count < n {
            classes = [UInt64](repeating: 0, count: n)
            lists = [UInt64](repeating: 0, count: n)
            words = [UInt64](repeating: 0, count: n)
        }
        if wordMemoOwner.0 !== rules.identity || wordMemoOwner.1 != ObjectIdentifier(c.lexicon) {
            wordMemoOwner = (rules.identity, ObjectIdentifier(c.lexicon))
            wordMemo = [UInt64](repeating: 0, count: 2 << Self.wordMemoBits)
        }
        let memoMask = (1 << Self.wordMemoBits) - 1
        var maxSpan = 1
        for h in c.hits { maxSpan = max(maxSpan, Int(h.end - h.start)) }
        for m in c.matches { maxSpan = max(maxSpan, Int(m.endToken - m.firstToken)) }
        let labelBase = UInt64(TokenClass.labelBase)
        c.text.folded.withUnsafeBufferPointer { f in
        c.text.tokens.withUnsafeBufferPointer { toks in
        c.text.bytes.withUnsafeBufferPointer { bytes in
        c.bits.withUnsafeBufferPointer { tokenBits in
        c.matchCover.withUnsafeBufferPointer { matchCover in
        c.wordMask.withUnsafeBufferPointer { wordMask in
        c.startMask.withUnsafeBufferPointer { startMask in
        classes.withUnsafeMutableBufferPointer { classes in
        lists.withUnsafeMutableBufferPointer { lists in
        words.withUnsafeMutableBufferPointer { words in
        wordMemo.withUnsafeMutableBufferPointer { memo in
        c.tokenIDs.withUnsafeBufferPointer { ids in
          Self.shapeClassTable.withUnsafeBufferPointer { shapeClasses in
            for t in 0..<n {
                let tok = toks[t]
                let shape = tok.shape
                var a = shapeClasses[Self.shapeClassKey(tok.kind, shape)]
                let bits = tokenBits[t]
                if bits & RuleContext.TokenBit.nameWord != 0 {
                    a |= 1 << UInt64(TokenClass.name)
                    if bits & RuleContext.TokenBit.initial != 0 { a |= 1 << UInt64(TokenClass.initial) }
                }
                if bits & RuleContext.TokenBit.connector != 0 { a |= 1 << UInt64(TokenClass.connector) }
                if tok.kind == .word, shape.contains(.allUpper), !shape.contains(.hasDigit), tok.length >= 2, tok.length <= 6,
                   !tok.flags.contains(.headline), bits & RuleContext.TokenBit.initial == 0 {
                    // Roman numerals (II, IV, XIV) are not acronyms.
                    var roman = true
                    for i in Int(tok.start)..<Int(tok.end) {
                        let ch = bytes[i]
                        if ch != 0x49 && ch != 0x56 && ch != 0x58 && ch != 0x4C && ch != 0x43 { roman = false; break }
                    }
                    if !roman { a |= 1 << UInt64(TokenClass.acronym) }
                }
                if t > 0, !tok.flags.contains(.spaceBefore), toks[t - 1].end == tok.start { a |= 1 << UInt64(TokenClass.glued) }
                if tok.flags.contains(.newlineBefore) { a |= 1 << UInt64(TokenClass.nl) }
                if tok.flags.contains(.sentenceStart) { a |= 1 << UInt64(TokenClass.sentstart) }
                if tok.flags.contains(.headline) { a |= 1 << UInt64(TokenClass.headline) }
                let cover = Int(matchCover[t])
                if cover >= 0 {
                    let m = c.matches[cover]
                    a |= 1 << UInt64(TokenClass.lex)
                    if !c.facts.weak[Int(m.entity)] { a |= 1 << UInt64(TokenClass.strong) }
                    if Int(m.firstToken) == t { a |= 1 << UInt64(TokenClass.lexstart) }
                    a |= 1 << (labelBase + UInt64(c.facts.labels[Int(m.entity)].rawValue))
                }
                classes[t] = a
                lists[t] = UInt64(wordMask[t]) | UInt64(startMask[t]) << 32
                let id = ids.isEmpty ? -1 : Int(ids[t])
                if id >= 0 {
                    let slot = 2 * (id & memoMask)
                    if memo[slot] != UInt64(id + 1) {
                        memo[slot] = UInt64(id + 1)
                        memo[slot + 1] = rules.wordMask(f, Int(tok.foldStart), Int(tok.foldEnd))
                    }
                    words[t] = memo[slot + 1]
                } else {
                    words[t] = rules.wordMask(f, Int(tok.foldStart), Int(tok.foldEnd))
                }
            }
          }
        }}}}}}}}}}}}
        return maxSpan
    }

    /// The shape bits the token classes depend on (upper initial, all upper,
    /// has lower, has digit, all digits, has letter; Latin, Cyrillic) and the
    /// kind: the index of a token's entry in ``shapeClassTable``.
    @inline(__always)
    static func shapeClassKey(_ kind: TokenKind, _ shape: TokenShape) -> Int {
        Int(kind.rawValue) << 8 | Int(shape.rawValue & 0x3F) | Int(shape.rawValue >> 8 & 0x3) << 6
    }

    /// The classes a token has by its kind and shape alone, for every
    /// ``shapeClassKey(_:_:)``: one look-up per token instead of a dozen tests.
    static let shapeClassTable: [UInt64] = {
        var table = [UInt64](repeating: 0, count: 8 << 8)
        for kindRaw in 0..<8 {
            guard let kind = TokenKind(rawValue: UInt8(kindRaw)) else { continue }
            for low in 0..<256 {
                let shape = TokenShape(rawValue: UInt16(low & 0x3F) | UInt16(low >> 6) << 8)
                table[shapeClassKey(kind, shape)] = shapeClasses(kind, shape)
            }
        }
        return table
    }()

    /// The classes a token has by its kind and shape alone.
    static func shapeClasses(_ kind: TokenKind, _ shape: TokenShape) -> UInt64 {
        var a: UInt64 = 0
        switch kind {
        case .word: a |= 1 << UInt64(TokenClass.word)
        case .number: a |= 1 << UInt64(TokenClass.number)
        case .punctuation: a |= 1 << UInt64(TokenClass.punct)
        case .possessive: a |= 1 << UInt64(TokenClass.possessive)
        case .ideographic: break
        }
        if shape.contains(.upperInitial) { a |= 1 << UInt64(TokenClass.cap) }
        if shape.contains(.allUpper) { a |= 1 << UInt64(TokenClass.allcaps) }
        if kind == .word, !shape.contains(.upperInitial) { a |= 1 << UInt64(TokenClass.lower) }
        if shape.isTitleCase { a |= 1 << UInt64(TokenClass.titlecase) }
        if shape.contains(.hasDigit) {
            a |= 1 << UInt64(TokenClass.digit)
            if shape.contains(.hasLetter) { a |= 1 << UInt64(TokenClass.alnum) }
        }
        if shape.contains(.latin) { a |= 1 << UInt64(TokenClass.latin) }
        if shape.contains(.cyrillic) { a |= 1 << UInt64(TokenClass.cyrillic) }
        return a
    }

    /// Sizes the buffers for a document of `n` tokens whose longest step is `width - 1` tokens.
    mutating func prepare(_ rules: RuleSet, tokens n: Int, width: Int) {
        let chunks = rules.chunks, stateCount = rules.stateKind.count
        // One row per token and a quarter more (a row is 32 bytes per 256 states:
        // the largest buffer of a long document); given back after a document far
        // longer than the current one, so that one outlier does not keep it.
        let rows = (n + 1) * chunks
        if live.count < rows || (live.count > 1 << 20 && live.count > 4 * rows) {
            live = [RuleSet.StateChunk](repeating: .zero, count: rows + rows / 4)
        }
        if threads.count < width * stateCount {
            threads = [RuleThread](repeating: RuleThread(state: 0, start: 0, entityStart: 0, entityEnd: 0), count: width * stateCount)
            seen = [Int64](repeating: -1, count: width * stateCount)
        }
        if counts.count < width { counts = [Int](repeating: 0, count: width) }
        if cacheOwner !== rules.identity {
            cacheOwner = rules.identity
            cacheKeys = [UInt64](repeating: 0, count: 3 << Self.cacheBits)
            cacheStamp = [UInt32](repeating: 0, count: 1 << Self.cacheBits)
            cacheStates = [RuleSet.StateChunk](repeating: .zero, count: chunks << Self.cacheBits)
            cacheCount = 0
            cacheGeneration &+= 1
        }
        matches.removeAll(keepingCapacity: true)
    }
}

extension RuleSet {
    /// Runs every rule over the document; appends, per rule and start token,
    /// the longest match with a non-empty entity part.
    ///
    /// Two passes. The backward pass computes, per token, the *live* states:
    /// those a thread can be in there and still reach an accepting rule (the
    /// state passes the token, and it accepts or one of its follow states is
    /// live where it lands). Only predecessors of live states and the few
    /// accepting or multi-token states are looked at, as bit sets; which
    /// states a token passes comes from the scratch's cache. The forward pass
    /// is the Pike-VM simulation, but it starts and keeps only live threads.
    /// Whether a thread is live depends only on its state and position, as
    /// does the one-thread-per-state-and-slot rule, so dropping dead threads
    /// changes no match, and most tokens cost a few bit operations.
    func run(_ c: RuleContext, into out: inout [Entity]) {
        let n = c.count
        guard n > 0, !starts.isEmpty else { return }
        let owner = c.scratch ?? RuleScratch()
        var scratch = RuleBuffers()
        swap(&scratch, &owner.buffers)
        defer { swap(&scratch, &owner.buffers) }
        let maxSpan = scratch.features(c, self)
        // Rules whose required list entries or words the document lacks never start.
        var docA: UInt64 = 0, docB: UInt64 = 0, docW: UInt64 = 0
        for t in 0..<n { docA |= scratch.classes[t]; docB |= scratch.lists[t]; docW |= scratch.words[t] }
        let C = chunks
        var anyOn = false
        // The states of rules that are on, then three work vectors.
        var work = [StateChunk](repeating: .zero, count: 4 * C)
        for r in 0..<ruleNames.count where docA & ruleNeedsA[r] == ruleNeedsA[r] && docB & ruleNeedsB[r] == ruleNeedsB[r]
            && docW & ruleNeedsW[r] == ruleNeedsW[r] {
            anyOn = true
            for k in 0..<C { work[k] |= ruleStates[r * C + k] }
        }
        guard anyOn else { return }
        // Power of two, so that slots are a mask away (a `let`: a `var` that the nested
        // functions below capture is checked for exclusive access at run time on every read).
        let width = 1 << (Int.bitWidth - maxSpan.leadingZeroBitCount)
        let stateCount = stateKind.count
        scratch.prepare(self, tokens: n, width: width)
        let epoch = scratch.epoch
        scratch.epoch += Int64(n) + 1
        let cacheMask = (1 << RuleBuffers.cacheBits) - 1
        if scratch.cacheCount > cacheMask / 4 * 3 {
            scratch.cacheGeneration &+= 1
            scratch.cacheCount = 0
        }
        let generation = scratch.cacheGeneration
        var cacheCount = scratch.cacheCount
        var matches = scratch.matches
        scratch.matches = []
        scratch.classes.withUnsafeBufferPointer { fa in
        scratch.lists.withUnsafeBufferPointer { fb in
        scratch.words.withUnsafeBufferPointer { fw in
        scratch.live.withUnsafeMutableBufferPointer { liveBuffer in
        scratch.threads.withUnsafeMutableBufferPointer { threads in
        scratch.seen.withUnsafeMutableBufferPointer { seen in
        scratch.counts.withUnsafeMutableBufferPointer { counts in
        scratch.cacheKeys.withUnsafeMutableBufferPointer { cacheKeys in
        scratch.cacheStamp.withUnsafeMutableBufferPointer { cacheStamp in
        scratch.cacheStates.withUnsafeMutableBufferPointer { cacheStates in
        work.withUnsafeMutableBufferPointer { work in
        clauses.withUnsafeBufferPointer { clauses in
        quick.withUnsafeBufferPointer { quick in
        testStart.withUnsafeBufferPointer { testStart in
        stateKind.withUnsafeBufferPointer { kinds in
        follow.withUnsafeBufferPointer { follow in
        followStart.withUnsafeBufferPointer { followStart in
        bucketStart.withUnsafeBufferPointer { bucketStart in
        bucketItems.withUnsafeBufferPointer { bucketItems in
        starts.withUnsafeBufferPointer { starts in
        pred.withUnsafeBufferPointer { pred in
        acceptingOne.withUnsafeBufferPointer { acceptingOne in
        multi.withUnsafeBufferPointer { multi in
        startStates.withUnsafeBufferPointer { startStates in
        ownAlways.withUnsafeBufferPointer { ownAlways in
        prevAlways.withUnsafeBufferPointer { prevAlways in
        prevBy.withUnsafeBufferPointer { prevBy in
            let live = liveBuffer.baseAddress!
            let on = work.baseAddress!, need = on + C, spare = on + 2 * C, roots = on + 3 * C
            @inline(__always) func passes(_ s: Int, _ a: UInt64, _ b: UInt64, _ w: UInt64) -> Bool {
                let q = quick[s]
                guard (a & q.a) == q.a, (b & q.b) == q.b, (w & q.w) == q.w else { return false }
                for k in Int(testStart[s])..<Int(testStart[s + 1]) where clauses[k].passes(a, b, w) { return true }
                return false
            }
            @inline(__always) func isLive(_ s: Int, at p: Int) -> Bool {
                live[p * C + s >> 8][(s >> 6) & 3] & (1 << UInt64(s & 63)) != 0
            }
            /// The states token features `(a, b, w)` pass, from the cache.
            @inline(__always) func passing(_ a: UInt64, _ b: UInt64, _ w: UInt64) -> UnsafeMutablePointer<StateChunk> {
                var h = (a &* 0x9E3779B97F4A7C15) ^ (b &* 0xC2B2AE3D27D4EB4F) ^ (w &* 0x165667B19E3779F9)
                h ^= h >> 29
                var slot = Int(truncatingIfNeeded: h) & cacheMask
                while true {
                    if cacheStamp[slot] != generation {
                        // Not cached: test every state once (and cache it while the table is not too full).
                        let v: UnsafeMutablePointer<StateChunk>
                        if cacheCount < cacheMask / 4 * 3 {
                            cacheStamp[slot] = generation
                            cacheKeys[3 * slot] = a; cacheKeys[3 * slot + 1] = b; cacheKeys[3 * slot + 2] = w
                            cacheCount += 1
                            v = cacheStates.baseAddress! + slot * C
                        } else {
                            v = spare
                        }
                        for k in 0..<C { v[k] = .zero }
                        for s in 0..<stateCount where passes(s, a, b, w) { v[s >> 8][(s >> 6) & 3] |= 1 << UInt64(s & 63) }
                        return v
                    }
                    if cacheKeys[3 * slot] == a, cacheKeys[3 * slot + 1] == b, cacheKeys[3 * slot + 2] == w {
                        return cacheStates.baseAddress! + slot * C
                    }
                    slot = (slot + 1) & cacheMask
                }
            }
            /// Where a state that passes token `t` lands, or -1 when its list entry or lexicon match does not fit.
            @inline(__always) func landing(_ s: Int, _ t: Int) -> Int {
                switch kinds[s] {
                case 1:
                    guard let hit = c.longest(WordList(rawValue: Int(stateList[s]))!, at: t),
                          stateValue[s] < 0 || hit.value == stateValue[s] else { return -1 }
                    return Int(hit.end)
                case 2:
                    let m = c.matches[Int(c.matchCover[t])]
                    guard stateLabels[s] & (1 << UInt64(c.facts.labels[Int(m.entity)].rawValue)) != 0 else { return -1 }
                    return Int(m.endToken)
                default:
                    return t + 1
                }
            }

            // Backward: live states, token by token.
            for k in 0..<C { live[n * C + k] = .zero }
            /// Adds to `row` (lane `lane` of vector `k` at token `t`) the multi-token states of `m` that land where a follow state is live.
            @inline(__always) func landMulti(_ m: UInt64, _ k: Int, _ lane: Int, _ t: Int, into row: inout UInt64) {
                var bits = m
                while bits != 0 {
                    let s = k << 8 | lane << 6 | bits.trailingZeroBitCount
                    bits &= bits - 1
                    let end = landing(s, t)
                    guard end >= 0 else { continue }
                    var keep = accepting[s]
                    if !keep, end < n {
                        for i in Int(followStart[s])..<Int(followStart[s + 1]) where follow[i] >= 0 && isLive(Int(follow[i]), at: end) {
                            keep = true
                            break
                        }
                    }
                    if keep { row |= 1 << UInt64(s & 63) }
                }
            }
            /// Token `t - 1`'s gate bits (see ``prevBy``).
            @inline(__always) func gateWords(_ t: Int) -> (UInt64, UInt64, UInt64) {
                t > 0 ? (fa[t - 1] & prevMask.0, fb[t - 1] & prevMask.1, fw[t - 1] & prevMask.2) : (0, 0, 0)
            }
            /// The backward pass with the sets of states in registers (`R.chunks == C`).
            func backward<R: StateRegister>(_: R.Type) {
                let predP = pred.baseAddress!, prevByP = prevBy.baseAddress!
                let onR = R(on), acceptingR = R(acceptingOne.baseAddress!), multiR = R(multi.baseAddress!)
                let ownAlwaysR = R(ownAlways.baseAddress!)
                let prevAlwaysR = R(prevAlways.baseAddress!)
                var next = R.zero
                for t in stride(from: n - 1, through: 0, by: -1) {
                    let a = fa[t], b = fb[t], w = fw[t]
                    // One-token states that continue into a live state at t + 1.
                    var need = R.zero
                    next.forEachState { f in need = need | R(predP + f * C) }
                    need = need & onR
                    // The roots that may hold a thread here.
                    var roots = prevAlwaysR
                    let (ga, gb, gw) = gateWords(t)
                    ga.forEachBit(0) { roots = roots | R(prevByP + $0 * C) }
                    gb.forEachBit(64) { roots = roots | R(prevByP + $0 * C) }
                    gw.forEachBit(128) { roots = roots | R(prevByP + $0 * C) }
                    roots = roots & onR
                    // Those roots matter when the token has one's key bit.
                    guard !need.isEmpty || (!roots.isEmpty && (!(roots & ownAlwaysR).isEmpty
                        || (a & rootKey.0) | (b & rootKey.1) | (w & rootKey.2) != 0)) else {
                        R.zero.store(to: live + t * C)
                        next = .zero
                        continue
                    }
                    let ok = R(passing(a, b, w)) & onR
                    var row = ok & (need | (acceptingR & roots))
                    let m = ok & multiR & roots
                    if !m.isEmpty {
                        for i in 0..<4 * C where m.word(i) != 0 {
                            var word = row.word(i)
                            landMulti(m.word(i), i >> 2, i & 3, t, into: &word)
                            row.setWord(i, word)
                        }
                    }
                    row.store(to: live + t * C)
                    next = row
                }
            }
            if registerPaths && C == 1 {
                backward(OneChunk.self)
            } else if registerPaths && C == 2 {
                backward(TwoChunks.self)
            } else if registerPaths && C == 3 {
                backward(ThreeChunks.self)
            } else if registerPaths && C == 4 {
                backward(FourChunks.self)
            } else {
            for t in stride(from: n - 1, through: 0, by: -1) {
                let a = fa[t], b = fb[t], w = fw[t]
                let row = live + t * C
                // One-token states that continue into a live state at t + 1.
                let next = UnsafeRawPointer(live + (t + 1) * C)
                for k in 0..<C { need[k] = .zero }
                for i in 0..<4 * C {
                    next.load(fromByteOffset: i * 8, as: UInt64.self).forEachBit(i << 6) { f in
                        for j in 0..<C { need[j] |= pred[f * C + j] }
                    }
                }
                var any = false
                for k in 0..<C {
                    need[k] &= on[k]
                    if need[k] != .zero { any = true }
                }
                // The roots that may hold a thread here.
                for k in 0..<C { roots[k] = prevAlways[k] }
                let (ga, gb, gw) = gateWords(t)
                ga.forEachBit(0) { g in for j in 0..<C { roots[j] |= prevBy[g * C + j] } }
                gb.forEachBit(64) { g in for j in 0..<C { roots[j] |= prevBy[g * C + j] } }
                gw.forEachBit(128) { g in for j in 0..<C { roots[j] |= prevBy[g * C + j] } }
                var anyRoot = false, unkeyedRoot = false
                for k in 0..<C {
                    roots[k] &= on[k]
                    if roots[k] != .zero { anyRoot = true }
                    if roots[k] & ownAlways[k] != .zero { unkeyedRoot = true }
                }
                // Those roots matter when the token has one's key bit.
                guard any || (anyRoot && (unkeyedRoot || (a & rootKey.0) | (b & rootKey.1) | (w & rootKey.2) != 0)) else {
                    for k in 0..<C { row[k] = .zero }
                    continue
                }
                let pass = passing(a, b, w)
                for k in 0..<C {
                    let ok = pass[k] & on[k]
                    row[k] = ok & (need[k] | (acceptingOne[k] & roots[k]))
                    let m = ok & multi[k] & roots[k]
                    for lane in 0..<4 where m[lane] != 0 { landMulti(m[lane], k, lane, t, into: &row[k][lane]) }
                }
            }
            }

            // Forward: the Pike VM over live threads.
            @inline(__always) func enqueue(_ th: RuleThread, at p: Int) {
                let slot = p & (width - 1)
                let key = slot * stateCount + Int(th.state)
                guard seen[key] != epoch + Int64(p) else { return }
                seen[key] = epoch + Int64(p)
                threads[slot * stateCount + counts[slot]] = th
                counts[slot] += 1
            }
            @inline(__always) func tryStart(_ i: Int, _ t: Int) {
                let s = Int(starts[i])
                // Live states are states of rules that are on (the backward pass masks them).
                guard isLive(s, at: t) else { return }
                enqueue(RuleThread(state: Int32(s), start: Int32(t), entityStart: -1, entityEnd: -1), at: t)
            }
            for k in 0..<width { counts[k] = 0 }
            for t in 0..<n {
                var startsHere = false
                for k in 0..<C where live[t * C + k] & startStates[k] != .zero { startsHere = true }
                if startsHere {
                    // In the order of the start buckets.
                    let a = fa[t], b = fb[t], w = fw[t]
                    @inline(__always) func startBucket(_ k: Int) {
                        for j in Int(bucketStart[k])..<Int(bucketStart[k + 1]) { tryStart(Int(bucketItems[j]), t) }
                    }
                    (a & bucketMask.0).forEachBit(0, startBucket)
                    (b & bucketMask.1).forEachBit(64, startBucket)
                    (w & bucketMask.2).forEachBit(128, startBucket)
                    for i in unkeyed { tryStart(Int(i), t) }
                }
                let slot = t & (width - 1)
                var i = 0
                while i < counts[slot] {
                    let th = threads[slot * stateCount + i]
                    i += 1
                    let s = Int(th.state)
                    let end = landing(s, t)
                    var next = th
                    if stateEntity[s] {
                        if next.entityStart < 0 { next.entityStart = Int32(t) }
                        next.entityEnd = Int32(end)
                    }
                    for k in Int(followStart[s])..<Int(followStart[s + 1]) {
                        let f = follow[k]
                        if f < 0 {
                            matches.append(RuleMatch(rule: -1 - f, start: next.start, end: Int32(end),
                                                     entityStart: next.entityStart, entityEnd: next.entityEnd))
                        } else if end < n, isLive(Int(f), at: end) {
                            next.state = f
                            enqueue(next, at: end)
                        }
                    }
                }
                counts[slot] = 0
            }
        }}}}}}}}}}}}}}}}}}}}}}}}}}}
        scratch.cacheCount = cacheCount
        defer { scratch.matches = matches }
        guard !matches.isEmpty else { return }
        // Per rule and start, the longest match.
        matches.sort { x, y in
            x.rule != y.rule ? x.rule < y.rule : x.start != y.start ? x.start < y.start : x.end > y.end
        }
        var i = 0
        while i < matches.count {
            let m = matches[i]
            // Words of a title are no place of their own ("Assistant District" of "Assistant
            // District Attorney"); an organization inside one is ("Foreign Ministry spokesman").
            if m.entityStart >= 0, m.entityEnd > m.entityStart,
               !ruleLabels[Int(m.rule)].isPlace || !c.isWithinTitle(Int(m.entityStart), Int(m.entityEnd)) {
                let r = Int(m.rule)
                var subtype = ruleSubtypes[r]
                if let list = ruleSubtypeLists[r] {
                    subtype = Self.listSubtype(list, c, Int(m.entityStart), Int(m.entityEnd))
                }
                out.append(c.candidate(Int(m.entityStart), Int(m.entityEnd), ruleLabels[r], subtype: subtype,
                                       priority: rulePriorities[r]))
            }
            var j = i + 1
            while j < matches.count, matches[j].rule == m.rule, matches[j].start == m.start { j += 1 }
            i = j
        }
    }
}

/// Runs the rule files' automaton (``RuleSet``) as a recognizer.
public struct RuleFileRecognizer: Recognizer {
    public let rules: RuleSet

    public init(_ rules: RuleSet) { self.rules = rules }

    public func recognize(_ context: RuleContext, into candidates: inout [Entity]) {
        rules.run(context, into: &candidates)
    }
}
