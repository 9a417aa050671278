import Foundation
import GazetteCore
import Lexicon
import Tokenization

/// The word lists the rules read, from `Lexicons/rules/*.txt`.
public enum WordList: Int, CaseIterable, Sendable {
    case personTitles, firstNames, orgSuffixes, orgPrefixes, placeSuffixes, placeTriggers
    case months, weekdays, dateWords, timeWords, numberWords, ordinalWords, quantityUnits, currencies
    case abbreviations, notNames, unitWords, speechVerbs, timeZones, familyNames, quoteMarks
    /// The surnames of the lexicon's people (see ``WordLists/init(directories:tokenizer:people:)``),
    /// and the entries of `known_surnames.txt` where a directory has one.
    case knownSurnames

    /// The file that holds the list, under `Lexicons/rules/`.
    public var fileName: String {
        switch self {
        case .personTitles: "person_titles.txt"
        case .firstNames: "first_names.txt"
        case .orgSuffixes: "org_suffixes.txt"
        case .orgPrefixes: "org_prefixes.txt"
        case .placeSuffixes: "place_suffixes.txt"
        case .placeTriggers: "place_triggers.txt"
        case .months: "months.txt"
        case .weekdays: "weekdays.txt"
        case .dateWords: "date_words.txt"
        case .timeWords: "time_words.txt"
        case .numberWords: "number_words.txt"
        case .ordinalWords: "ordinal_words.txt"
        case .quantityUnits: "quantity_units.txt"
        case .currencies: "currencies.txt"
        case .abbreviations: "abbreviations.txt"
        case .notNames: "not_names.txt"
        case .unitWords: "unit_words.txt"
        case .speechVerbs: "speech_verbs.txt"
        case .timeZones: "time_zones.txt"
        case .familyNames: "family_names.txt"
        case .quoteMarks: "quote_marks.txt"
        case .knownSurnames: "known_surnames.txt"
        }
    }

    /// Lists whose entries carry a value in a second column.
    var hasValue: Bool {
        switch self {
        case .months, .weekdays, .numberWords, .ordinalWords, .currencies, .placeSuffixes, .orgSuffixes: true
        default: false
        }
    }

    /// Lists whose entries must all carry a value (`org_suffixes.txt` gives a
    /// subtype to some head words only).
    var requiresValue: Bool { hasValue && self != .orgSuffixes }
}

/// A phrase from a word list found in a text: tokens `start..<end`.
public struct WordHit: Sendable, Hashable {
    public var start: Int32
    public var end: Int32
    public var list: WordList
    /// Index into ``WordLists/values``, or -1.
    public var value: Int32
}

/// All rule word lists compiled into one phrase automaton, so one pass over a
/// document finds every list entry in it. Immutable and shared by workers
/// by reference (a class, like ``Lexicon``).
public final class WordLists: Sendable {
    let automaton: PhraseAutomaton
    /// Per payload: its list and value index.
    let payloadList: [WordList]
    let payloadValue: [Int32]
    /// Values of the second column, interned.
    public let values: [String]
    /// Surname endings (`surname_suffixes.txt`), folded, longest first.
    public let surnameSuffixes: [[UInt8]]
    /// The surname endings by their last two bytes, for ``hasSurnameEnding(_:)``.
    let surnameEndings: EndingTable
    /// Raw entries of each list (for the tokenizer's abbreviations).
    public let entries: [WordList: [String]]
    public let diagnostics: [DataFileError]

