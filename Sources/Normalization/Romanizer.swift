import Foundation
import GazetteCore

/// Romanizes names: Cyrillic words by the name's language and a scheme of
/// `schemes.txt`, Latin words folded to ASCII (Szijjártó → Szijjarto), other
/// scripts through ICU's Any-Latin.
///
/// The rule files are written for lowercase text; the romanizer lowercases
/// each Cyrillic word, transliterates it and gives the result the word's
/// capitals back (Київ → Kyiv, КИЇВ → KYIV). It owns ICU transliterators,
/// compiled on first use, so it is not thread-safe: one per worker.
public final class Romanizer {
    public let rules: NameRules
    private var compiled: [SchemeEntry: Transliterator] = [:]
    private var asciiFold: Transliterator?
    private var anyLatin: Transliterator?

    public init(rules: NameRules) {
        self.rules = rules
    }

    /// Compiles every scheme now, so that a bad rule file shows at load time.
    ///
    /// - Throws: ``DataFileError`` `TRL001` naming the file and line of a bad rule.
    public func compileAll() throws {
        for e in rules.schemes { _ = try transliterator(e) }
    }

    /// The transliterator of one scheme entry.
    public func transliterator(_ e: SchemeEntry) throws -> Transliterator {
        if let t = compiled[e] { return t }
        let t: Transliterator
        if e.source.hasPrefix("icu:") {
            t = try Transliterator(id: String(e.source.dropFirst(4)))
        } else {
            // Several files run as passes in order; a rule error names its own file and line.
            let dir = rules.directory ?? "."
            var text = ""
            var offsets: [(file: String, firstLine: Int)] = []
            for name in e.source.split(separator: "+").map(String.init) {
                let path = (dir as NSString).appendingPathComponent(name)
                guard let data = FileManager.default.contents(atPath: path), let body = String(validating: data, as: UTF8.self) else {
                    throw DataFileError(code: "TRL002", file: path, line: 0, message: "cannot read rule file")
                }
                if !text.isEmpty { text += "\n::Null;\n" }
                offsets.append((path, 1 + text.utf8.reduce(0) { $1 == 0x0A ? $0 + 1 : $0 }))
                text += body
            }
            do {
                t = try Transliterator(name: "Gazette-\(e.scheme)-\(e.language.rawValue)", rules: text, file: offsets.first?.file ?? dir)
            } catch var error as DataFileError {
                if let part = offsets.last(where: { $0.firstLine <= error.line }) {
                    error.file = part.file
                    error.line = error.line - part.firstLine + 1
                }
                throw error
            }
        }
        compiled[e] = t
        return t
    }

    /// The romanized form of `name`.
    ///
    /// - Parameters:
    ///   - scheme: a scheme name (`uk-2010`, `ru-press`, `bgn-pcgn`, `icao-9303`,
    ///     `iso9`, `icu`); nil, or a scheme that does not cover the name's
    ///     language, picks the language's default.
    ///   - language: the language of Cyrillic words; nil detects it.
    public func romanize(_ name: String, scheme: String? = nil, language: CyrillicLanguage? = nil) throws -> String {
        var out = ""
        var word = ""
        var wordIsCyrillic = false
        let lang = language ?? rules.languages.detect(name)
        let entry = rules.scheme(scheme, for: lang)
        func flush() throws {
            guard !word.isEmpty else { return }
            if wordIsCyrillic, let entry {
                out += Self.recase(try transliterator(entry).transliterate(word.lowercased()), like: word)
            } else if word.unicodeScalars.contains(where: { !$0.isASCII }) {
                // Latin letters with marks and other scripts: ICU folds them to ASCII.
                out += try latin(word)
            } else {
                out += word
            }
            word = ""
            wordIsCyrillic = false
        }
        // Words are runs of letters and inner apostrophes; everything else passes through.
        for s in name.unicodeScalars {
            let isLetter = s.properties.isAlphabetic || s.properties.generalCategory == .nonspacingMark
            let isApostrophe = s == "'" || s == "\u{2019}" || s == "\u{2BC}"
            if isLetter || (isApostrophe && !word.isEmpty) {
                word.unicodeScalars.append(s)
                if s.value >= 0x400 && s.value <= 0x52F { wordIsCyrillic = true }
            } else {
                try flush()
                out.unicodeScalars.append(s)
            }
        }
        try flush()
        return out
    }

    /// Any script to Latin, then to ASCII where ICU knows how.
    private func latin(_ s: String) throws -> String {
        if !s.unicodeScalars.contains(where: { $0.value >= 0x250 && !($0.value >= 0x1E00 && $0.value <= 0x1EFF) && $0.properties.isAlphabetic }) {
            if asciiFold == nil { asciiFold = try Transliterator(id: "Latin-ASCII") }
            return asciiFold!.transliterate(s)
        }
        if anyLatin == nil { anyLatin = try Transliterator(id: "Any-Latin; Latin-ASCII") }
        return anyLatin!.transliterate(s)
    }

    /// Gives `latin` the capitals of `original`: all capitals when the
    /// original has two or more letters and no lowercase, else a capital
    /// first letter when the original starts with one.
    static func recase(_ latin: String, like original: String) -> String {
        let letters = original.unicodeScalars.filter { $0.properties.isAlphabetic }
        guard let first = letters.first else { return latin }
        if letters.count > 1 && letters.allSatisfy({ !$0.properties.isLowercase }) { return latin.uppercased() }
        guard first.properties.isUppercase, let f = latin.first else { return latin }
        return f.uppercased() + latin.dropFirst()
    }
}
