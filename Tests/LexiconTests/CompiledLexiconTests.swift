import Foundation
import Testing
import GazetteCore
import Tokenization
import Lexicon
import GazetteTestSupport

// The compiled form (Lexicon.write / Lexicon.read) and the cache that keys it
// by its sources (LexiconCache).

/// Every match of `lexicon` in every text, as comparable tuples.
private func allMatches(_ lexicon: Lexicon, _ texts: [TokenizedText]) -> [String] {
    var ids: [Int32] = []
    var out: [String] = []
    for (d, t) in texts.enumerated() {
        var matches: [LexiconMatch] = []
        lexicon.match(t, ids: &ids, into: &matches)
        for m in matches {
            out.append("\(d):\(m.firstToken)-\(m.endToken) \(lexicon.entities[Int(m.entity)].kbID) +\(m.alternatives)")
        }
    }
    return out
}

private func corpusTexts(_ tokenizer: Tokenizer) throws -> [TokenizedText] {
    let dir = TestSupport.packageRoot.appendingPathComponent("Corpus/articles")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
    try #require(files.count >= 10)
    return try files.map { try tokenizer.tokenize(String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8)) }
}

/// The bundled lexicons, built from TSV and read back from their compiled form,
/// match the same spans with the same entities on every corpus article, and hold
/// the same entity table.
@Test func compiledFormMatchesLikeTheBuiltForm() throws {
    let cacheDir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: cacheDir) }
    let tokenizer = try Tokenizer()
    let cache = LexiconCache(directory: cacheDir.path)
    let built = try cache.load(directories: [TestSupport.lexicons], tokenizer: tokenizer)
    guard case .rebuilt = built.outcome else { Issue.record("expected a rebuild, got \(built.outcome)"); return }
    let read = try cache.load(directories: [TestSupport.lexicons], tokenizer: tokenizer)
    #expect(read.outcome == .hit)
    #expect(read.diagnostics == built.diagnostics)

    let texts = try corpusTexts(tokenizer)
    let expected = allMatches(built.lexicon, texts)
    #expect(expected.count > 500)
    #expect(allMatches(read.lexicon, texts) == expected)

    let a = built.lexicon, b = read.lexicon
    #expect(a.aliasCount == b.aliasCount && a.vocabularySize == b.vocabularySize)
    #expect(a.entities.map(\.kbID) == b.entities.map(\.kbID))
    #expect(a.entities.map(\.label) == b.entities.map(\.label))
    #expect(a.entities.map(\.prior) == b.entities.map(\.prior))
    for i in stride(from: 0, to: a.entities.count, by: 97) {
        let x = a.entities[i], y = b.entities[i]
        #expect(x.canonical == y.canonical && x.subtype == y.subtype && x.source == y.source && x.curated == y.curated)
        #expect(x.aliases == y.aliases && x.attributes == y.attributes)
    }
    for kb in ["place/kyiv", "person/volodymyr-zelensky", "org/freedom-of-russia-legion"] {
        #expect(a.entityIndex(kbID: kb) != nil && a.entityIndex(kbID: kb) == b.entityIndex(kbID: kb))
    }
}

/// A small lexicon directory with one bad line, and what a lexicon loaded from it must find.
struct SourceTree {
    let root: URL
    let cache: LexiconCache
    let tokenizer: Tokenizer

    init() throws {
        root = try TestSupport.makeTree([
            "a.tsv": [row("place/kyiv", "GPE", "city", "Kyiv", "Kiev|Київ", "country=UA"),
                      row("place/bad", "GPE", "", "Bad", "", "broken")].joined(separator: "\n") + "\n",
            "sub/b.tsv": row("person/x-y", "PERSON", "", "Xavier Ymir", "") + "\n",
        ])
        cache = LexiconCache(directory: root.appendingPathComponent("cache").path)
        tokenizer = try Tokenizer()
    }

    var directory: String { root.appendingPathComponent("lexicons").path }

    func load() throws -> LexiconCache.Loaded {
        try cache.load(directories: [root.path], tokenizer: tokenizer)
    }