    /// Loads every list file found in `directories` (later directories extend earlier ones).
    ///
    /// - Parameter people: the canonical names of the lexicon's people. The
    ///   surname of each, one word, joins ``WordList/knownSurnames``: the last
    ///   word ("Clinton" of "Hillary Clinton"), or the first where the name
    ///   starts with a `family_names` entry ("Zhao" of "Zhao Liqun"). Names
    ///   of one word, or whose surname follows a particle ("Le Pen", "Peter
    ///   the Great"), or is not a title-case word ("Elizabeth II"), give none.
    public init(directories: [String], tokenizer: Tokenizer, people: [String] = []) throws {
        var builder = PhraseAutomatonBuilder()
        var payloadList: [WordList] = []
        var payloadValue: [Int32] = []
        var values: [String] = []
        var valueIndex: [String: Int32] = [:]
        var entries: [WordList: [String]] = [:]
        var diagnostics: [DataFileError] = []
        var suffixes: [[UInt8]] = []
        var scratch = TokenizedText()
        for dir in directories {
            for list in WordList.allCases {
                let path = (dir as NSString).appendingPathComponent(list.fileName)
                guard FileManager.default.fileExists(atPath: path) else { continue }
                for (line, entry, value) in Self.readLines(path, hasValue: list.hasValue, diagnostics: &diagnostics) {
                    entries[list, default: []].append(entry)
                    try tokenizer.tokenize(entry, into: &scratch)
                    let keys = scratch.tokens.map { Array(scratch.folded[Int($0.foldStart)..<Int($0.foldEnd)]) }
                    guard !keys.isEmpty else { continue }
                    // Finding tries every entry from every token: bounded entries keep it linear.
                    guard keys.count <= Lexicon.maximumAliasTokens else {
                        diagnostics.append(DataFileError(code: "LEX010", file: path, line: line,
                                                         message: "entry of \(keys.count) tokens is longer than \(Lexicon.maximumAliasTokens) tokens; skipped"))
                        continue
                    }
                    var v: Int32 = -1
                    if let value {
                        if let known = valueIndex[value] { v = known } else {
                            v = Int32(values.count)
                            valueIndex[value] = v
                            values.append(value)
                        }
                    } else if list.requiresValue {
                        diagnostics.append(DataFileError(code: "LEX008", file: path, line: line, message: "missing value column (TAB then value)"))
                    }
                    builder.add(keys: keys, payload: Int32(payloadList.count))
                    payloadList.append(list)
                    payloadValue.append(v)
                }
            }
            let suffixPath = (dir as NSString).appendingPathComponent("surname_suffixes.txt")
            if FileManager.default.fileExists(atPath: suffixPath) {
                for (_, entry, _) in Self.readLines(suffixPath, hasValue: false, diagnostics: &diagnostics) {
                    var e = Folding.fold(entry)
                    if e.hasPrefix("-") { e.removeFirst() }
                    if !e.isEmpty { suffixes.append(Array(e.utf8)) }
                }
            }
        }
        if !people.isEmpty {
            var seen = Set<[UInt8]>()
            let family = Set((entries[.familyNames] ?? []).map { Array(Folding.fold($0).utf8) })
            for name in people {
                guard let key = Self.surname(of: name, tokenizer: tokenizer, familyNames: family, scratch: &scratch),
                      seen.insert(key).inserted else { continue }
                builder.add(keys: [key], payload: Int32(payloadList.count))
                payloadList.append(.knownSurnames)
                payloadValue.append(-1)
            }
        }
        self.automaton = builder.build()
        self.payloadList = payloadList
        self.payloadValue = payloadValue
        self.values = values
        self.entries = entries
        self.diagnostics = diagnostics
        self.surnameSuffixes = suffixes.sorted { $0.count > $1.count }
        self.surnameEndings = EndingTable(surnameSuffixes)
    }

    /// The entries of one list, read alone (the tokenizer needs the abbreviations
    /// before the lexicon, and so the other lists, can be loaded).
    public static func entries(of list: WordList, directories: [String]) -> [String] {
        var ignored: [DataFileError] = []
        return directories.flatMap { dir -> [String] in
            let path = (dir as NSString).appendingPathComponent(list.fileName)
            guard FileManager.default.fileExists(atPath: path) else { return [] }
            return readLines(path, hasValue: list.hasValue, diagnostics: &ignored).map(\.1)
        }
    }

    /// The folded surname of a person's full name, or nil (see ``init(directories:tokenizer:people:)``).
    static func surname(of name: String, tokenizer: Tokenizer, familyNames: Set<[UInt8]>,
                        scratch: inout TokenizedText) -> [UInt8]? {
        guard (try? tokenizer.tokenize(name, into: &scratch)) != nil else { return nil }
        let tokens = scratch.tokens
        guard tokens.count >= 2, tokens.count <= 5, tokens.allSatisfy({ $0.kind == .word }) else { return nil }
        func key(_ t: Int) -> [UInt8] { Array(scratch.folded[Int(tokens[t].foldStart)..<Int(tokens[t].foldEnd)]) }
        let pick = familyNames.contains(key(0)) ? 0 : tokens.count - 1
        guard tokens[pick].shape.isTitleCase, tokens[pick].length > 2 else { return nil }
        if pick > 0 {
            let before = key(pick - 1)
            let isParticle = before.withUnsafeBufferPointer { RuleContext.isConnectorKey($0) }
            guard tokens[pick - 1].shape.contains(.upperInitial), !isParticle else { return nil }
        }
        return key(pick)
    }

