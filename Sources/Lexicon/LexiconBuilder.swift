import Foundation
import GazetteCore
import Tokenization

/// Collects entities from TSV lexicon files (format in `Lexicons/README.md`)
/// and builds an immutable ``Lexicon``.
///
/// Loading never throws for bad data: a bad line is skipped and described by a
/// ``DataFileError`` in ``diagnostics``; the rest of the file still loads.
public struct LexiconBuilder {
    private var entities: [LexiconEntity] = []
    private var index: [String: Int] = [:]
    /// Problems found while loading, in load order.
    public private(set) var diagnostics: [DataFileError] = []

    public init() {}

    /// The number of entities collected so far.
    public var entityCount: Int { entities.count }

    /// Adds an entity, or merges its aliases and attributes into an entity with the
    /// same kb_id. Returns an error when the kb_id is already known with another label.
    @discardableResult
    public mutating func add(kbID: String, label: EntityLabel, subtype: String? = nil, canonical: String,
                             aliases: [String] = [], attributes: [String: String] = [:],
                             source: String = "") -> DataFileError? {
        if let i = index[kbID] {
            guard entities[i].label == label else {
                return DataFileError(code: "LEX007", file: source, line: 0,
                                     message: "kb_id '\(kbID)' is \(entities[i].label.name) in \(entities[i].source) but \(label.name) here")
            }
            for a in [canonical] + aliases where !entities[i].aliases.contains(a) { entities[i].aliases.append(a) }
            entities[i].attributes.merge(attributes) { old, _ in old }
            entities[i].prior = Self.prior(entities[i].attributes)
            return nil
        }
        var all = [canonical]
        for a in aliases where !all.contains(a) { all.append(a) }
        index[kbID] = entities.count
        entities.append(LexiconEntity(kbID: kbID, label: label, subtype: subtype, canonical: canonical, aliases: all,
                                      attributes: attributes, prior: Self.prior(attributes), source: source))
        return nil
    }

    static func prior(_ attributes: [String: String]) -> Double {
        if let p = attributes["prior"].flatMap(Double.init) { return p }
        if let pop = attributes["population"].flatMap(Double.init), pop > 0 { return log10(pop) }
        return 5
    }

