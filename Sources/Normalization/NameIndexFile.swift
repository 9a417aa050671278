import Foundation
import GazetteCore
import Lexicon

/// The name index kept in a file beside the compiled lexicon, so that a run
/// reads its arrays instead of computing the key of every alias: with a
/// million aliases that is seconds and hundreds of megabytes of scratch.
///
/// An ``ArrayFile`` (magic "GZNAMEIX") of the arrays of ``NameIndex/Tables``, in order.
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
    public typealias CacheOutcome = LexiconCache.Outcome

    /// The index for `lexicon`, read from `path` when it is current, else
    /// built and written there for next time (`path` nil: built, not kept).
    public static func cached(rules: NameRules, lexicon: Lexicon, path: String?, lexiconKey: UInt64) -> (index: NameIndex, outcome: CacheOutcome) {
        let key = fileKey(lexiconKey: lexiconKey, rules: rules)
        let (t, outcome) = ArrayFile.cached(at: path, read: { try readTables($0, key: key, entities: lexicon.entities.count) },
                                            make: { tables(rules: rules, lexicon: lexicon) },
                                            write: { try write($0, to: $1, key: key) })
        return (NameIndex(rules: rules, lexicon: lexicon, tables: t), outcome)
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

    /// Writes `t` to `path` atomically (a temporary file beside it, renamed over it).
    static func write(_ t: Tables, to path: String, key: UInt64) throws {
        typealias F = ArrayFile
        try ArrayFile.write([F.section(t.rowEntity), F.section(t.rowKeyHash), F.section(t.rowLetters), F.section(t.rowForm),
                             F.section(t.rowKey), F.section(t.arena), F.section(t.deletions), F.section(t.exactLetters),
                             F.section(t.exactEntity), F.section(t.rowSlots), F.section(t.exactSlots)],
                            magic: fileMagic, version: fileVersion, key: key, to: path)
    }

    /// Reads the tables from `path`, checking magic, version, key, length,
    /// checksums and every index the look-ups follow.
    static func readTables(_ path: String, key: UInt64, entities: Int) throws -> Tables {
        let r = try ArrayFile.Reader(path: path, magic: fileMagic, version: fileVersion, key: key, arrays: arrayCount, what: "a name index")
        var t = Tables()
        t.rowEntity = try r.next(Int32.self)
        t.rowKeyHash = try r.next(UInt64.self)
        t.rowLetters = try r.next(UInt64.self)
        t.rowForm = try r.next(Range<Int32>.self)
        t.rowKey = try r.next(Range<Int32>.self)
        t.arena = try r.next(UInt8.self)
        t.deletions = try r.next(UInt64.self)
        t.exactLetters = try r.next(UInt64.self)
        t.exactEntity = try r.next(Int32.self)
        t.rowSlots = try r.next(UInt32.self)
        t.exactSlots = try r.next(UInt32.self)
        try r.finish()
        guard consistent(t, entities: entities) else { throw ArrayFile.Failure(description: "\(path): inconsistent arrays") }
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
}
