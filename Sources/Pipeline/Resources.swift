import Foundation
import GazetteCore
import Lexicon
import Normalization
import Rules
import Tokenization

/// Everything the pipeline reads but never changes: lexicons, word lists and
/// the recognizers. Load it once; share it with every worker.
public final class Resources: Sendable {
    public let lexicon: Lexicon
    /// Per-entity facts the rules read on the hot path.
    public let facts: LexiconFacts
    public let words: WordLists
    /// The lexicon's people, places and organizations by spelling-invariant
    /// name key, with the transliteration rules (`Lexicons/transliteration/`).
    public let names: NameIndex
    /// Whether the name index was read from its file beside the compiled lexicon.
    public let namesOutcome: NameIndex.CacheOutcome
    /// Whether the word lists were read from their file beside the compiled lexicon.
    public let wordsOutcome: LexiconCache.Outcome
    /// Whether the lexicon was read compiled from the cache.
    public let lexiconOutcome: LexiconCache.Outcome
    public let recognizers: [any Recognizer]
    /// The compiled rule files (`rules/*.rules` of each directory).
    public let rules: RuleSet
    /// Problems found in data files while loading (bad lines are skipped).
    public let diagnostics: [DataFileError]
    /// The lexicon directories that were loaded, in order.
    public let directories: [String]

    /// Loads the bundled lexicons, then each directory of `extra` over them.
    ///
    /// - Throws: when no bundled lexicon directory can be found and none is given,
    ///   or ICU cannot be initialized.
    public convenience init(extraLexicons extra: [String] = [], includeBundled: Bool = true) throws {
        var dirs: [String] = []
        if includeBundled {
            guard let bundled = Self.bundledLexiconDirectory() else {
                throw ResourceError(message: "cannot find Gazette's Lexicons directory; set GAZETTE_LEXICONS=/path/to/Lexicons or pass --lexicons DIR")
            }
            dirs.append(bundled)
        }
        dirs.append(contentsOf: extra)
        try self.init(directories: dirs)
    }

    /// Loads exactly these lexicon directories: each one's `*.tsv` files are
    /// entity lexicons; its `rules/` folder holds word lists.
    ///
    /// - Parameter lexiconCache: where compiled lexicons are kept (by default from
    ///   `$GAZETTE_CACHE`, `$XDG_CACHE_HOME` or `~/.cache/gazette`).
    /// - Parameter recognizers: the recognizers to run; by default ``defaultRecognizers(rules:)``
    ///   with the rule files of `directories`.
    public init(directories: [String], recognizers: [any Recognizer]? = nil,
                lexiconCache: LexiconCache = LexiconCache()) throws {
        var diagnostics: [DataFileError] = []
        for d in directories {
            var isDir: ObjCBool = false
            if !FileManager.default.fileExists(atPath: d, isDirectory: &isDir) || !isDir.boolValue {
                diagnostics.append(DataFileError(code: "LEX001", file: d, line: 0, message: "lexicon directory not found"))
            }
        }
        let ruleDirs = directories.map { ($0 as NSString).appendingPathComponent("rules") }
            .filter { FileManager.default.fileExists(atPath: $0) }
        // The tokenizer needs the abbreviations; the lexicon needs the tokenizer;
        // the word lists need the lexicon's people (known surnames); the rules
        // need the word lists.
        let tokenizer = try Tokenizer(abbreviations: WordLists.entries(of: .abbreviations, directories: ruleDirs))
        // Compiled lexicons are cached (LexiconCache): TSV is parsed and aliases
        // tokenized only when a source file changed; a cache problem never fails.
        let loaded = try lexiconCache.load(directories: directories, tokenizer: tokenizer)
        diagnostics.append(contentsOf: loaded.diagnostics)
        self.lexicon = loaded.lexicon
        self.lexiconOutcome = loaded.outcome
        let facts = LexiconFacts(loaded.lexicon)
        self.facts = facts
        let people = facts.labels.indices.filter { facts.labels[$0] == .person }.map { loaded.lexicon.canonical($0) }
        // The name index needs only the lexicon: it is read (or built) on another
        // thread while the word lists and rules compile here, and ICU's registry of
        // transliterators, which every tagger's slugger opens, is loaded there too.
        // It is kept beside the compiled lexicon, under a key that also covers the
        // transliteration files.
        let namesPath = loaded.path.map { LexiconCache.companion(of: $0, suffix: ".names") }
        let lexiconKey = LexiconCache.key(directories: directories, tokenizer: tokenizer)
        let lexicon = loaded.lexicon
        let side = SideResult<(NameRules, (index: NameIndex, outcome: NameIndex.CacheOutcome))>()
        let sideDone = DispatchGroup()
        DispatchQueue.global().async(group: sideDone) {
            _ = try? Slugger()
            let nameRules = NameRules.load(lexiconDirectories: directories)
            side.value = (nameRules, NameIndex.cached(rules: nameRules, lexicon: lexicon, path: namesPath, lexiconKey: lexiconKey))
        }
        // Lists are compiled with a tokenizer that knows no abbreviations, and kept
        // beside the compiled lexicon (the lexicon's key covers its people).
        let words: WordLists
        do {
            (words, wordsOutcome) = try WordLists.cached(directories: ruleDirs, tokenizer: try Tokenizer(), people: people,
                                                         path: loaded.path.map { LexiconCache.companion(of: $0, suffix: ".words") },
                                                         key: lexiconKey)
        } catch {
            sideDone.wait()
            throw error
        }
        diagnostics.append(contentsOf: words.diagnostics)
        let rules = RuleSet(directories: ruleDirs, words: words, tokenizer: tokenizer)
        diagnostics.append(contentsOf: rules.diagnostics)
        sideDone.wait()
        let (nameRules, names) = side.value!
        diagnostics.append(contentsOf: nameRules.diagnostics)
        self.names = names.index
        self.namesOutcome = names.outcome
        self.words = words
        self.rules = rules
        self.recognizers = recognizers ?? defaultRecognizers(rules: rules)
        self.diagnostics = diagnostics
        self.directories = directories
    }

    /// Where the bundled `Lexicons/` directory is: `$GAZETTE_LEXICONS`, then a
    /// `Lexicons` folder beside the executable or in any folder above it (a
    /// build tree), then `share/gazette/Lexicons` beside an installed `bin/`,
    /// then the source checkout this binary was built from.
    public static func bundledLexiconDirectory() -> String? {
        let fm = FileManager.default
        func ok(_ p: String) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: (p as NSString).appendingPathComponent("rules"), isDirectory: &isDir) && isDir.boolValue
        }
        if let env = ProcessInfo.processInfo.environment["GAZETTE_LEXICONS"], !env.isEmpty { return env }
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? ".").resolvingSymlinksInPath().deletingLastPathComponent()
        if let exe = Bundle.main.executableURL { dir = exe.resolvingSymlinksInPath().deletingLastPathComponent() }
        var probe = dir
        for _ in 0..<8 {
            let candidate = probe.appendingPathComponent("Lexicons").path
            if ok(candidate) { return candidate }
            let share = probe.appendingPathComponent("share/gazette/Lexicons").path
            if ok(share) { return share }
            probe = probe.deletingLastPathComponent()
        }
        // The checkout this file was compiled in: Sources/Pipeline/Resources.swift → ../../Lexicons.
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Lexicons").path
        return ok(source) ? source : nil
    }
}

public struct ResourceError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}

/// What a block run on another thread hands back: written there before the
/// block's group is left, read here after waiting on the group.
private final class SideResult<T>: @unchecked Sendable {
    var value: T?
}