    func ids(_ loaded: LexiconCache.Loaded, _ text: String) throws -> [String] {
        var ids: [Int32] = [], matches: [LexiconMatch] = []
        loaded.lexicon.match(try tokenizer.tokenize(text), ids: &ids, into: &matches)
        return matches.map { loaded.lexicon.entities[Int($0.entity)].kbID }
    }

    func write(_ rel: String, _ text: String) throws {
        let url = root.appendingPathComponent(rel)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url)
    }

    func append(_ rel: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: root.appendingPathComponent(rel))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }
}

@Test func cacheIsBuiltOnceThenHit() throws {
    let s = try SourceTree()
    defer { try? FileManager.default.removeItem(at: s.root) }
    let first = try s.load()
    #expect(first.outcome == .rebuilt(reason: "no compiled file"))
    let second = try s.load()
    #expect(second.outcome == .hit)
    #expect(second.path == first.path)
    // Diagnostics are stored with the compiled form: a cached run reports the bad line too.
    #expect(first.diagnostics.map(\.code) == ["LEX006"])
    #expect(second.diagnostics == first.diagnostics)
    #expect(try s.ids(second, "Kiev met Xavier Ymir") == ["place/kyiv", "person/x-y"])
}

/// Changes to a lexicon directory, and what the lexicon matches after them.
enum SourceChange: String, CaseIterable, Sendable {
    case lineAppended, sameSizeNewContent, newFileInSubfolder, fileRemoved, contextFileAdded, nonLexiconFileAdded

    func apply(to s: SourceTree) throws {
        switch self {
        case .lineAppended: try s.append("a.tsv", row("place/lviv", "GPE", "city", "Lviv", "") + "\n")
        case .sameSizeNewContent: try s.write("sub/b.tsv", row("person/x-z", "PERSON", "", "Xavier Zmir", "") + "\n")
        case .newFileInSubfolder: try s.write("sub/deeper/c.tsv", row("org/c", "ORG", "", "Charlie Works", "") + "\n")
        case .fileRemoved: try FileManager.default.removeItem(at: s.root.appendingPathComponent("sub/b.tsv"))
        case .contextFileAdded: try s.write("context.txt", "city\tmayor\n")
        case .nonLexiconFileAdded: try s.write("notes.md", "nothing")
        }
    }

    /// A text, and the kb_ids the changed lexicon finds in it.
    var probe: (text: String, ids: [String]) {
        switch self {
        case .lineAppended: ("Lviv", ["place/lviv"])
        case .sameSizeNewContent: ("Xavier Zmir and Xavier Ymir", ["person/x-z"])
        case .newFileInSubfolder: ("Charlie Works", ["org/c"])
        case .fileRemoved: ("Xavier Ymir", [])
        case .contextFileAdded, .nonLexiconFileAdded: ("Kyiv", ["place/kyiv"])
        }
    }
}

/// Each change to the sources makes the next load rebuild, and the rebuilt
/// lexicon reflects it; the load after that is a hit again. A file that is no
/// lexicon source changes nothing.
@Test(arguments: SourceChange.allCases)
func changedSourcesRebuild(change: SourceChange) throws {
    let s = try SourceTree()
    defer { try? FileManager.default.removeItem(at: s.root) }
    _ = try s.load()
    #expect(try s.load().outcome == .hit)
    // Modification times have nanoseconds, but some file systems keep less: step past a tick.
    Thread.sleep(forTimeInterval: 0.01)
    try change.apply(to: s)
    let after = try s.load()
    if change == .nonLexiconFileAdded {
        #expect(after.outcome == .hit)
    } else {
        #expect(after.outcome == .rebuilt(reason: "\(after.path ?? ""): compiled from other sources"))
    }
    #expect(try s.ids(after, change.probe.text) == change.probe.ids)
    #expect(try s.load().outcome == .hit)
}

/// Where each section of a compiled file starts, by section tag (read from its section table).
func sectionOffsets(_ b: [UInt8]) -> [UInt32: Int] {
    func le(_ at: Int, _ n: Int) -> Int { (0..<n).reversed().reduce(0) { $0 << 8 | Int(b[at + $1]) } }
    var out: [UInt32: Int] = [:]
    for i in 0..<le(12, 4) { out[UInt32(le(64 + 32 * i, 4))] = le(64 + 32 * i + 8, 8) }
    return out
}

