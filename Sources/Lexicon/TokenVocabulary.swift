/// A hash table from byte strings (folded token keys) to dense ids, laid out
/// as three flat arrays so that it can be written to and read from a compiled
/// lexicon file as it is.
///
/// Keys live back to back in one byte arena; ids are assigned in insertion
/// order from 0. Each slot of the open-addressing index holds the key's 32-bit
/// hash next to its id, so a probe reads one 8-byte slot and touches the arena
/// only when the hashes agree: a token that is in no phrase costs about one
/// memory access. Lookups take a buffer pointer and allocate nothing.
public struct TokenVocabulary: Sendable {
    /// The keys, back to back.
    private(set) var arena: [UInt8]
    /// `ends[id]` is one past the last arena byte of key `id`; it starts at `ends[id - 1]` (0 for id 0).
    private(set) var ends: [UInt32]
    /// Open addressing, linear probing: 0 when empty, else `hash << 32 | (id + 1)`.
    private(set) var slots: [UInt64]
    /// `64 - log2(slots.count)`: slot index is the top bits of the mixed hash.
    private(set) var shift: UInt64

    /// Creates an empty table with room for about `capacity` keys before it grows.
    public init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        arena = []
        ends = []
        slots = Array(repeating: 0, count: size)
        shift = UInt64(64 - size.trailingZeroBitCount)
    }

    /// Reassembles a table from its arrays (a compiled lexicon file). Returns nil
    /// when the arrays are inconsistent.
    init?(arena: [UInt8], ends: [UInt32], slots: [UInt64]) {
        guard slots.count >= 16, slots.count & (slots.count - 1) == 0, ends.count * 2 <= slots.count,
              (ends.last.map(Int.init) ?? 0) == arena.count else { return nil }
        var previous: UInt32 = 0
        for e in ends {
            guard e >= previous else { return nil }
            previous = e
        }
        self.arena = arena
        self.ends = ends
        self.slots = slots
        self.shift = UInt64(64 - slots.count.trailingZeroBitCount)
    }

    /// The number of distinct keys.
    public var count: Int { ends.count }

    /// Bytes held by keys and index, for memory reports.
    public var byteSize: Int { arena.capacity + ends.capacity * 4 + slots.capacity * 8 }

    /// FNV-1a over the key: tokens are short, and this needs no setup per call.
    @inline(__always)
    static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in key { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    @inline(__always)
    private func home(_ h: UInt32) -> Int {
        Int(truncatingIfNeeded: (UInt64(h) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The id of `key`, or -1 when it is not in the table. Allocates nothing.
    @inline(__always)
    public func id(of key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(key)
        let tag = UInt64(h) << 32
        return slots.withUnsafeBufferPointer { s in
            let mask = s.count - 1
            var i = home(h)
            while true {
                let v = s[i]
                if v == 0 { return -1 }
                if v & 0xFFFF_FFFF_0000_0000 == tag {
                    let id = Int(v & 0xFFFF_FFFF) - 1
                    if keyEquals(id, key) { return Int32(id) }
                }
                i = (i + 1) & mask
            }
        }
    }

    @inline(__always)
    private func keyEquals(_ id: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        ends.withUnsafeBufferPointer { e in
            let start = id == 0 ? 0 : Int(e[id - 1])
            let end = Int(e[id])
            guard end - start == key.count else { return false }
            return arena.withUnsafeBufferPointer { a in
                var i = 0
                while i < key.count {
                    if a[start + i] != key[i] { return false }
                    i += 1
                }
                return true
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
        if (ends.count + 1) * 2 > slots.count { grow() }
        let id = ends.count
        let h = Self.hash(key)
        arena.append(contentsOf: key)
        ends.append(UInt32(arena.count))
        place(h, id)
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

    private mutating func place(_ h: UInt32, _ id: Int) {
        let mask = slots.count - 1
        var i = home(h)
        while slots[i] != 0 { i = (i + 1) & mask }
        slots[i] = UInt64(h) << 32 | UInt64(id + 1)
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: 0, count: old.count * 2)
        shift -= 1
        for v in old where v != 0 { place(UInt32(truncatingIfNeeded: v >> 32), Int(v & 0xFFFF_FFFF) - 1) }
    }
}
