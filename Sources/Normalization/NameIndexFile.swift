#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GazetteCore
import Lexicon

/// The name index kept in a file beside the compiled lexicon, so that a run
/// reads its arrays instead of computing the key of every alias: with a
/// million aliases that is seconds and hundreds of megabytes of scratch.
///
/// Layout (little-endian):
///
/// ```
/// 0   magic "GZNAMEIX"                    8 bytes
/// 8   format version                      UInt32
/// 12  array count                         UInt32
/// 16  key                                 UInt64
/// 24  per array: element size, count, checksum (UInt64 each)
/// ... the arrays, in the order of NameIndex.Tables, each at a multiple of 8
/// ```
///
/// The key covers the compiled lexicon's key (sources, tokenizer, program) and
/// the transliteration files (size and modification time). A file that is
/// missing, stale, short, corrupt or inconsistent is rebuilt; the cache never
/// fails a run.
extension NameIndex {
    static let fileMagic = Array("GZNAMEIX".utf8)
    static let fileVersion: UInt32 = 3
    static let arrayCount = 11

    /// What ``cached(rules:lexicon:path:lexiconKey:)`` did.
    public enum CacheOutcome: Sendable, Equatable {
        case hit
        case rebuilt(reason: String)
        case uncached(String)
    }

    /// The index for `lexicon`, read from `path` when it is current, else
    /// built and written there for next time (`path` nil: built, not kept).
    public static func cached(rules: NameRules, lexicon: Lexicon, path: String?, lexiconKey: UInt64) -> (index: NameIndex, outcome: CacheOutcome) {
        let key = fileKey(lexiconKey: lexiconKey, rules: rules)
        guard let path else {
            return (NameIndex(rules: rules, lexicon: lexicon), .uncached("cache off"))
        }
        let reason: String
        do {
            let t = try readTables(path, key: key, entities: lexicon.entities.count)
            return (NameIndex(rules: rules, lexicon: lexicon, tables: t), .hit)
        } catch {
            reason = "\(error)"
        }
        let t = tables(rules: rules, lexicon: lexicon)
        do {
            try write(t, to: path, key: key)
            return (NameIndex(rules: rules, lexicon: lexicon, tables: t), .rebuilt(reason: reason))
        } catch {
            return (NameIndex(rules: rules, lexicon: lexicon, tables: t), .uncached("cannot write \(path): \(error)"))
        }
    }

    /// The lexicon's key combined with the transliteration files the keys depend on.
    static func fileKey(lexiconKey: UInt64, rules: NameRules) -> UInt64 {
        var text = "names \(fileVersion) \(lexiconKey)\n"
        if let d = rules.directory, let names = try? FileManager.default.contentsOfDirectory(atPath: d) {
            for name in names.sorted() {
                let file = (d as NSString).appendingPathComponent(name)
                if let stamp = LexiconCache.fileStamp(file) { text += "\(file)\t\(stamp)\n" }
            }
        }
        return Checksum.hash(Array(text.utf8))
    }

    struct FileError: Error, CustomStringConvertible {
        let description: String
    }

