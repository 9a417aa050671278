import GazetteCore

/// Strings back to back in one byte arena: the storage of every name a lexicon
/// holds, in a form a compiled lexicon file stores as it is.
struct StringList: Sendable {
    private(set) var arena: [UInt8] = []
    /// `ends[i]` is one past the last byte of string `i`; it starts at `ends[i - 1]` (0 for 0).
    private(set) var ends: [UInt32] = []

    init() {}

    /// Reassembles a list from its arrays; nil when they are inconsistent.
    init?(arena: [UInt8], ends: [UInt32]) {
        guard Self.consistent(arena: arena, ends: ends) else { return nil }
        self.arena = arena
        self.ends = ends
    }

    /// True when `ends` rises and stops at the end of `arena`: what reading a
    /// compiled file checks of every arena of strings.
    static func consistent(arena: [UInt8], ends: [UInt32]) -> Bool {
        guard (ends.last.map(Int.init) ?? 0) == arena.count else { return false }
        var previous: UInt32 = 0
        for e in ends {
            guard e >= previous else { return false }
            previous = e
        }
        return true
    }

    var count: Int { ends.count }
    var byteSize: Int { arena.capacity + ends.capacity * 4 }

    @discardableResult
    mutating func append(_ s: String) -> Int32 {
        arena.append(contentsOf: s.utf8)
        ends.append(UInt32(arena.count))
        return Int32(ends.count - 1)
    }

    /// The bytes at the start of strings `i` and `i + 1` folded into one: a
    /// read whose only purpose is to bring them into the cache.
    @inline(__always)
    func touch(_ i: Int) -> UInt8 {
        ends.withUnsafeBufferPointer { ends in
            arena.withUnsafeBufferPointer { arena in
                guard !arena.isEmpty else { return 0 }
                let a = i == 0 ? 0 : Int(ends[i - 1]), b = Int(ends[i])
                return arena[min(a, arena.count - 1)] &+ arena[min(b, arena.count - 1)]
            }
        }
    }

    subscript(i: Int) -> String {
        let start = i == 0 ? 0 : Int(ends[i - 1])
        return String(decoding: arena[start..<Int(ends[i])], as: UTF8.self)
    }
}

/// The facts of every entity of a lexicon as flat arrays, indexed by entity.
///
/// Each entity owns a run of strings in ``strings``: its kb_id, its canonical
/// name, its aliases (as written, with case markers), then its attributes as
/// key, value pairs sorted by key. Subtype and source file names are interned
/// in ``names``. Immutable once built; a compiled lexicon file stores it as it is.
final class EntityStore: Sendable {
    let strings: StringList
    /// `stringStart[e]..<stringStart[e + 1]` are entity `e`'s strings.
    let stringStart: [Int32]
    let aliasCount: [Int32]
    /// Interned subtypes and source files.
    let names: StringList
    let label: [UInt8]
    /// ``Flags`` bits.
    let flags: [UInt8]
    let prior: [Double]
    /// The `country` attribute as two ASCII letters (`"UA"` → 0x5541), or 0.
    let country: [UInt16]
    /// Index into ``names``, or -1.
    let subtype: [Int32]
    let source: [Int32]
    /// ``names`` decoded once, so that entity views share these strings.
    let nameStrings: [String]
    /// Every entity's kb_id and canonical name, decoded once: a candidate made
    /// from a lexicon match shares them instead of decoding and allocating its
    /// own (two allocations per match were 2.5% of tagging).
    let kbIDStrings: [String]
    let canonicalStrings: [String]

    enum Flags {
        static let curated: UInt8 = 1
        static let ambiguous: UInt8 = 2
        /// A country's capital (`capital=1`).
        static let capital: UInt8 = 4
    }

    init(strings: StringList, stringStart: [Int32], aliasCount: [Int32], names: StringList, label: [UInt8],
         flags: [UInt8], prior: [Double], country: [UInt16], subtype: [Int32], source: [Int32]) {
        self.strings = strings
        self.stringStart = stringStart
        self.aliasCount = aliasCount
        self.names = names
        self.label = label
        self.flags = flags
        self.prior = prior
        self.country = country
        self.subtype = subtype
        self.source = source
        self.nameStrings = (0..<names.count).map { names[$0] }
        let count = label.count
        self.kbIDStrings = (0..<count).map { strings[Int(stringStart[$0])] }
        self.canonicalStrings = (0..<count).map { strings[Int(stringStart[$0]) + 1] }
    }

    var count: Int { label.count }

    var byteSize: Int {
        strings.byteSize + names.byteSize + stringStart.capacity * 4 + aliasCount.capacity * 4 + label.capacity
            + flags.capacity + prior.capacity * 8 + country.capacity * 2 + subtype.capacity * 4 + source.capacity * 4
    }

