import Foundation
import GazetteCore

/// One romanization scheme for one language, from `schemes.txt`.
public struct SchemeEntry: Sendable, Hashable {
    /// The scheme's name: `uk-2010`, `ru-press`, `bgn-pcgn`, `icao-9303`, `iso9`, `icu`, ...
    public var scheme: String
    public var language: CyrillicLanguage
    /// `icu:<transform id>` for a transform built into ICU, else rule files
    /// joined by `+`, each run as its own pass in that order.
    public var source: String
    /// True when this is the scheme used for the language unless another is asked for.
    public var isDefault: Bool
    public var description: String
}

/// Everything Gazette reads from `Lexicons/transliteration/`: the name-key
/// rules, the spelling rules for ids, inflection endings, the language
/// detector and the romanization schemes. Immutable: load once, share with
/// every worker (the ICU transliterators themselves live in ``Romanizer``s,
/// one per worker).
public struct NameRules: Sendable {
    /// The directory the rules were read from, or nil for built-in empty rules.
    public let directory: String?
    public let keyer: NameKeyer
    /// Rewrites German, Polish, Czech and Dutch spellings of names to English
    /// conventions (`spelling.txt`); ids of unknown names are made from it.
    public let spelling: NameKeyer
    public let lemmatizer: Lemmatizer
    public let languages: LanguageDetector
    public let schemes: [SchemeEntry]
    /// Problems found while loading; bad lines are skipped.
    public let diagnostics: [DataFileError]

    /// Rules that only fold case: no transliteration files.
    public init() {
        directory = nil
        keyer = NameKeyer(rules: RewriteRules())
        spelling = NameKeyer(rules: RewriteRules())
        lemmatizer = Lemmatizer()
        languages = LanguageDetector()
        schemes = []
        diagnostics = []
    }

    /// Loads the files of a `transliteration/` directory. Missing or bad files
    /// are reported in ``diagnostics`` (never thrown); what is good still loads.
    public init(directory: String) {
        self.directory = directory
        var diagnostics: [DataFileError] = []
        func read(_ name: String) -> String? {
            let path = (directory as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: path) else {
                diagnostics.append(DataFileError(code: "TRL002", file: path, line: 0, message: "cannot read file"))
                return nil
            }
            guard let text = String(validating: data, as: UTF8.self) else {
                diagnostics.append(DataFileError(code: "TRL002", file: path, line: 0, message: "not valid UTF-8; file skipped"))
                return nil
            }
            return text
        }
        func path(_ name: String) -> String { (directory as NSString).appendingPathComponent(name) }
        let keyRules = read("name-key.txt").map { RewriteRules(text: $0, file: path("name-key.txt")) } ?? RewriteRules()
        let spellingRules = read("spelling.txt").map { RewriteRules(text: $0, file: path("spelling.txt")) } ?? RewriteRules()
        let lemmatizer = read("inflection.txt").map { Lemmatizer(tsv: $0, file: path("inflection.txt")) } ?? Lemmatizer()
        let languages = read("languages.txt").map { LanguageDetector(tsv: $0, file: path("languages.txt")) } ?? LanguageDetector()
        diagnostics += keyRules.diagnostics + spellingRules.diagnostics + lemmatizer.diagnostics + languages.diagnostics
        var schemes: [SchemeEntry] = []
        if let text = read("schemes.txt") {
            schemes = Self.parseSchemes(text, directory: directory, file: path("schemes.txt"), diagnostics: &diagnostics)
        }
        self.keyer = NameKeyer(rules: keyRules)
        self.spelling = NameKeyer(rules: spellingRules)
        self.lemmatizer = lemmatizer
        self.languages = languages
        self.schemes = schemes
        self.diagnostics = diagnostics
    }

    static func parseSchemes(_ text: String, directory: String, file: String, diagnostics: inout [DataFileError]) -> [SchemeEntry] {
        var out: [SchemeEntry] = []
        var lineNumber = 0
        for line in text.dataFileLines {
            lineNumber += 1
            if line.trimmingASCIISpaces.isEmpty || line.hasPrefix("#") { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingASCIISpaces }
            func fail(_ message: String) {
                diagnostics.append(DataFileError(code: "TRL007", file: file, line: lineNumber, message: message))
            }
            guard cols.count >= 3, !cols[0].isEmpty, !cols[2].isEmpty else {
                fail("expected 'scheme<TAB>language<TAB>rules[<TAB>default<TAB>description]'")
                continue
            }
            guard let language = CyrillicLanguage(rawValue: cols[1]) else {
                fail("unknown language '\(cols[1])': expected \(CyrillicLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            let flag = cols.count > 3 ? cols[3] : ""
            guard flag.isEmpty || flag == "default" else { fail("unknown flag '\(flag)': expected 'default' or nothing"); continue }
            if !cols[2].hasPrefix("icu:") {
                let missing = cols[2].split(separator: "+").map(String.init).filter {
                    !FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent($0))
                }
                guard missing.isEmpty else { fail("rule file not found: \(missing.joined(separator: ", "))"); continue }
            }
            if out.contains(where: { $0.scheme == cols[0] && $0.language == language }) {
                fail("scheme '\(cols[0])' is listed twice for \(language.rawValue)")
                continue
            }
            out.append(SchemeEntry(scheme: cols[0], language: language, source: cols[2], isDefault: flag == "default",
                                   description: cols.count > 4 ? cols[4] : ""))
        }
        for lang in CyrillicLanguage.allCases where out.filter({ $0.language == lang && $0.isDefault }).count > 1 {
            diagnostics.append(DataFileError(code: "TRL007", file: file, line: 0, message: "more than one default scheme for \(lang.rawValue)"))
        }
        return out
    }

    /// The scheme names, in file order, without repeats.
    public var schemeNames: [String] {
        var seen: [String] = []
        for s in schemes where !seen.contains(s.scheme) { seen.append(s.scheme) }
        return seen
    }

    /// The entry for `scheme` in `language`, or the language's default when the
    /// scheme is nil or does not cover the language.
    public func scheme(_ scheme: String?, for language: CyrillicLanguage) -> SchemeEntry? {
        if let scheme, let e = schemes.first(where: { $0.scheme == scheme && $0.language == language }) { return e }
        return schemes.first { $0.language == language && $0.isDefault }
    }
}

extension NameRules {
    /// The rules of the last of `lexiconDirectories` that has a
    /// `transliteration/` folder (a user directory replaces the bundled rules
    /// as a whole), or empty rules when none has one.
    public static func load(lexiconDirectories: [String]) -> NameRules {
        for d in lexiconDirectories.reversed() {
            let t = (d as NSString).appendingPathComponent("transliteration")
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: t, isDirectory: &isDir), isDir.boolValue { return NameRules(directory: t) }
        }
        return NameRules()
    }
}
