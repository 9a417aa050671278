import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// The compiled word lists kept beside the compiled lexicon (WordListsFile.swift):
/// read back, they find exactly what the lists they were written from find; a
/// damaged, stale or foreign file is rebuilt, never trusted and never fatal.
struct WordListsFileTests {
    static let sample = """
        Mayor Jane Kovalenko said on Monday, 3 March, that the Ministry of Defence paid $5 million \
        and 20 percent more; Kovalenko's deputy, Taras Shevchenko, and Lt. Gen. Smith agreed in Kyiv.
        """

    /// Everything the rules read from the lists: entries, values, diagnostics,
    /// surname endings, and every hit in a sample text.
    static func summary(_ w: WordLists) throws -> [String] {
        var out = WordList.allCases.map { "\($0): \(w.entries[$0] ?? [])" }
        out.append("values \(w.values)")
        out += w.diagnostics.map(\.description)
        out.append("endings \(w.surnameSuffixes)")
        var text = TokenizedText()
        try Tokenizer().tokenize(sample, into: &text)
        var ids: [Int32] = [], hits: [WordHit] = []
        w.find(in: text, ids: &ids, hits: &hits)
        out += hits.map { "\($0.start)-\($0.end) \($0.list) \($0.value)" }
        for word in ["kovalenko", "shevchenko", "smith"] {
            out.append("\(word) \(Array(word.utf8).withUnsafeBufferPointer(w.hasSurnameEnding))")
        }
        return out
    }

    static func temporaryPath() -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-words-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("lexicon-test.words").path
    }

    /// A few lists with values, a missing value (a diagnostic) and surname endings.
    static func smallTree() throws -> URL {
        try TestSupport.makeTree([
            "months.txt": "January\t1\nMarch\t3\nMay\n",
            "person_titles.txt": "Mayor\nLt. Gen.\nMinistry of Defence\n",
            "surname_suffixes.txt": "-enko\n-chuk\n",
            "currencies.txt": "$\tUSD\n",
        ])
    }

    @Test func bundledListsReadBackAsBuilt() throws {
        let r = TestSupport.resources
        let rules = (TestSupport.lexicons as NSString).appendingPathComponent("rules")
        let people = r.facts.labels.indices.filter { r.facts.labels[$0] == .person }.map { r.lexicon.canonical($0) }
        let expected = try Self.summary(try WordLists(directories: [rules], tokenizer: try Tokenizer(), people: people))
        let path = Self.temporaryPath()
        let built = try WordLists.cached(directories: [rules], tokenizer: try Tokenizer(), people: people, path: path, key: 7)
        guard case .rebuilt = built.outcome else { Issue.record("first load: \(built.outcome)"); return }
        let read = try WordLists.cached(directories: [rules], tokenizer: try Tokenizer(), people: people, path: path, key: 7)
        #expect(read.outcome == .hit)
        #expect(try Self.summary(built.lists) == expected)
        #expect(try Self.summary(read.lists) == expected)
        #expect(read.lists.entries[.knownSurnames] == nil && expected.contains { $0.hasSuffix(" knownSurnames -1") })
    }

    enum Damage: String, CaseIterable, Sendable {
        case empty, header, truncated, byteFlipped, byteAppended, otherKey, listEdited
    }

    @Test(arguments: Damage.allCases)
    func damagedOrStaleFileIsRebuilt(damage: Damage) throws {
        let dir = try Self.smallTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = Self.temporaryPath()
        func load(key: UInt64 = 7) throws -> (lists: WordLists, outcome: LexiconCache.Outcome) {
            try WordLists.cached(directories: [dir.path], tokenizer: try Tokenizer(), people: ["Jane Kovalenko"], path: path, key: key)
        }
        _ = try load()
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var key: UInt64 = 7
        switch damage {
        case .otherKey: key = 8
        case .listEdited:
            let months = dir.appendingPathComponent("months.txt")
            try Data("January\t1\nMarch\t3\nMay\nJune\t6\n".utf8).write(to: months)
            // A later modification time, whatever the clock's resolution.
            try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: months.path)
        default: FileDamage(rawValue: damage.rawValue)!.apply(to: &bytes)
        }
        if damage != .listEdited { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
        let again = try load(key: key)
        guard case .rebuilt = again.outcome else { Issue.record("\(damage): \(again.outcome)"); return }
        let fresh = try WordLists(directories: [dir.path], tokenizer: try Tokenizer(), people: ["Jane Kovalenko"])
        #expect(try Self.summary(again.lists) == Self.summary(fresh))
        if damage == .listEdited { #expect(again.lists.entries[.months]?.last == "June") }
        // The rewritten file is good again.
        let reread = try load(key: key)
        #expect(reread.outcome == .hit)
        #expect(try Self.summary(reread.lists) == Self.summary(fresh))
    }

    @Test func unwritableDirectoryStillGivesLists() throws {
        let dir = try Self.smallTree()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try WordLists.cached(directories: [dir.path], tokenizer: try Tokenizer(), people: [],
                                          path: "/proc/gazette-no/such.words", key: 7)
        guard case .uncached = result.outcome else { Issue.record("\(result.outcome)"); return }
        #expect(result.lists.entries[.months] == ["January", "March", "May"])
        #expect(result.lists.diagnostics.map(\.code) == ["LEX008"])
    }
}