    /// Checks that every per-entity array has one entry per entity and every index is in range.
    func validate() -> Bool {
        let n = label.count
        guard stringStart.count == n + 1, aliasCount.count == n, flags.count == n, prior.count == n,
              country.count == n, subtype.count == n, source.count == n,
              stringStart.first == 0, stringStart.last.map(Int.init) == strings.count else { return false }
        for e in 0..<n {
            let run = Int(stringStart[e + 1]) - Int(stringStart[e])
            guard run >= 2, aliasCount[e] >= 0, Int(aliasCount[e]) <= run - 2, (run - 2 - Int(aliasCount[e])) % 2 == 0,
                  subtype[e] >= -1, Int(subtype[e]) < names.count, source[e] >= 0, Int(source[e]) < names.count,
                  EntityLabel(rawValue: label[e]) != nil else { return false }
        }
        return true
    }

    func kbID(_ e: Int) -> String { kbIDStrings[e] }
    func canonical(_ e: Int) -> String { canonicalStrings[e] }

    func aliases(_ e: Int) -> [String] {
        let first = Int(stringStart[e]) + 2
        return (first..<(first + Int(aliasCount[e]))).map { strings[$0] }
    }

    func attributes(_ e: Int) -> [String: String] {
        var out: [String: String] = [:]
        var i = Int(stringStart[e]) + 2 + Int(aliasCount[e])
        while i + 1 < Int(stringStart[e + 1]) {
            out[strings[i]] = strings[i + 1]
            i += 2
        }
        return out
    }

    /// The value of one attribute of entity `e`, or nil (decodes only the keys before it).
    func attribute(_ e: Int, _ key: String) -> String? {
        var i = Int(stringStart[e]) + 2 + Int(aliasCount[e])
        while i + 1 < Int(stringStart[e + 1]) {
            if strings[i] == key { return strings[i + 1] }
            i += 2
        }
        return nil
    }

    func entity(_ e: Int) -> LexiconEntity {
        LexiconEntity(store: self, index: Int32(e))
    }

    static func countryCode(_ s: String?) -> UInt16 {
        guard let s, s.utf8.count == 2 else { return 0 }
        let b = Array(s.utf8)
        return UInt16(b[0]) << 8 | UInt16(b[1])
    }
}

/// One entity a lexicon knows: its id, label, canonical name and aliases.
///
/// A lightweight view: the label, subtype, prior and flags are stored in the
/// value; the kb_id, canonical name, ``aliases`` and ``attributes`` are decoded
/// from the lexicon's string arena when read (they allocate, so read them in
/// tools, not per token).
public struct LexiconEntity: Sendable {
    /// Decoded on each read, like the names below: a pass that reads only labels
    /// or flags (per-entity tables built at start-up) decodes no string.
    public var kbID: String { store.kbID(Int(index)) }
    public let label: EntityLabel
    public let subtype: String?
    /// Decoded on each read.
    public var canonical: String { store.canonical(Int(index)) }
    /// Rank among entities sharing an alias: the `prior` attribute, else
    /// log10 of `population`, else 5.
    public let prior: Double
    /// The file the entity was first read from.
    public let source: String
    /// True when some line of the entity is not a GeoNames record (has no
    /// `geonames` attribute): a curated lexicon lists it.
    public let curated: Bool
    /// True for entities whose names are common words (`ambiguous=1`: the towns
    /// Reading, Mobile, Nice): their matches are weak evidence.
    public let isAmbiguous: Bool
    private let store: EntityStore
    private let index: Int32

    init(store: EntityStore, index: Int32) {
        let e = Int(index)
        self.store = store
        self.index = index
        label = EntityLabel(rawValue: store.label[e]) ?? .org
        subtype = store.subtype[e] < 0 ? nil : store.nameStrings[Int(store.subtype[e])]
        prior = store.prior[e]
        source = store.nameStrings[Int(store.source[e])]
        curated = store.flags[e] & EntityStore.Flags.curated != 0
        isAmbiguous = store.flags[e] & EntityStore.Flags.ambiguous != 0
    }

    /// Every alias, canonical name included, as written in the lexicon, with its
    /// `=`/`~` case marker if it has one. Decoded on each read.
    public var aliases: [String] { store.aliases(Int(index)) }

    /// The `key=value` attributes of the entity's lines, merged (the first value
    /// of a key wins). Decoded on each read.
    public var attributes: [String: String] { store.attributes(Int(index)) }

    /// The `country` attribute (ISO 3166 alpha-2), if any.
    public var country: String? {
        let c = store.country[Int(index)]
        return c == 0 ? nil : String(decoding: [UInt8(c >> 8), UInt8(c & 0xFF)], as: UTF8.self)
    }
}