/// Section tags (CompiledLexiconFormat.Tag) the damage table aims at.
private let vocabularyArenaTag: UInt32 = 1, edgesTag: UInt32 = 5, entityPriorTag: UInt32 = 48

/// Ways a compiled file gets damaged, and the reason a load gives for rebuilding.
enum Damage: String, CaseIterable, Sendable {
    case emptyFile, tenBytesLeft, halfTheFile, lastByteMissing, byteAppended, textInstead, magicChanged
    case versionChanged, keyChanged, sectionTableChanged, vocabularyByteFlipped, edgeZeroed, priorChanged

    func apply(_ b: inout [UInt8]) {
        let o = sectionOffsets(b)
        switch self {
        case .emptyFile: b = []
        case .tenBytesLeft: b = Array(b.prefix(10))
        case .halfTheFile: b = Array(b.prefix(b.count / 2))
        case .lastByteMissing: b.removeLast()
        case .byteAppended: b.append(0)
        case .textInstead: b = Array("kb_id\tlabel\n".utf8)
        case .magicChanged: b[0] ^= 0x20
        case .versionChanged: b[8] &+= 1
        case .keyChanged: b[16] ^= 1
        case .sectionTableChanged: b[64 + 8] ^= 1
        case .vocabularyByteFlipped: b[o[vocabularyArenaTag]!] ^= 0x40
        case .edgeZeroed: for i in o[edgesTag]!..<(o[edgesTag]! + 16) { b[i] = 0 }
        case .priorChanged: b[o[entityPriorTag]! + 7] ^= 0x80
        }
    }

    var reason: String {
        switch self {
        case .emptyFile, .textInstead, .magicChanged: "not a compiled Gazette lexicon"
        case .tenBytesLeft, .halfTheFile, .lastByteMissing, .byteAppended: "truncated"
        case .versionChanged: "format version"
        case .keyChanged: "compiled from other sources"
        case .sectionTableChanged: "checksum mismatch in section header"
        case .vocabularyByteFlipped: "checksum mismatch in section vocabularyArena"
        case .edgeZeroed: "checksum mismatch in section edges"
        case .priorChanged: "checksum mismatch in section entityPrior"
        }
    }
}

/// A damaged compiled file is detected, reported as the reason for a rebuild,
/// and replaced by a good one; loading never traps.
@Test(arguments: Damage.allCases)
func corruptCacheIsRebuilt(damage: Damage) throws {
    let s = try SourceTree()
    defer { try? FileManager.default.removeItem(at: s.root) }
    let path = try #require(try s.load().path)
    var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    damage.apply(&bytes)
    try Data(bytes).write(to: URL(fileURLWithPath: path))
    // Reading it directly throws; it never traps.
    #expect(throws: CompiledLexiconError.self) { _ = try Lexicon.read(from: path) }
    let after = try s.load()
    guard case let .rebuilt(why) = after.outcome else { Issue.record("\(after.outcome)"); return }
    #expect(why.contains(damage.reason), "\(why)")
    #expect(try s.ids(after, "Kiev") == ["place/kyiv"])
    #expect(try s.load().outcome == .hit)
}

/// When the cache cannot be written the lexicon is built in memory and the run goes on.
@Test(arguments: [
    "a file stands where the cache directory should be",
    "the cache is turned off",
])
func unwritableCacheFallsBackToBuilding(situation: String) throws {
    let s = try SourceTree()
    defer { try? FileManager.default.removeItem(at: s.root) }
    let cache: LexiconCache
    if situation.hasPrefix("a file") {
        try s.write("blocker", "not a directory")
        cache = LexiconCache(directory: s.root.appendingPathComponent("blocker/cache").path)
    } else {
        cache = LexiconCache(environment: ["GAZETTE_CACHE": "off", "HOME": s.root.path])
        #expect(cache.directory == nil)
    }
    for _ in 0..<2 {
        let loaded = try cache.load(directories: [s.root.path], tokenizer: s.tokenizer)
        guard case .uncached = loaded.outcome else { Issue.record("\(situation): \(loaded.outcome)"); return }
        #expect(loaded.path == nil)
        #expect(try s.ids(loaded, "Kyiv and Xavier Ymir") == ["place/kyiv", "person/x-y"], "\(situation)")
        #expect(loaded.diagnostics.map(\.code) == ["LEX006"])
    }
}