    /// Loads every `*.tsv` file under `directory`, recursively, in path order.
    public mutating func loadDirectory(_ directory: String) {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: directory) else {
            diagnostics.append(DataFileError(code: "LEX001", file: directory, line: 0, message: "cannot read lexicon directory"))
            return
        }
        var files: [String] = []
        for case let rel as String in walker where rel.hasSuffix(".tsv") { files.append(rel) }
        for rel in files.sorted() { loadFile((directory as NSString).appendingPathComponent(rel)) }
    }

    /// Loads one TSV lexicon file.
    public mutating func loadFile(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.append(DataFileError(code: "LEX001", file: path, line: 0, message: "cannot read file"))
            return
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.append(DataFileError(code: "LEX001", file: path, line: 0, message: "not valid UTF-8"))
            return
        }
        load(tsv: text, file: path)
    }

    /// Loads lexicon lines from a string; `file` names it in diagnostics.
    public mutating func load(tsv text: String, file: String) {
        var lineNumber = 0
        for rawLine in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            var line = rawLine
            if line.last == "\r" { line = line.dropLast() }
            if line.isEmpty || line.first == "#" || line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            func fail(_ code: String, _ message: String) {
                diagnostics.append(DataFileError(code: code, file: file, line: lineNumber, message: message))
            }
            guard cols.count >= 4 else { fail("LEX002", "expected at least 4 tab-separated columns (kb_id, label, subtype, canonical), found \(cols.count)"); continue }
            let kbID = cols[0]
            guard Self.isValidKBID(kbID) else { fail("LEX004", "malformed kb_id '\(kbID)': expected type/slug, e.g. person/vyacheslav-gladkov"); continue }
            guard let label = EntityLabel(name: cols[1]) else { fail("LEX003", "unknown label '\(cols[1])'"); continue }
            let subtype = cols[2].isEmpty ? nil : cols[2]
            let canonical = cols[3]
            guard !canonical.isEmpty else { fail("LEX005", "empty canonical name"); continue }
            var aliases: [String] = []
            var badAlias = false
            if cols.count > 4, !cols[4].isEmpty {
                for a in cols[4].split(separator: "|", omittingEmptySubsequences: false) {
                    let alias = a.trimmingCharacters(in: .whitespaces)
                    if alias.isEmpty || alias == "=" || alias == "~" { badAlias = true; continue }
                    aliases.append(alias)
                }
            }
            if badAlias { fail("LEX005", "empty alias in '\(cols[4])'") }
            var attributes: [String: String] = [:]
            if cols.count > 5, !cols[5].isEmpty {
                for pair in cols[5].split(separator: ";") {
                    let kv = pair.split(separator: "=", maxSplits: 1)
                    guard kv.count == 2, !kv[0].isEmpty else { fail("LEX006", "malformed attribute '\(pair)': expected key=value"); continue }
                    attributes[kv[0].trimmingCharacters(in: .whitespaces)] = kv[1].trimmingCharacters(in: .whitespaces)
                }
            }
            if var error = add(kbID: kbID, label: label, subtype: subtype, canonical: canonical, aliases: aliases,
                               attributes: attributes, source: file) {
                error.line = lineNumber
                diagnostics.append(error)
            }
        }
    }

    static func isValidKBID(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
        return s.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value != 0x7C && $0.value < 0x7F }
    }

    /// The case rule of an alias as written (see `Lexicons/README.md`), and the alias without its marker.
    static func caseMode(of alias: String) -> (AliasCase, String) {
        if alias.hasPrefix("=") { return (.exact, String(alias.dropFirst())) }
        if alias.hasPrefix("~") { return (.capitalized, String(alias.dropFirst())) }
        var letters = 0, upper = 0
        for s in alias.unicodeScalars where s.properties.isAlphabetic {
            letters += 1
            if s.properties.isUppercase { upper += 1 }
        }
        if letters > 0 && letters <= 5 && upper == letters { return (.exact, alias) }
        if let f = alias.unicodeScalars.first, f.properties.isUppercase { return (.capitalized, alias) }
        return (.folded, alias)
    }

    /// Tokenizes every alias and compiles the matcher.
    ///
    /// - Complexity: O(total alias length); about a second per million aliases.
    public func build(tokenizer: Tokenizer) throws -> Lexicon {
        var builder = PhraseAutomatonBuilder()
        var payloadEntity: [Int32] = []
        var payloadCase: [AliasCase] = []
        var payloadExact: [Range<Int32>] = []
        var exactArena: [UInt8] = []
        var scratch = TokenizedText()
        var seen = Set<String>()
        for (e, entity) in entities.enumerated() {
            seen.removeAll(keepingCapacity: true)
            for raw in entity.aliases {
                let (mode, alias) = Self.caseMode(of: raw)
                guard seen.insert("\(mode.rawValue)\u{1}\(alias)").inserted else { continue }
                try tokenizer.tokenize(alias, into: &scratch)
                guard !scratch.tokens.isEmpty else { continue }
                var keys: [[UInt8]] = []
                keys.reserveCapacity(scratch.tokens.count)
                let exactStart = Int32(exactArena.count)
                for t in scratch.tokens {
                    keys.append(Array(scratch.folded[Int(t.foldStart)..<Int(t.foldEnd)]))
                    if mode == .exact { exactArena.append(contentsOf: scratch.bytes[Int(t.start)..<Int(t.end)]) }
                }
                builder.add(keys: keys, payload: Int32(payloadEntity.count))
                payloadEntity.append(Int32(e))
                payloadCase.append(mode)
                payloadExact.append(exactStart..<Int32(exactArena.count))
            }
        }
        return Lexicon(entities: entities, automaton: builder.build(), payloadEntity: payloadEntity,
                       payloadCase: payloadCase, payloadExact: payloadExact, exactArena: exactArena)
    }
}
