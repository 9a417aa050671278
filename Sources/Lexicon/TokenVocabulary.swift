/// A hash table from byte strings (folded token keys) to dense ids, laid out
/// as flat arrays so that it can be written to and read from a compiled
/// lexicon file as it is.
///
/// Keys live back to back in one byte arena; ids are assigned in insertion
/// order from 0. Each 16-byte slot of the open-addressing index holds a 32-bit
/// tag and the id, then a 64-bit fingerprint: two independent 64-bit hashes of
/// the key, so a look-up compares 96 bits of hash and never reads the arena.
/// (Two different keys would have to agree on all 96 bits to be confused: for
/// a million keys that is a chance of about 10⁻²³ per look-up.) The slot
/// comes from the top bits of the first hash, the tag from its low 32 bits. A Bloom filter
/// in front rejects most keys that are absent. So a look-up costs about one
/// memory access, present or not, which matters once the table outgrows the
/// caches (a million aliases). Lookups take a buffer pointer and allocate nothing.
public struct TokenVocabulary: Sendable {
    /// The keys, back to back.
    private(set) var arena: [UInt8]
    /// `ends[id]` is one past the last arena byte of key `id`; it starts at `ends[id - 1]` (0 for id 0).
    private(set) var ends: [UInt32]
    /// Open addressing, linear probing, two words per slot: `slots[2i]` is 0 when
    /// empty, else `tag << 32 | (id + 1)`; `slots[2i + 1]` is the key's fingerprint.
    private(set) var slots: [UInt64]
    /// `64 - log2(slots.count / 2)`: slot index is the top bits of the mixed hash.
    private(set) var shift: UInt64
    /// Rejects most keys that are not in the table without touching ``slots``.
    private(set) var filter: BloomFilter

