import Foundation
import Gazette

/// Paths and helpers shared by Gazette's test targets.
public enum TestSupport {
    /// The package root (the folder holding Package.swift).
    public static let packageRoot: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        fatalError("Package.swift not found above \(#filePath)")
    }()

    /// The bundled `Lexicons/` directory.
    public static var lexicons: String { packageRoot.appendingPathComponent("Lexicons").path }

    /// The bundled rule files (`Lexicons/rules/*.rules`) by their path under a
    /// lexicon directory (`rules/person.rules`), for fixture trees whose word
    /// lists are pinned by the test but whose rules are the project's.
    public static var bundledRuleFiles: [String: String] {
        let dir = URL(fileURLWithPath: lexicons).appendingPathComponent("rules")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        var out: [String: String] = [:]
        for n in names where n.hasSuffix(".rules") {
            out["rules/" + n] = try? String(contentsOf: dir.appendingPathComponent(n), encoding: .utf8)
        }
        return out
    }

    /// `../shared` beside the package, when present (evaluation data and the seed article).
    public static var shared: URL? {
        let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared")
        return FileManager.default.fileExists(atPath: url.path) ? url : nil
    }

    /// Resources over the bundled lexicons, loaded once per test process.
    public static let resources: Resources = {
        do { return try Resources(directories: [lexicons]) } catch { fatalError("cannot load lexicons: \(error)") }
    }()

    /// Resources over a lexicon directory written from `files` (relative path →
    /// text) and removed once loaded, for tests that pin their own data.
    public static func fixtureResources(_ files: [String: String]) -> Resources {
        do {
            let root = try makeTree(files)
            defer { try? FileManager.default.removeItem(at: root) }
            return try Resources(directories: [root.path])
        } catch {
            fatalError("cannot build fixture resources: \(error)")
        }
    }

    /// A tagger over the bundled lexicons (one per caller: taggers are not thread-safe).
    public static func tagger() throws -> Tagger { try Tagger(resources: resources) }

    /// Candidates of `rules` on `sentence` with the bundled lexicons and word
    /// lists (as the tagger runs them), and the tokens they index.
    /// `tokenIDs`: give the context the lexicon's token ids, as the tagger does.
    public static func ruleCandidates(_ rules: RuleSet, tokenizer: Tokenizer, _ sentence: String,
                                      scratch: RuleScratch? = nil, tokenIDs: Bool = true) throws -> (entities: [Entity], text: TokenizedText) {
        let context = try ruleContext(tokenizer: tokenizer, sentence, scratch: scratch, tokenIDs: tokenIDs)
        var out: [Entity] = []
        RuleFileRecognizer(rules).recognize(context, into: &out)
        return (out, context.text)
    }

    /// What recognizers read about `text` with the bundled lexicons and word
    /// lists, as the tagger builds it.
    public static func ruleContext(tokenizer: Tokenizer, _ text: String, scratch: RuleScratch? = nil,
                                   tokenIDs: Bool = true) throws -> RuleContext {
        var tokens = TokenizedText()
        try tokenizer.tokenize(text, into: &tokens)
        var ids: [Int32] = []
        var matches: [LexiconMatch] = []
        var hits: [WordHit] = []
        resources.lexicon.match(tokens, ids: &ids, into: &matches)
        let lexiconIDs = ids
        resources.words.find(in: tokens, ids: &ids, hits: &hits)
        return RuleContext(text: tokens, lexicon: resources.lexicon, words: resources.words, hits: hits, matches: matches,
                           facts: resources.facts, scratch: scratch, tokenIDs: tokenIDs ? lexiconIDs : [])
    }

    /// The built `gazette` executable (beside the test bundle in the build folder).
    public static var gazetteExecutable: URL {
        let build = Bundle.main.bundleURL.deletingLastPathComponent()
        for candidate in [build.appendingPathComponent("gazette"),
                          Bundle.main.bundleURL.appendingPathComponent("gazette")] where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        // swift test builds every product into the same folder as the test bundle.
        let enumerator = FileManager.default.enumerator(atPath: packageRoot.appendingPathComponent(".build").path)
        while let rel = enumerator?.nextObject() as? String {
            if rel.hasSuffix("/debug/gazette") || rel.hasSuffix("/release/gazette") {
                return packageRoot.appendingPathComponent(".build").appendingPathComponent(rel)
            }
        }
        return build.appendingPathComponent("gazette")
    }

    /// The result of running the CLI.
    public struct RunResult: Sendable {
        public var status: Int32
        public var stdout: String
        public var stderr: String
        public init(status: Int32, stdout: String, stderr: String) {
            self.status = status
            self.stdout = stdout
            self.stderr = stderr
        }
        /// Stdout split into non-empty lines.
        public var lines: [String] { stdout.split(separator: "\n").map(String.init) }
    }

    /// Runs `gazette` with `arguments`, feeding `stdin`, and waits for it.
    public static func run(_ arguments: [String], stdin: Data? = nil, environment: [String: String]? = nil) throws -> RunResult {
        let process = Process()
        process.executableURL = gazetteExecutable
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        // Read both pipes concurrently so a full pipe never blocks the child.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        if let stdin { inp.fileHandleForWriting.write(stdin) }
        try? inp.fileHandleForWriting.close()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Parses one JSON line into a dictionary.
    public static func json(_ line: String) -> [String: Any]? {
        try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
    }

    /// A temporary directory, removed by the caller with `cleanup`.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gazette-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