    /// Writes `t` to `path` atomically (a temporary file beside it, renamed over it).
    static func write(_ t: Tables, to path: String, key: UInt64) throws {
        let arrays: [(size: Int, count: Int, checksum: UInt64, bytes: ((UnsafeRawBufferPointer) -> Void) -> Void)] = [
            entry(t.rowEntity), entry(t.rowKeyHash), entry(t.rowLetters), entry(t.rowForm), entry(t.rowKey),
            entry(t.arena), entry(t.deletions), entry(t.exactLetters), entry(t.exactEntity),
            entry(t.rowSlots), entry(t.exactSlots),
        ]
        var header: [UInt8] = fileMagic
        func le<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) } }
        le(fileVersion)
        le(UInt32(arrays.count))
        le(key)
        for a in arrays {
            le(UInt64(a.size))
            le(UInt64(a.count))
            le(a.checksum)
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw FileError(description: String(cString: strerror(errno))) }
        var failed: String? = nil
        func put(_ p: UnsafeRawBufferPointer) {
            var done = 0
            while failed == nil && done < p.count {
                let n = systemWrite(fd, p.baseAddress! + done, p.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failed = String(cString: strerror(errno)) } else { done += n }
            }
        }
        header.withUnsafeBytes(put)
        let zeros = [UInt8](repeating: 0, count: 8)
        var position = header.count
        for a in arrays {
            let pad = (8 - position % 8) % 8
            zeros.withUnsafeBytes { put(UnsafeRawBufferPointer(rebasing: $0[..<pad])) }
            a.bytes(put)
            position += pad + a.size * a.count
        }
        close(fd)
        if let failed {
            unlink(temporary)
            throw FileError(description: failed)
        }
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw FileError(description: message)
        }
    }

    private static func entry<T>(_ a: [T]) -> (size: Int, count: Int, checksum: UInt64, bytes: ((UnsafeRawBufferPointer) -> Void) -> Void) {
        (MemoryLayout<T>.stride, a.count, Checksum.hash(a), { body in a.withUnsafeBytes(body) })
    }

    /// Reads the tables from `path`, checking magic, version, key, length,
    /// checksums and every index the look-ups follow.
    static func readTables(_ path: String, key: UInt64, entities: Int) throws -> Tables {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileError(description: "\(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw FileError(description: "\(path): cannot stat") }
        let length = Int(st.st_size)
        let headerSize = 24 + 24 * arrayCount
        guard length >= headerSize else { throw FileError(description: "\(path): truncated") }
        var header = [UInt8](repeating: 0, count: headerSize)
        try header.withUnsafeMutableBytes { try readFully(fd, $0, at: 0, path: path) }
        func le<T: FixedWidthInteger>(_: T.Type, _ at: Int) -> T {
            var v: T = 0
            for i in (0..<MemoryLayout<T>.size).reversed() { v = v << 8 | T(header[at + i]) }
            return v
        }
        guard Array(header[0..<8]) == fileMagic else { throw FileError(description: "\(path): not a name index") }
        guard le(UInt32.self, 8) == fileVersion, le(UInt32.self, 12) == UInt32(arrayCount) else {
            throw FileError(description: "\(path): other format version")
        }
        guard le(UInt64.self, 16) == key else { throw FileError(description: "\(path): built from other sources") }
        var position = headerSize
        var slot = 0
        func array<T>(_: T.Type) throws -> [T] {
            let at = 24 + 24 * slot
            slot += 1
            let size = le(UInt64.self, at), count = le(UInt64.self, at + 8), checksum = le(UInt64.self, at + 16)
            guard size == UInt64(MemoryLayout<T>.stride), count <= UInt64(length) else { throw FileError(description: "\(path): bad array entry") }
            position += (8 - position % 8) % 8
            let bytes = Int(count) * MemoryLayout<T>.stride
            guard position + bytes <= length else { throw FileError(description: "\(path): truncated") }
            let out = try [T](unsafeUninitializedCapacity: Int(count)) { buffer, initialized in
                try readFully(fd, UnsafeMutableRawBufferPointer(buffer), at: position, path: path)
                initialized = Int(count)
            }
            position += bytes
            guard Checksum.hash(out) == checksum else { throw FileError(description: "\(path): checksum mismatch") }
            return out
        }
        var t = Tables()
        t.rowEntity = try array(Int32.self)
        t.rowKeyHash = try array(UInt64.self)
        t.rowLetters = try array(UInt64.self)
        t.rowForm = try array(Range<Int32>.self)
        t.rowKey = try array(Range<Int32>.self)
        t.arena = try array(UInt8.self)
        t.deletions = try array(UInt64.self)
        t.exactLetters = try array(UInt64.self)
        t.exactEntity = try array(Int32.self)
        t.rowSlots = try array(UInt32.self)
        t.exactSlots = try array(UInt32.self)
        guard position == length else { throw FileError(description: "\(path): trailing bytes") }
        guard consistent(t, entities: entities) else { throw FileError(description: "\(path): inconsistent arrays") }
        return t
    }

    /// Every index a look-up follows is in bounds, and the searched arrays are sorted.
    static func consistent(_ t: Tables, entities: Int) -> Bool {
        let rows = t.rowEntity.count
        guard t.rowKeyHash.count == rows, t.rowLetters.count == rows, t.rowForm.count == rows, t.rowKey.count == rows,
              t.exactEntity.count == t.exactLetters.count else { return false }
        let arena = Int32(clamping: t.arena.count)
        for r in 0..<rows {
            let e = t.rowEntity[r], f = t.rowForm[r], k = t.rowKey[r]
            guard e >= 0, Int(e) < entities, f.lowerBound >= 0, f.lowerBound <= f.upperBound, f.upperBound <= arena,
                  k.lowerBound >= 0, k.lowerBound <= k.upperBound, k.upperBound <= arena else { return false }
            if r > 0 && t.rowKeyHash[r - 1] > t.rowKeyHash[r] { return false }
        }
        // The deletion table: some entry empty (a probe ends), every row in bounds.
        guard t.deletions.count >= 16, t.deletions.contains(0),
              !t.deletions.contains(where: { $0 != 0 && ($0 & 0xFFFF_FFFF == 0 || Int($0 & 0xFFFF_FFFF) > rows) }) else { return false }
        for i in t.exactEntity.indices {
            guard t.exactEntity[i] >= 0, Int(t.exactEntity[i]) < entities, i == 0 || t.exactLetters[i - 1] <= t.exactLetters[i] else { return false }
        }
        // Each table: a power of two, at least twice as large as what it indexes
        // (so a probe always reaches an empty slot), every entry in bounds.
        for (slots, sorted) in [(t.rowSlots, t.rowKeyHash), (t.exactSlots, t.exactLetters)] {
            guard slots.count >= 16, slots.count & (slots.count - 1) == 0, slots.count >= 2 * min(sorted.count, slots.count / 2),
                  !slots.contains(where: { Int($0) > sorted.count }) else { return false }
            var empty = 0
            for v in slots where v == 0 { empty += 1 }
            guard empty * 2 >= slots.count else { return false }
        }
        return true
    }

    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, p, n)
        #else
        Darwin.write(fd, p, n)
        #endif
    }

    private static func readFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at position: Int, path: String) throws {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(position + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw FileError(description: "\(path): \(n == 0 ? "truncated" : String(cString: strerror(errno)))") }
            done += n
        }
    }
}
