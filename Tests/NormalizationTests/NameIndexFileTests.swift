import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// The name index kept beside the compiled lexicon (NameIndexFile.swift): read
/// back, it links exactly as the index it was written from; a damaged, stale or
/// foreign file is rebuilt, never trusted and never fatal.
struct NameIndexFileTests {
    /// Spellings that exercise every table: exact aliases, keys, near misses
    /// with evidence, acronyms, towns linked by exact alias only, unknown names.
    static let names = ["Zelensky", "Selenskyj", "Зеленського", "Tymoschenko", "Kharkow", "Borrel", "Zelenksy",
                        "NATO", "SBU", "Bakhmut", "Andriivka", "Nobody Atall", "Szijjarto", "Kyiv"]

    static func results(_ index: NameIndex) throws -> [String] {
        let normalizer = NameNormalizer(index: index)
        let evidence = NameEvidence(label: .person, documentKBIDs: ["person/josep-borrell", "person/volodymyr-zelensky"])
        return try names.map { name in
            let a = try normalizer.normalize(name), b = try normalizer.normalize(name, evidence: evidence)
            return "\(name) \(a.kbID ?? "-") \(a.score ?? 0) \(b.kbID ?? "-") \(b.score ?? 0) \(a.key)"
        }
    }

    static func temporaryPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-names-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("lexicon-test.names").path
    }

    @Test func readBackLinksAsBuilt() throws {
        let r = TestSupport.resources
        let path = Self.temporaryPath()
        let built = NameIndex.cached(rules: r.names.rules, lexicon: r.lexicon, path: path, lexiconKey: 7)
        guard case .rebuilt = built.outcome else { Issue.record("first load: \(built.outcome)"); return }
        let read = NameIndex.cached(rules: r.names.rules, lexicon: r.lexicon, path: path, lexiconKey: 7)
        #expect(read.outcome == .hit)
        #expect(read.index.count == built.index.count)
        let expected = try Self.results(NameIndex(rules: r.names.rules, lexicon: r.lexicon))
        #expect(try Self.results(built.index) == expected)
        #expect(try Self.results(read.index) == expected)
        #expect(expected.contains { $0.hasPrefix("Selenskyj person/volodymyr-zelensky") })
    }

    enum Damage: String, CaseIterable, Sendable {
        case empty, header, truncated, byteFlipped, byteAppended, otherKey
    }

    @Test(arguments: Damage.allCases)
    func damagedFileIsRebuilt(damage: Damage) throws {
        let r = TestSupport.resources
        let path = Self.temporaryPath()
        _ = NameIndex.cached(rules: r.names.rules, lexicon: r.lexicon, path: path, lexiconKey: 7)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var key: UInt64 = 7
        switch damage {
        case .otherKey: key = 8
        default: FileDamage(rawValue: damage.rawValue)!.apply(to: &bytes)
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let again = NameIndex.cached(rules: r.names.rules, lexicon: r.lexicon, path: path, lexiconKey: key)
        guard case .rebuilt = again.outcome else { Issue.record("\(damage): \(again.outcome)"); return }
        #expect(try Self.results(again.index) == Self.results(NameIndex(rules: r.names.rules, lexicon: r.lexicon)))
        // The rewritten file is good again.
        #expect(NameIndex.cached(rules: r.names.rules, lexicon: r.lexicon, path: path, lexiconKey: key).outcome == .hit)
    }

    @Test func unwritableDirectoryStillGivesAnIndex() throws {
        let r = TestSupport.resources
        let result = NameIndex.cached(rules: r.names.rules, lexicon: r.lexicon, path: "/proc/gazette-no/such.names", lexiconKey: 7)
        guard case .uncached = result.outcome else { Issue.record("\(result.outcome)"); return }
        #expect(result.index.count == r.names.count)
    }
}
