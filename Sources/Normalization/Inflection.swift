import GazetteCore

/// Brings inflected Ukrainian and Russian names back to the nominative a
/// lexicon lists (`inflection.txt`): Зеленського → Зеленський, Києві → Київ,
/// Харкові → Харків, Путина → Путин.
///
/// Case endings are ambiguous (Путина is also a woman's name), so a word
/// yields several candidates, the word as written first; matching tries them
/// all against the lexicon. Only endings marked `sure` rewrite names the
/// lexicon does not know. Immutable and thread-safe.
public struct Lemmatizer: Sendable {
    struct Rule: Sendable {
        /// The ending's Unicode scalars, lowercase.
        var ending: [Unicode.Scalar]
        var nominative: String
        var sure: Bool
    }

    /// Rules sorted by ending length, longest first, then file order.
    private var rules: [Rule] = []
    /// Problems found while parsing; bad lines are skipped.
    public private(set) var diagnostics: [DataFileError] = []

    /// A lemmatizer that leaves every word as it is.
    public init() {}

    /// Parses `inflection.txt` text; `file` names it in diagnostics.
    public init(tsv text: String, file: String) {
        var parsed: [Rule] = []
        var lineNumber = 0
        for line in text.dataFileLines {
            lineNumber += 1
            let trimmed = line.trimmingASCIISpaces
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingASCIISpaces }
            guard cols.count >= 2, cols.count <= 3, !cols[0].isEmpty, !cols[1].isEmpty,
                  cols[0].unicodeScalars.allSatisfy({ $0.properties.isAlphabetic }) else {
                diagnostics.append(DataFileError(code: "TRL008", file: file, line: lineNumber,
                                                 message: "expected 'ending<TAB>nominative[<TAB>sure]' with a lowercase ending (use - for an empty nominative)"))
                continue
            }
            let flag = cols.count == 3 ? cols[2] : ""
            guard flag.isEmpty || flag == "sure" else {
                diagnostics.append(DataFileError(code: "TRL008", file: file, line: lineNumber, message: "unknown flag '\(flag)': expected 'sure' or nothing"))
                continue
            }
            parsed.append(Rule(ending: Array(cols[0].lowercased().unicodeScalars), nominative: cols[1] == "-" ? "" : cols[1].lowercased(),
                               sure: flag == "sure"))
        }
        rules = parsed.enumerated().sorted { a, b in
            a.element.ending.count != b.element.ending.count ? a.element.ending.count > b.element.ending.count : a.offset < b.offset
        }.map(\.element)
    }

    /// The number of rules.
    public var ruleCount: Int { rules.count }

    /// Candidate nominatives of one word, the word itself first, without duplicates.
    ///
    /// - Parameter sureOnly: only endings marked `sure` (for names no lexicon knows).
    public func candidates(_ word: String, sureOnly: Bool = false) -> [String] {
        var out = [word]
        let lower = Array(word.lowercased().unicodeScalars)
        // Only Cyrillic words decline here.
        guard lower.contains(where: { $0.value >= 0x400 && $0.value <= 0x52F }) else { return out }
        let upperInitial = word.unicodeScalars.first.map { $0.properties.isUppercase } ?? false
        for r in rules where (!sureOnly || r.sure) && lower.count >= r.ending.count + 2 {
            guard lower[(lower.count - r.ending.count)...].elementsEqual(r.ending) else { continue }
            var stem = String(String.UnicodeScalarView(lower[..<(lower.count - r.ending.count)]))
            stem += r.nominative
            if upperInitial, let f = stem.first { stem = f.uppercased() + stem.dropFirst() }
            if !out.contains(stem) { out.append(stem) }
        }
        return out
    }

    /// The nominative of a name the lexicon does not know: each word through
    /// its first `sure` ending, if any.
    public func lemma(_ name: String) -> String {
        var out = ""
        var word = ""
        func flush() {
            if !word.isEmpty {
                let c = candidates(word, sureOnly: true)
                out += c.count > 1 ? c[1] : word
                word = ""
            }
        }
        for ch in name {
            if ch.isLetter || ch == "'" || ch == "\u{2019}" || ch == "\u{2BC}" { word.append(ch) } else { flush(); out.append(ch) }
        }
        flush()
        return out
    }
}
