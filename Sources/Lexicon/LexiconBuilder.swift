import Foundation
import GazetteCore
import Tokenization

/// Collects entities from TSV lexicon files (format in `Lexicons/README.md`)
/// and builds an immutable ``Lexicon``.
///
/// Loading never throws for bad data: a bad line is skipped and described by a
/// ``DataFileError`` in ``diagnostics``; the rest of the file still loads.
///
/// ```swift
/// var builder = LexiconBuilder()
/// builder.loadDirectory("Lexicons")
/// let lexicon = try builder.build(tokenizer: Tokenizer())
/// ```
public struct LexiconBuilder {
    /// An entity while lines are still merged into it.
    struct Pending {
        var kbID: String
        var label: EntityLabel
        var subtype: String?
        var canonical: String
        var aliases: [String]
        var attributes: [String: String]
        var source: String
        var curated: Bool
        var prior: Double
    }

    /// A line of a `context.txt` file: a subtype or kb_id and its cue words.
    struct Cue {
        var key: String
        var words: [String]
        var file: String
        var line: Int
    }

    private var entities: [Pending] = []
    private var index: [String: Int] = [:]
    private var cues: [Cue] = []
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
        entities.append(Pending(kbID: kbID, label: label, subtype: subtype, canonical: canonical, aliases: all,
                                attributes: attributes, source: source, curated: attributes["geonames"] == nil,
                                prior: Self.prior(attributes)))
        return nil
    }

    static func prior(_ attributes: [String: String]) -> Double {
        if let p = attributes["prior"].flatMap(Double.init) { return p }
        if let pop = attributes["population"].flatMap(Double.init), pop > 0 { return log10(pop) }
        return 5
    }

    /// Loads every `*.tsv` file under `directory`, recursively, in path order
    /// (not under ``reservedFolders``), then the directory's `context.txt` (cue
    /// words for shared aliases), if any.
    public mutating func loadDirectory(_ directory: String) {
        guard FileManager.default.enumerator(atPath: directory) != nil else {
            diagnostics.append(DataFileError(code: "LEX001", file: directory, line: 0, message: "cannot read lexicon directory"))
            return
        }
        for path in Self.sourceFiles(in: directory) {
            if path.hasSuffix(".tsv") { loadFile(path) } else { loadContextFile(path) }
        }
    }

    /// The name of the cue-word file in a lexicon directory.
    public static let contextFileName = "context.txt"

    /// Folders of a lexicon directory that hold no entity lexicons.
    public static let reservedFolders = ["rules/", "transliteration/"]

    /// The files ``loadDirectory(_:)`` reads, in the order it reads them: every
    /// `*.tsv` under `directory` except in ``reservedFolders``, then its
    /// `context.txt`. A compiled lexicon is keyed by these files (see ``LexiconCache``).
    public static func sourceFiles(in directory: String) -> [String] {
        let fm = FileManager.default
        guard let walker = fm.enumerator(atPath: directory) else { return [] }
        var files: [String] = []
        // `rules/` holds word lists and `transliteration/` romanization tables: data of
        // other stages, not entities.
        for case let rel as String in walker where rel.hasSuffix(".tsv") && !Self.reservedFolders.contains(where: { rel.hasPrefix($0) }) {
            files.append(rel)
        }
        var out = files.sorted().map { (directory as NSString).appendingPathComponent($0) }
        let context = (directory as NSString).appendingPathComponent(contextFileName)
        if fm.fileExists(atPath: context) { out.append(context) }
        return out
    }

    /// Loads a cue-word file: per line a subtype (`region`) or a kb_id
    /// (`place/georgia`), a tab, and one-word cues separated by `|`. Next to an
    /// alias shared by several entities, a cue selects those of that subtype or
    /// that kb_id (`Lexicons/README.md`, "Shared aliases"). Bad lines are LEX009.
    public mutating func loadContextFile(_ path: String) {
        guard let data = FileManager.default.contents(atPath: path) else {
            diagnostics.append(DataFileError(code: "LEX001", file: path, line: 0, message: "cannot read file"))
            return
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            diagnostics.append(DataFileError(code: "LEX001", file: path, line: 0, message: "not valid UTF-8; file skipped"))
            return
        }
        loadContext(text, file: path)
    }

    /// Loads cue-word lines from a string; `file` names it in diagnostics.
    public mutating func loadContext(_ text: String, file: String) {
        var lineNumber = 0
        for line in text.dataFileLines {
            lineNumber += 1
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            let key = cols[0].trimmingCharacters(in: .whitespaces)
            let words = cols.count > 1
                ? cols[1].split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) } : []
            guard cols.count == 2, !key.isEmpty, !words.isEmpty, !words.contains(where: \.isEmpty) else {
                diagnostics.append(DataFileError(code: "LEX009", file: file, line: lineNumber,
                                                 message: "expected a subtype or kb_id, a tab, and cue words separated by '|'"))
                continue
            }
            cues.append(Cue(key: key, words: words, file: file, line: lineNumber))
        }
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

    /// The alias tokenized in `text` with a space for each hyphen that joins two
    /// capitalized words without white space ("Monte-Carlo" → "Monte Carlo"),
    /// and the upper-initial mask of its tokens; nil when it has no such
    /// hyphen. On success `ranges` holds the variant's folded token ranges.
    static func spacedVariant(_ text: TokenizedText, _ ranges: inout [Range<Int>]) -> (String, UInt64)? {
        let tokens = text.tokens
        func joins(_ k: Int) -> Bool {
            k > 0 && k + 1 < tokens.count && tokens[k].end - tokens[k].start == 1 && text.bytes[Int(tokens[k].start)] == 0x2D
                && tokens[k - 1].end == tokens[k].start && tokens[k].end == tokens[k + 1].start
                && tokens[k - 1].shape.contains(.upperInitial) && tokens[k + 1].shape.contains(.upperInitial)
        }
        guard tokens.indices.contains(where: joins) else { return nil }
        var bytes = text.bytes
        var upper: UInt64 = 0
        var kept = 0
        ranges.removeAll(keepingCapacity: true)
        for k in tokens.indices {
            let t = tokens[k]
            if joins(k) {
                bytes[Int(t.start)] = 0x20
                continue
            }
            if kept < 64 && t.shape.contains(.upperInitial) { upper |= 1 << UInt64(kept) }
            ranges.append(Int(t.foldStart)..<Int(t.foldEnd))
            kept += 1
        }
        return (String(decoding: bytes, as: UTF8.self), upper)
    }

    /// True when `text` opens with an Arabic article, a hyphen and a capitalized
    /// word, all joined: "El-Fasher", "Al-Shifa", "Ash-Shati" (not "An-225").
    static func startsWithArabicArticle(_ text: TokenizedText) -> Bool {
        let t = text.tokens
        guard t.count >= 3, t[1].start == t[0].end, t[2].start == t[1].end, t[1].end - t[1].start == 1,
              text.bytes[Int(t[1].start)] == 0x2D, t[2].shape.contains(.upperInitial) else { return false }
        let key = String(decoding: text.folded[Int(t[0].foldStart)..<Int(t[0].foldEnd)], as: UTF8.self)
        return arabicArticles.contains(key)
    }

    static let arabicArticles: Set<String> = ["al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ed", "er", "es", "et", "ez"]

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
    /// Cue words whose key is neither a kb_id nor a subtype of any entity are
    /// ignored; a cue word of several tokens is reported as LEX009 (in
    /// ``build(tokenizer:diagnostics:)``) and skipped.
    ///
    /// - Complexity: O(total alias length); a few seconds per million aliases,
    ///   most of it ICU tokenization.
    public func build(tokenizer: Tokenizer) throws -> Lexicon {
        var ignored: [DataFileError] = []
        return try build(tokenizer: tokenizer, diagnostics: &ignored)
    }

    /// Builds the lexicon, appending problems found only at build time (LEX009
    /// for a cue word of several tokens) to `diagnostics`.
    public func build(tokenizer: Tokenizer, diagnostics: inout [DataFileError]) throws -> Lexicon {
        var builder = PhraseAutomatonBuilder()
        var payloads: [PayloadRecord] = []
        var exactArena: [UInt8] = []
        var scratch = TokenizedText()
        var seen = Set<String>()
        var ranges: [Range<Int>] = []
        // First tokens of the aliases that can match a token without an upper initial.
        var lowerFirst = Set<[UInt8]>()
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
                // Matching tries every alias from every token: a bound on alias
                // length keeps it linear in the text whatever the lexicon holds.
                guard scratch.tokens.count <= Lexicon.maximumAliasTokens else {
                    diagnostics.append(DataFileError(code: "LEX010", file: entity.source, line: 0,
                                                     message: "alias of \(scratch.tokens.count) tokens for \(entity.kbID) is longer than \(Lexicon.maximumAliasTokens) tokens; skipped"))
                    continue
                }
                var upper: UInt64 = 0
                ranges.removeAll(keepingCapacity: true)
                for (k, t) in scratch.tokens.enumerated() {
                    if k < 64 && t.shape.contains(.upperInitial) { upper |= 1 << UInt64(k) }
                    ranges.append(Int(t.foldStart)..<Int(t.foldEnd))
                    if mode == .exact { exactArena.append(contentsOf: scratch.bytes[Int(t.start)..<Int(t.end)]) }
                }
                // The press lowercases an Arabic article joined by a hyphen: "El-Fasher" is
                // also "el-Fasher", "Al-Shifa" "al-Shifa".
                if mode == .capitalized, Self.startsWithArabicArticle(scratch) { upper &= ~1 }
                let country = EntityStore.countryCode(entity.attributes["country"])
                /// Adds the phrase `ranges` of `scratch.folded` with the case bits `upper`.
                func addPhrase(upper: UInt64) {
                    scratch.folded.withUnsafeBufferPointer { builder.add(bytes: $0, ranges: ranges, payload: Int32(payloads.count)) }
                    if mode == .folded || upper & 1 == 0 { lowerFirst.insert(Array(scratch.folded[ranges[0]])) }
                    payloads.append(PayloadRecord(upper: upper, entity: Int32(e), alternatives: 0, exactEnd: Int32(exactArena.count),
                                                  mode: UInt16(mode.rawValue), country: country))
                }
                addPhrase(upper: upper)
                // News writes many hyphenated names with a space as well: "Monte-Carlo"
                // is also "Monte Carlo", "Rolls-Royce" "Rolls Royce".
                if mode != .exact, let (spaced, variantUpper) = Self.spacedVariant(scratch, &ranges),
                   seen.insert(spaced).inserted {
                    addPhrase(upper: variantUpper)
                }
            }
        }
        // Within a state, payloads go highest prior first, then in load order:
        // matching takes the first that agrees in case.
        let built = builder.build { a, b in
            let x = entities[Int(payloads[Int(a)].entity)].prior, y = entities[Int(payloads[Int(b)].entity)].prior
            return x != y ? x > y : a < b
        }
        // Renumber payloads in automaton order, so that the aliases of one state are
        // adjacent records and a payload's number is its position.
        var ordered: [PayloadRecord] = []
        ordered.reserveCapacity(payloads.count)
        var orderedArena: [UInt8] = []
        for old in built.payloads {
            var p = payloads[Int(old)]
            let start = old == 0 ? 0 : Int(payloads[Int(old) - 1].exactEnd)
            orderedArena.append(contentsOf: exactArena[start..<Int(p.exactEnd)])
            p.exactEnd = Int32(orderedArena.count)
            ordered.append(p)
        }
        payloads = ordered
        exactArena = orderedArena
        var lowerStarts = [UInt64](repeating: 0, count: Lexicon.lowerStartWords(built.vocabulary.count))
        for key in lowerFirst {
            let id = key.withUnsafeBufferPointer { built.vocabulary.id(of: $0) }
            if id >= 0 { lowerStarts[Int(id) >> 6] |= 1 << UInt64(id & 63) }
        }
        let automaton = PhraseAutomaton(vocabulary: built.vocabulary, rootNext: built.rootNext, edges: built.edges,
                                        wideTables: built.wideTables, wideIndex: built.wideIndex,
                                        payloadStart: built.payloadStart,
                                        payloads: Array(0..<Int32(payloads.count)))
        // For each payload, the number of distinct other entities ending in the same state.
        var distinct: [Int32] = []
        for state in 0..<Int32(automaton.stateCount) where automaton.isTerminal(state) {
            let ps = automaton.payloads(of: state)
            guard ps.count > 1 else { continue }
            distinct.removeAll(keepingCapacity: true)
            for p in ps where !distinct.contains(payloads[Int(p)].entity) { distinct.append(payloads[Int(p)].entity) }
            for p in ps { payloads[Int(p)].alternatives = Int32(distinct.count - 1) }
        }
        let store = makeStore()
        var kbIndex = TokenVocabulary(capacity: entities.count)
        for e in entities { kbIndex.insert(e.kbID) }
        let cues = try makeCues(store: store, kbIndex: kbIndex, tokenizer: tokenizer, diagnostics: &diagnostics)
        return Lexicon(automaton: automaton, payloads: payloads, exactArena: exactArena, lowerStarts: lowerStarts, store: store,
                       kbIndex: kbIndex, cues: cues)
    }

    /// An empty lexicon (no tokenizer needed).
    func buildEmpty() -> Lexicon {
        Lexicon(automaton: PhraseAutomatonBuilder().build(), payloads: [], exactArena: [], lowerStarts: [], store: makeStore(),
                kbIndex: TokenVocabulary(capacity: 4), cues: .empty)
    }

    /// The entity table: strings in one arena, facts in flat arrays.
    private func makeStore() -> EntityStore {
        var strings = StringList()
        var names = StringList()
        var nameIndex: [String: Int32] = [:]
        func intern(_ s: String) -> Int32 {
            if let i = nameIndex[s] { return i }
            let i = names.append(s)
            nameIndex[s] = i
            return i
        }
        // Cue keys that are subtypes get a name too, so cues can point at them.
        for c in cues where !c.key.contains("/") { _ = intern(c.key) }
        var stringStart: [Int32] = [0]
        var aliasCount: [Int32] = [], label: [UInt8] = [], flags: [UInt8] = [], prior: [Double] = []
        var country: [UInt16] = [], subtype: [Int32] = [], source: [Int32] = []
        for e in entities {
            strings.append(e.kbID)
            strings.append(e.canonical)
            for a in e.aliases { strings.append(a) }
            for (k, v) in e.attributes.sorted(by: { $0.key < $1.key }) {
                strings.append(k)
                strings.append(v)
            }
            stringStart.append(Int32(strings.count))
            aliasCount.append(Int32(e.aliases.count))
            label.append(e.label.rawValue)
            flags.append((e.curated ? EntityStore.Flags.curated : 0) | (e.attributes["ambiguous"] == "1" ? EntityStore.Flags.ambiguous : 0)
                | (e.attributes["capital"] == "1" ? EntityStore.Flags.capital : 0))
            prior.append(e.prior)
            country.append(EntityStore.countryCode(e.attributes["country"]))
            subtype.append(e.subtype.map(intern) ?? -1)
            source.append(intern(e.source))
        }
        return EntityStore(strings: strings, stringStart: stringStart, aliasCount: aliasCount, names: names, label: label,
                           flags: flags, prior: prior, country: country, subtype: subtype, source: source)
    }

    /// Cue words, folded, each with the entities or subtypes it selects.
    private func makeCues(store: EntityStore, kbIndex: TokenVocabulary, tokenizer: Tokenizer,
                          diagnostics: inout [DataFileError]) throws -> ContextCues {
        guard !cues.isEmpty else { return .empty }
        var words = TokenVocabulary(capacity: 64)
        var pairs: [(word: Int32, target: Int32)] = []
        var scratch = TokenizedText()
        for c in cues {
            let target: Int32
            if c.key.contains("/") {
                let e = kbIndex.id(of: c.key)
                guard e >= 0 else { continue }
                target = e
            } else {
                guard let n = store.nameStrings.firstIndex(of: c.key) else { continue }
                target = -1 - Int32(n)
            }
            for w in c.words {
                try tokenizer.tokenize(w, into: &scratch)
                guard scratch.tokens.count == 1, let t = scratch.tokens.first else {
                    diagnostics.append(DataFileError(code: "LEX009", file: c.file, line: c.line,
                                                     message: "cue '\(w)' is not one word; cues are single words"))
                    continue
                }
                let id = scratch.folded.withUnsafeBufferPointer {
                    words.insert(UnsafeBufferPointer(rebasing: $0[Int(t.foldStart)..<Int(t.foldEnd)]))
                }
                pairs.append((id, target))
            }
        }
        var start = [Int32](repeating: 0, count: words.count + 1)
        for p in pairs { start[Int(p.word) + 1] += 1 }
        for i in 0..<words.count { start[i + 1] += start[i] }
        var fill = start
        var targets = [Int32](repeating: 0, count: pairs.count)
        for p in pairs {
            targets[Int(fill[Int(p.word)])] = p.target
            fill[Int(p.word)] += 1
        }
        return ContextCues(words: words, targetStart: start, targets: targets)
    }
}