    private static func readLines(_ path: String, hasValue: Bool,
                                  diagnostics: inout [DataFileError]) -> [(Int, String, String?)] {
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(validating: data, as: UTF8.self) else {
            diagnostics.append(DataFileError(code: "LEX001", file: path, line: 0, message: "cannot read file or not valid UTF-8"))
            return []
        }
        var out: [(Int, String, String?)] = []
        var n = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.trimmingSpaces()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            let cols = line.split(separator: "\t", omittingEmptySubsequences: false)
            let entry = cols[0].trimmingSpaces()
            if entry.isEmpty { continue }
            var value: String? = nil
            if cols.count > 1 {
                let v = cols[1].trimmingSpaces()
                if !v.isEmpty { value = v }
                if !hasValue && value != nil {
                    diagnostics.append(DataFileError(code: "LEX008", file: path, line: n, message: "this list takes no value column"))
                }
            }
            out.append((n, entry, value))
        }
        return out
    }

    /// Finds every list entry in `text`: all phrases starting at every token
    /// (not only the longest), appended to `hits` in token order.
    public func find(in text: TokenizedText, ids: inout [Int32], hits: inout [WordHit]) {
        automaton.tokenIDs(text, into: &ids)
        find(tokenIDs: ids, hits: &hits)
    }

    /// ``find(in:ids:hits:)`` on token ids already looked up in ``phrases``
    /// (see ``Lexicon/match(_:ids:cache:into:alsoIn:otherIDs:)``).
    public func find(tokenIDs ids: [Int32], hits: inout [WordHit]) {
        automaton.forEachPhrase(in: ids) { start, end, p in
            hits.append(WordHit(start: Int32(start), end: Int32(end), list: payloadList[Int(p)], value: payloadValue[Int(p)]))
        }
    }

    /// The automaton of every list entry, whose token ids ``find(tokenIDs:hits:)`` takes.
    public var phrases: PhraseAutomaton { automaton }
}

/// Endings grouped in buckets by their last two bytes, so that a word is
/// compared with the few endings that can match it instead of all of them.
struct EndingTable: Sendable {
    static let buckets = 1024
    /// Every ending's bytes, back to back; `ends[k]` is one past ending `k`.
    let arena: [UInt8]
    let ends: [Int32]
    /// `items[start[b]..<start[b + 1]]` are the endings of bucket `b`, in the order given.
    let start: [Int32]
    let items: [Int32]

    init(_ endings: [[UInt8]]) {
        arena = endings.flatMap { $0 }
        var e: [Int32] = []
        var total: Int32 = 0
        for x in endings { total += Int32(x.count); e.append(total) }
        ends = e
        var lists = [[Int32]](repeating: [], count: Self.buckets)
        for (k, x) in endings.enumerated() where x.count >= 2 { lists[Self.bucket(x[x.count - 2], x[x.count - 1])].append(Int32(k)) }
        var s: [Int32] = [0]
        for l in lists { s.append(s.last! + Int32(l.count)) }
        start = s
        items = lists.flatMap { $0 }
    }

    @inline(__always)
    static func bucket(_ a: UInt8, _ b: UInt8) -> Int { (Int(a) &* 31 &+ Int(b)) & (buckets - 1) }

    /// True when `word` ends in an ending and has at least `minStem` bytes before it.
    func matches(_ word: UnsafeBufferPointer<UInt8>, minStem: Int) -> Bool {
        let n = word.count
        guard n >= 2 + minStem else { return false }
        let b = Self.bucket(word[n - 2], word[n - 1])
        for i in Int(start[b])..<Int(start[b + 1]) {
            let k = Int(items[i])
            let from = k == 0 ? 0 : Int(ends[k - 1]), to = Int(ends[k])
            let count = to - from
            guard n >= count + minStem else { continue }
            var same = true
            for j in 0..<count where word[n - count + j] != arena[from + j] { same = false; break }
            if same { return true }
        }
        return false
    }
}

extension WordLists {
    /// True when `word` (a folded key) ends in a surname ending and has at least three bytes before it.
    public func hasSurnameEnding(_ word: UnsafeBufferPointer<UInt8>) -> Bool {
        surnameEndings.matches(word, minStem: 3)
    }
}