    /// Creates an empty table with room for about `capacity` keys before it grows.
    public init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        arena = []
        ends = []
        slots = Array(repeating: 0, count: 2 * size)
        shift = UInt64(64 - size.trailingZeroBitCount)
        filter = BloomFilter(capacity: size / 2)
    }

    /// Reassembles a table from its arrays (a compiled lexicon file). Returns nil
    /// when the arrays are inconsistent.
    init?(arena: [UInt8], ends: [UInt32], slots: [UInt64], filter: [UInt64]) {
        guard slots.count >= 32, slots.count & (slots.count - 1) == 0, ends.count * 4 <= slots.count,
              StringList.consistent(arena: arena, ends: ends) else { return nil }
        self.arena = arena
        self.ends = ends
        self.slots = slots
        guard let filter = BloomFilter(words: filter) else { return nil }
        self.shift = UInt64(64 - (slots.count / 2).trailingZeroBitCount)
        self.filter = filter
    }

    /// The number of distinct keys.
    public var count: Int { ends.count }

    /// Bytes held by keys and index, for memory reports.
    public var byteSize: Int { arena.capacity + ends.capacity * 4 + slots.capacity * 8 + filter.byteSize }



    /// Two independent 64-bit hashes of the key, eight bytes at a time: `a` gives
    /// the slot, the tag and the filter key, `b` the fingerprint.
    @inline(__always)
    static func hashes(_ key: UnsafeBufferPointer<UInt8>) -> (a: UInt64, b: UInt64) {
        hashes(key.baseAddress, key.count, readable: key.count)
    }

    /// ``hashes(_:)`` of the `n` bytes at `base`, of which `readable >= n` may
    /// be read: when eight are, the last partial word is one load and a mask
    /// instead of a loop over its bytes (token keys are short, and most sit
    /// inside a larger buffer).
    @inline(__always)
    static func hashes(_ base: UnsafePointer<UInt8>?, _ n: Int, readable: Int) -> (a: UInt64, b: UInt64) {
        var a: UInt64 = 0x243F_6A88_85A3_08D3 ^ UInt64(n)
        var b: UInt64 = 0x1319_8A2E_0370_7344 &+ UInt64(n)
        var i = 0
        var w: UInt64 = 0
        if let base {
            while i + 8 <= n {
                let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                a = ((a ^ w) &* 0x9E37_79B9_7F4A_7C15)
                a ^= a >> 31
                b = ((b &+ w) &* 0xC2B2_AE3D_27D4_EB4F)
                b = (b << 29) | (b >> 35)
                i += 8
            }
            if i < n && readable - i >= 8 {
                // Little-endian: byte k of the rest lands at bits 8k..<8k + 8, as below.
                w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & (UInt64.max >> UInt64(64 - 8 * (n - i)))
                i = n
            }
            var shift: UInt64 = 0
            while i < n {
                w |= UInt64(base[i]) << shift
                shift += 8
                i += 1
            }
        }
        a = (a ^ w) &* 0x9E37_79B9_7F4A_7C15
        a = (a ^ (a >> 32)) &* 0xD6E8_FEB8_6659_FD93
        a ^= a >> 32
        b = (b &+ w) &* 0xC2B2_AE3D_27D4_EB4F
        b = (b ^ (b >> 29)) &* 0xBF58_476D_1CE4_E5B9
        b ^= b >> 32
        return (a, b)
    }

    /// The id of `key`, or -1 when it is not in the table. Allocates nothing.
    @inline(__always)
    public func id(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let (a, b) = Self.hashes(key)
        return id(hashed: a, b)
    }

    /// The id of the key with ``hashes(_:)`` `(a, b)`, or -1: the Bloom filter,
    /// then the slots when the filter lets it through.
    @inline(__always)
    func id(hashed a: UInt64, _ b: UInt64) -> Int32 { filter.mayContain(a) ? id(a, b) : -1 }

    /// The id of the key with ``hashes(_:)`` `(a, b)`, or -1: the slot look-up alone.
    @inline(__always)
    func id(_ a: UInt64, _ b: UInt64) -> Int32 {
        let tag = a << 32
        return slots.withUnsafeBufferPointer { s in
            let mask = s.count / 2 - 1
            var i = Int(truncatingIfNeeded: a >> shift)
            while true {
                let v = s[2 * i]
                if v == 0 { return -1 }
                if v & 0xFFFF_FFFF_0000_0000 == tag && s[2 * i + 1] == b { return Int32(truncatingIfNeeded: v & 0xFFFF_FFFF) - 1 }
                i = (i + 1) & mask
            }
        }
    }

    /// The id of `key` as a Swift string, or -1.
    public func id(of key: String) -> Int32 {
        var k = key
        return k.withUTF8 { id(of: $0) }
    }

    /// Inserts `key` if absent and returns its id.
    @discardableResult
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let existing = id(of: key)
        if existing >= 0 { return existing }
        if (ends.count + 1) * 4 > slots.count { grow() }
        let id = ends.count
        let (a, b) = Self.hashes(key)
        arena.append(contentsOf: key)
        ends.append(UInt32(arena.count))
        place(a, b, id)
        return Int32(id)
    }

    /// Inserts a Swift string's UTF-8 bytes if absent and returns its id.
    @discardableResult
    public mutating func insert(_ key: String) -> Int32 {
        var k = key
        return k.withUTF8 { insert($0) }
    }

    /// The key of `id` as bytes.
    public func keyBytes(_ id: Int32) -> ArraySlice<UInt8> {
        let start = id == 0 ? 0 : Int(ends[Int(id) - 1])
        return arena[start..<Int(ends[Int(id)])]
    }

    /// The key of `id` as a string.
    public func key(_ id: Int32) -> String {
        String(decoding: keyBytes(id), as: UTF8.self)
    }

    private mutating func place(_ a: UInt64, _ b: UInt64, _ id: Int) {
        let mask = slots.count / 2 - 1
        var i = Int(truncatingIfNeeded: a >> shift)
        while slots[2 * i] != 0 { i = (i + 1) & mask }
        // The tag is the low half of `a` (the slot comes from its top bits); the id below it.
        slots[2 * i] = a << 32 | UInt64(id + 1)
        slots[2 * i + 1] = b
        filter.insert(a)
    }

    private mutating func grow() {
        // Rehash from the arena: slots keep only part of `a`.
        slots = Array(repeating: 0, count: slots.count * 2)
        shift -= 1
        filter = BloomFilter(capacity: slots.count / 4)
        arena.withUnsafeBufferPointer { bytes in
            var start = 0
            for (id, end) in ends.enumerated() {
                let (a, b) = Self.hashes(UnsafeBufferPointer(rebasing: bytes[start..<Int(end)]))
                place(a, b, id)
                start = Int(end)
            }
        }
    }
}

/// A worker's memo of recently looked-up token keys and their ids in one or
/// two vocabularies (the lexicon's, and the rule word lists').
///
/// With a large lexicon the vocabulary's filter and slots are megabytes, and
/// nearly every look-up missed the caches; news repeats the same few thousand
/// words, so a small direct-mapped table in front (96 KB, keyed by the same 96
/// bits of hash the vocabularies compare) answers most tokens from cache, for
/// both vocabularies at once. It holds on to the tables it was filled from and
/// starts over for others.
public struct TokenIDCache {
    static let bits = 12
    /// Three words per entry: hash `a`; the top half of hash `b` and the first
    /// id + 2 (0: empty); the second id + 2.
    var words: [UInt64] = []
    /// The slot tables of the vocabularies the entries come from (kept alive, so
    /// their addresses identify them).
    private var owners: ([UInt64], [UInt64]) = ([], [])

    public init() {}

    mutating func prepare(for first: TokenVocabulary, _ second: TokenVocabulary?) {
        func same(_ a: [UInt64], _ b: [UInt64]?) -> Bool {
            a.withUnsafeBufferPointer { x in (b ?? []).withUnsafeBufferPointer { $0.baseAddress == x.baseAddress } }
        }
        if words.isEmpty || !same(owners.0, first.slots) || !same(owners.1, second?.slots) {
            owners = (first.slots, second?.slots ?? [])
            words = [UInt64](repeating: 0, count: 3 << Self.bits)
        }
    }
}
