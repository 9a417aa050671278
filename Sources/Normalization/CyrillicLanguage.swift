import GazetteCore

/// The languages whose Cyrillic names Gazette romanizes by their own rules.
public enum CyrillicLanguage: String, Sendable, CaseIterable {
    case russian = "ru"
    case ukrainian = "uk"
    case belarusian = "be"
    case bulgarian = "bg"
}

/// Tells Ukrainian, Russian, Belarusian and Bulgarian names apart by their
/// letters, with the weights of `languages.txt` (і ї є ґ for Ukrainian, ў for
/// Belarusian, ы э ё for Russian, ъ inside words for Bulgarian).
public struct LanguageDetector: Sendable {
    private var order: [CyrillicLanguage] = [.russian, .ukrainian, .belarusian, .bulgarian]
    /// Letters or letter sequences (lowercase scalars), whether they must follow
    /// a letter (`.` prefix), and their weights per language.
    private var weights: [([Unicode.Scalar], Bool, [Int])] = []
    /// Problems found while parsing; bad lines are skipped.
    public private(set) var diagnostics: [DataFileError] = []

    /// A detector that calls every name Russian.
    public init() {}

    /// Parses `languages.txt` text; `file` names it in diagnostics.
    public init(tsv text: String, file: String) {
        var lineNumber = 0
        var header: [CyrillicLanguage]? = nil
        for line in text.dataFileLines {
            lineNumber += 1
            if line.trimmingASCIISpaces.isEmpty || line.hasPrefix("#") { continue }
            let cols = line.split(separator: "\t").map { $0.trimmingASCIISpaces }
            func fail(_ message: String) {
                diagnostics.append(DataFileError(code: "TRL009", file: file, line: lineNumber, message: message))
            }
            if header == nil {
                let langs = cols.dropFirst().map { CyrillicLanguage(rawValue: $0) }
                guard cols.first == "language", !langs.isEmpty, langs.allSatisfy({ $0 != nil }) else {
                    fail("expected a header line 'language<TAB>ru<TAB>uk...' with the codes \(CyrillicLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
                    return
                }
                header = langs.map { $0! }
                order = header!
                continue
            }
            let inner = cols[0].hasPrefix(".")
            let text = inner ? String(cols[0].dropFirst()) : cols[0]
            guard cols.count == header!.count + 1, !text.isEmpty, text.unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) else {
                fail("expected letters (a leading '.' for letters inside a word) and \(header!.count) weights")
                continue
            }
            let letters = Array(text.lowercased().unicodeScalars)
            let w = cols.dropFirst().map { Int($0) }
            guard w.allSatisfy({ $0 != nil }) else { fail("weights must be integers"); continue }
            var row = [Int](repeating: 0, count: CyrillicLanguage.allCases.count)
            for (k, lang) in header!.enumerated() { row[CyrillicLanguage.allCases.firstIndex(of: lang)!] = w[k]! }
            weights.append((letters, inner, row))
        }
    }

    /// The language of a name with Cyrillic letters (Russian when nothing tells).
    public func detect(_ name: String) -> CyrillicLanguage {
        var total = [Int](repeating: 0, count: CyrillicLanguage.allCases.count)
        let lower = Array(name.lowercased().unicodeScalars)
        for (letters, inner, row) in weights where letters.count <= lower.count {
            for start in 0...(lower.count - letters.count) where lower[start] == letters[0] {
                guard lower[start..<(start + letters.count)].elementsEqual(letters) else { continue }
                if inner && (start == 0 || !lower[start - 1].properties.isAlphabetic) { continue }
                for i in row.indices { total[i] += row[i] }
            }
        }
        var best = order[0]
        var bestScore = Int.min
        for lang in order {
            let score = total[CyrillicLanguage.allCases.firstIndex(of: lang)!]
            if score > bestScore { best = lang; bestScore = score }
        }
        return best
    }

    /// True when `name` has Cyrillic letters.
    public static func hasCyrillic(_ name: String) -> Bool {
        name.unicodeScalars.contains { $0.value >= 0x400 && $0.value <= 0x52F }
    }
}