@Test(arguments: [
    (["GAZETTE_CACHE": "/c/g", "XDG_CACHE_HOME": "/x", "HOME": "/h"], "/c/g"),
    (["GAZETTE_CACHE": "off", "XDG_CACHE_HOME": "/x", "HOME": "/h"], nil),
    (["GAZETTE_CACHE": "", "XDG_CACHE_HOME": "/x", "HOME": "/h"], "/x/gazette"),
    (["XDG_CACHE_HOME": "/x", "HOME": "/h"], "/x/gazette"),
    (["HOME": "/h"], "/h/.cache/gazette"),
] as [([String: String], String?)])
func cacheDirectoryFromEnvironment(environment: [String: String], expected: String?) {
    #expect(LexiconCache.defaultDirectory(environment) == expected)
}

/// Two directory lists never share a compiled file; the same list always does.
@Test func cacheFileDependsOnTheDirectoryList() {
    let cache = LexiconCache(directory: "/cache")
    let a = cache.path(for: ["/l/a"]), b = cache.path(for: ["/l/a", "/l/b"]), c = cache.path(for: ["/l/b", "/l/a"])
    #expect(a != b && b != c && a != c)
    #expect(cache.path(for: ["/l/a"]) == a)
    #expect(cache.path(for: ["/l/./a"]) == a)
    #expect(a?.hasPrefix("/cache/lexicon-") == true && a?.hasSuffix(".gzlex") == true)
}

/// An empty lexicon survives the round trip too.
@Test func emptyLexiconRoundTrips() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("empty.gzlex").path
    try Lexicon().write(to: path, key: 42)
    let (lexicon, diagnostics) = try Lexicon.read(from: path, key: 42)
    #expect(lexicon.aliasCount == 0 && lexicon.entities.isEmpty && diagnostics.isEmpty)
    #expect(throws: CompiledLexiconError.stale(path: path)) { _ = try Lexicon.read(from: path, key: 43) }
}

/// Writing a compiled file keeps the cache at ``LexiconCache/maximumFiles``
/// files, removing the least recently used, and removes stale temporary files.
@Test func cacheKeepsTheMostRecentlyUsedFiles() throws {
    let s = try SourceTree()
    defer { try? FileManager.default.removeItem(at: s.root) }
    let dir = try #require(s.cache.directory)
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    let fm = FileManager.default
    for i in 0..<20 {
        let p = (dir as NSString).appendingPathComponent("lexicon-old\(i).gzlex")
        fm.createFile(atPath: p, contents: Data("x".utf8))
        // old0 is the least recently used.
        try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: Double(i - 100) * 60)], ofItemAtPath: p)
    }
    let stale = (dir as NSString).appendingPathComponent("lexicon-abc.gzlex.tmp-1-2")
    fm.createFile(atPath: stale, contents: Data())
    try fm.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -7200)], ofItemAtPath: stale)
    let fresh = (dir as NSString).appendingPathComponent("lexicon-def.gzlex.tmp-3-4")
    fm.createFile(atPath: fresh, contents: Data())
    let loaded = try s.load()
    let names = Set(try fm.contentsOfDirectory(atPath: dir))
    #expect(names.count == LexiconCache.maximumFiles + 1)
    #expect(names.contains(((loaded.path ?? "") as NSString).lastPathComponent))
    #expect(names.contains("lexicon-old19.gzlex") && !names.contains("lexicon-old0.gzlex"))
    #expect(!names.contains("lexicon-abc.gzlex.tmp-1-2") && names.contains("lexicon-def.gzlex.tmp-3-4"))
}
