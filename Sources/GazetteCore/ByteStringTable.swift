/// A hash table from byte strings to dense ids, built once and then read by
/// any number of threads.
///
/// Keys live back to back in one byte arena; lookups take a buffer pointer and
/// allocate nothing, so the hot path can look up a token's folded bytes
/// without making a `String`. Ids are assigned in insertion order from 0.
public struct ByteStringTable: Sendable {
    private var arena: [UInt8] = []
    /// `ends[id]` is one past the last arena byte of key `id`; the key starts at `ends[id - 1]`.
    private var ends: [Int32] = []
    private var hashes: [UInt32] = []
    /// Open addressing, linear probing: `slots[i]` is an id, or -1 when empty.
    private var slots: [Int32]
    private var mask: Int

    /// Creates an empty table with room for about `capacity` keys before it grows.
    public init(capacity: Int = 64) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        mask = size - 1
    }

    /// The number of distinct keys.
    public var count: Int { ends.count }

    /// Bytes used by keys and index, for memory reports.
    public var byteSize: Int { arena.capacity + ends.capacity * 4 + hashes.capacity * 4 + slots.capacity * 4 }

    /// The hash the table files a key under (FNV-1a: tokens are short, and it
    /// needs no setup per call); tables of other shapes may share it.
    @inline(__always)
    public static func hash(_ key: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var h: UInt32 = 2_166_136_261
        for b in key { h = (h ^ UInt32(b)) &* 16_777_619 }
        return h
    }

    @inline(__always)
    private func keyEquals(_ id: Int32, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = id == 0 ? 0 : Int(ends[Int(id) - 1])
        let end = Int(ends[Int(id)])
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

    /// The id of `key`, or -1 when it is not in the table. Allocates nothing.
    @inlinable
    public func id(of key: UnsafeBufferPointer<UInt8>) -> Int32 { lookup(key) }

    @usableFromInline
    func lookup(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let h = Self.hash(key)
        var i = Int(h) & mask
        while true {
            let id = slots[i]
            if id < 0 { return -1 }
            if hashes[Int(id)] == h && keyEquals(id, key) { return id }
            i = (i + 1) & mask
        }
    }

    /// The id of `key` as a Swift string.
    public func id(of key: String) -> Int32 {
        var k = key
        return k.withUTF8 { lookup($0) }
    }

    /// Inserts `key` if absent and returns its id.
    @discardableResult
    public mutating func insert(_ key: UnsafeBufferPointer<UInt8>) -> Int32 {
        let existing = lookup(key)
        if existing >= 0 { return existing }
        if (ends.count + 1) * 2 > slots.count { grow() }
        let id = Int32(ends.count)
        let h = Self.hash(key)
        arena.append(contentsOf: key)
        ends.append(Int32(arena.count))
        hashes.append(h)
        var i = Int(h) & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = id
        return id
    }

    /// Inserts a Swift string's UTF-8 bytes if absent and returns its id.
    @discardableResult
    public mutating func insert(_ key: String) -> Int32 {
        var k = key
        return k.withUTF8 { insert($0) }
    }

    /// Removes every key, keeping the storage: what a table reused from one
    /// document to the next does between documents. Costs the number of keys,
    /// not the size of the table.
    public mutating func removeAll() {
        for id in 0..<ends.count {
            var i = Int(hashes[id]) & mask
            while slots[i] != Int32(id) { i = (i + 1) & mask }
            slots[i] = -1
        }
        arena.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
    }

    /// The key of `id` as a string.
    public func key(_ id: Int32) -> String {
        let start = id == 0 ? 0 : Int(ends[Int(id) - 1])
        return String(decoding: arena[start..<Int(ends[Int(id)])], as: UTF8.self)
    }

    private mutating func grow() {
        let size = slots.count * 2
        slots = Array(repeating: -1, count: size)
        mask = size - 1
        for id in 0..<ends.count {
            var i = Int(hashes[id]) & mask
            while slots[i] >= 0 { i = (i + 1) & mask }
            slots[i] = Int32(id)
        }
    }
}
