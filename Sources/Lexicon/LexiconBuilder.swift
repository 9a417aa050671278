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
            if attributes["geonames"] == nil { entities[i].curated = true }
            entities[i].prior = Self.prior(entities[i].attributes)
            return nil
        }
        var all = [canonical]
        for a in aliases where !all.contains(a) { all.append(a) }
        index[kbID] = entities.count
        entities.append(LexiconEntity(kbID: kbID, label: label, subtype: subtype, canonical: canonical, aliases: all,
                                      attributes: attributes, prior: Self.prior(attributes), source: source,
                                      curated: attributes["geonames"] == nil))
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
        let bytes = [UInt8](data)
        if let bad = Self.firstInvalidUTF8(bytes) {
            let line = bytes[..<bad].reduce(1) { $1 == 0x0A ? $0 + 1 : $0 }
            diagnostics.append(DataFileError(code: "LEX001", file: path, line: line, message: "not valid UTF-8 (byte \(bad + 1)); file skipped"))
            return
        }
        load(bytes: bytes, file: path)
    }

    /// Loads lexicon lines from a string; `file` names it in diagnostics.
    public mutating func load(tsv text: String, file: String) {
        load(bytes: Array(text.utf8), file: file)
    }

    /// Parses TSV bytes (valid UTF-8) line by line. Fields are trimmed of ASCII
    /// spaces; `|` separates aliases and `;` attributes.
    private mutating func load(bytes: [UInt8], file: String) {
        var lineNumber = 0
        var lineStart = 0
        let n = bytes.count
        func string(_ r: Range<Int>) -> String {
            var lo = r.lowerBound, hi = r.upperBound
            while lo < hi, bytes[lo] == 0x20 { lo += 1 }
            while hi > lo, bytes[hi - 1] == 0x20 || bytes[hi - 1] == 0x0D { hi -= 1 }
            return String(decoding: bytes[lo..<hi], as: UTF8.self)
        }
        func split(_ r: Range<Int>, _ sep: UInt8) -> [Range<Int>] {
            var out: [Range<Int>] = []
            var s = r.lowerBound
            for i in r where bytes[i] == sep {
                out.append(s..<i)
                s = i + 1
            }
            out.append(s..<r.upperBound)
            return out
        }
        while lineStart < n {
            var lineEnd = lineStart
            while lineEnd < n, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            defer { lineStart = lineEnd + 1 }
            lineNumber += 1
            let first = bytes[lineStart..<lineEnd].firstIndex { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }
            guard let first, bytes[first] != 0x23 else { continue }
            let cols = split(lineStart..<lineEnd, 0x09)
            func fail(_ code: String, _ message: String) {
                diagnostics.append(DataFileError(code: code, file: file, line: lineNumber, message: message))
            }
            guard cols.count >= 4 else { fail("LEX002", "expected at least 4 tab-separated columns (kb_id, label, subtype, canonical), found \(cols.count)"); continue }
            let kbID = string(cols[0])
            guard Self.isValidKBID(kbID) else { fail("LEX004", "malformed kb_id '\(kbID)': expected type/slug, e.g. person/vyacheslav-gladkov"); continue }
            let labelName = string(cols[1])
            guard let label = EntityLabel(name: labelName) else { fail("LEX003", "unknown label '\(labelName)'"); continue }
            let subtypeName = string(cols[2])
            let canonical = string(cols[3])
            guard !canonical.isEmpty else { fail("LEX005", "empty canonical name"); continue }
            var aliases: [String] = []
            if cols.count > 4, !cols[4].isEmpty {
                var bad = false
                for r in split(cols[4], 0x7C) {
                    let alias = string(r)
                    if alias.isEmpty || alias == "=" || alias == "~" { bad = true; continue }
                    aliases.append(alias)
                }
                if bad && !string(cols[4]).isEmpty { fail("LEX005", "empty alias in '\(string(cols[4]))'") }
            }
            var attributes: [String: String] = [:]
            if cols.count > 5, !string(cols[5]).isEmpty {
                for pair in split(cols[5], 0x3B) where !string(pair).isEmpty {
                    guard let eq = bytes[pair].firstIndex(of: 0x3D), eq > pair.lowerBound, !string(pair.lowerBound..<eq).isEmpty else {
                        fail("LEX006", "malformed attribute '\(string(pair))': expected key=value")
                        continue
                    }
                    attributes[string(pair.lowerBound..<eq)] = string((eq + 1)..<pair.upperBound)
                }
            }
            if var error = add(kbID: kbID, label: label, subtype: subtypeName.isEmpty ? nil : subtypeName, canonical: canonical,
                               aliases: aliases, attributes: attributes, source: file) {
                error.line = lineNumber
                diagnostics.append(error)
            }
        }
    }

    /// The offset of the first byte that is not valid UTF-8, or nil.
    static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        // Fast path: validate through the standard library, then locate the byte only on failure.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            let w = b < 0x80 ? 1 : b & 0xE0 == 0xC0 ? 2 : b & 0xF0 == 0xE0 ? 3 : b & 0xF8 == 0xF0 ? 4 : 0
            if w == 0 || i + w > bytes.count || String(validating: bytes[i..<(i + w)], as: UTF8.self) == nil { return i }
            i += w
        }
        return nil
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
        for s in alias.unicodeScalars {
            if s.isASCII {
                let v = s.value
                if v >= 0x41 && v <= 0x5A { letters += 1; upper += 1 } else if v >= 0x61 && v <= 0x7A { letters += 1 }
            } else if s.properties.isAlphabetic {
                letters += 1
                if s.properties.isUppercase { upper += 1 }
            }
            if letters > 5 && upper < letters { break }
        }
        if letters > 0 && letters <= 5 && upper == letters { return (.exact, alias) }
        if let f = alias.unicodeScalars.first, f.isASCII ? (f.value >= 0x41 && f.value <= 0x5A) : f.properties.isUppercase {
            return (.capitalized, alias)
        }
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
        var payloadUpper: [UInt64] = []
        var exactArena: [UInt8] = []
        var scratch = TokenizedText()
        var seen = Set<String>()
        for (e, entity) in entities.enumerated() {
            seen.removeAll(keepingCapacity: true)
            // An alias marked `=` or `~` overrides the same text unmarked (the
            // canonical name is always listed unmarked): "=The Sun" must not also
            // match "The sun" through the canonical "The Sun".
            var marked = Set<String>()
            for raw in entity.aliases where raw.hasPrefix("=") || raw.hasPrefix("~") { marked.insert(String(raw.dropFirst())) }
            for raw in entity.aliases {
                if !marked.isEmpty, !raw.hasPrefix("="), !raw.hasPrefix("~"), marked.contains(raw) { continue }
                let (mode, alias) = Self.caseMode(of: raw)
                guard seen.insert(mode == .exact ? "=" + alias : alias).inserted else { continue }
                try tokenizer.tokenize(alias, into: &scratch)
                guard !scratch.tokens.isEmpty else { continue }
                var keys: [[UInt8]] = []
                keys.reserveCapacity(scratch.tokens.count)
                let exactStart = Int32(exactArena.count)
                var upper: UInt64 = 0
                for (k, t) in scratch.tokens.enumerated() where k < 64 && t.shape.contains(.upperInitial) { upper |= 1 << UInt64(k) }
                for t in scratch.tokens {
                    keys.append(Array(scratch.folded[Int(t.foldStart)..<Int(t.foldEnd)]))
                    if mode == .exact { exactArena.append(contentsOf: scratch.bytes[Int(t.start)..<Int(t.end)]) }
                }
                builder.add(keys: keys, payload: Int32(payloadEntity.count))
                payloadEntity.append(Int32(e))
                payloadCase.append(mode)
                payloadExact.append(exactStart..<Int32(exactArena.count))
                payloadUpper.append(upper)
            }
        }
        return Lexicon(entities: entities, automaton: builder.build(), payloadEntity: payloadEntity,
                       payloadCase: payloadCase, payloadExact: payloadExact, payloadUpper: payloadUpper, exactArena: exactArena)
    }
}
