import Foundation
import GazetteCore
import Lexicon
import Tokenization

/// The compiled word lists kept in a file beside the compiled lexicon, so that
/// a run reads the phrase automaton of every list entry and known surname
/// instead of reading, tokenizing and adding some 45 000 entries at every start.
///
/// An ``ArrayFile`` (magic "GZWORDLS"): the automaton's arrays, then per
/// payload its list and value, the values, each entry's list and the entries,
/// the diagnostics (list of code, file and message strings, then lines) and
/// the surname endings. Its key covers the caller's key (which must identify
/// the people and the program: ``LexiconCache/key(directories:tokenizer:)``
/// does) and every word-list file's path, size and modification time. A file
/// that is missing, stale or corrupt is rebuilt; the cache never fails a run.
extension WordLists {
    static let fileMagic = Array("GZWORDLS".utf8)
    static let fileVersion: UInt32 = 1
    static let arrayCount = PhraseAutomaton.sectionCount + 12

    /// The word lists of `directories`, read from `path` when it is current,
    /// else compiled (``init(directories:tokenizer:people:)``) and written there
    /// for next time (`path` nil: compiled, not kept).
    public static func cached(directories: [String], tokenizer: Tokenizer, people: [String], path: String?,
                              key sourcesKey: UInt64) throws -> (lists: WordLists, outcome: LexiconCache.Outcome) {
        let key = fileKey(sourcesKey, directories: directories)
        let (lists, outcome) = try ArrayFile.cached(at: path, read: { try read($0, key: key) },
                                                    make: { try WordLists(directories: directories, tokenizer: tokenizer, people: people) },
                                                    write: { try $0.write(to: $1, key: key) })
        return (lists, outcome)
    }

    /// `key` combined with the stamps of the files the lists are read from.
    static func fileKey(_ key: UInt64, directories: [String]) -> UInt64 {
        var text = "words \(fileVersion) \(key)\n"
        for dir in directories {
            for name in WordList.allCases.map(\.fileName) + ["surname_suffixes.txt", "not_surnames.txt"] {
                let file = (dir as NSString).appendingPathComponent(name)
                text += "\(file)\t\(LexiconCache.fileStamp(file) ?? "none")\n"
            }
        }
        return Checksum.hash(Array(text.utf8))
    }

    func write(to path: String, key: UInt64) throws {
        var entryList: [UInt8] = [], entryText: [String] = []
        for list in WordList.allCases {
            for e in entries[list] ?? [] {
                entryList.append(UInt8(list.rawValue))
                entryText.append(e)
            }
        }
        let diagnosticText = diagnostics.flatMap { [$0.code, $0.file, $0.message] }
        let sections: [ArrayFile.Section] = automaton.sections
            + [ArrayFile.section(payloadList.map { UInt8($0.rawValue) }), ArrayFile.section(payloadValue)]
            + ArrayFile.strings(values)
            + [ArrayFile.section(entryList)] + ArrayFile.strings(entryText)
            + ArrayFile.strings(diagnosticText) + [ArrayFile.section(diagnostics.map { Int64($0.line) })]
            + ArrayFile.strings(surnameSuffixes.map { String(decoding: $0, as: UTF8.self) })
        try ArrayFile.write(sections, magic: Self.fileMagic, version: Self.fileVersion, key: key, to: path)
    }

    /// Reads and checks the lists written by ``write(to:key:)``.
    static func read(_ path: String, key: UInt64) throws -> WordLists {
        let r = try ArrayFile.Reader(path: path, magic: fileMagic, version: fileVersion, key: key, arrays: arrayCount,
                                     what: "compiled word lists")
        func bad(_ what: String) -> ArrayFile.Failure { ArrayFile.Failure(description: "\(path): bad \(what)") }
        let automaton = try PhraseAutomaton(reading: r)
        let payloadList = try r.next(UInt8.self).map { WordList(rawValue: Int($0)) }
        let payloadValue = try r.next(Int32.self)
        let values = try r.strings()
        let entryList = try r.next(UInt8.self).map { WordList(rawValue: Int($0)) }
        let entryText = try r.strings()
        let diagnosticText = try r.strings()
        let lines = try r.next(Int64.self)
        let suffixes = try r.strings().map { Array($0.utf8) }
        try r.finish()
        guard payloadList.count == payloadValue.count, !payloadList.contains(nil),
              payloadValue.allSatisfy({ $0 >= -1 && Int($0) < values.count }),
              automaton.allPayloads.allSatisfy({ $0 >= 0 && Int($0) < payloadList.count }) else { throw bad("payloads") }
        guard entryList.count == entryText.count, !entryList.contains(nil) else { throw bad("entries") }
        guard diagnosticText.count == 3 * lines.count else { throw bad("diagnostics") }
        var entries: [WordList: [String]] = [:]
        for (list, e) in zip(entryList, entryText) { entries[list!, default: []].append(e) }
        let diagnostics = lines.indices.map { i in
            DataFileError(code: diagnosticText[3 * i], file: diagnosticText[3 * i + 1], line: Int(lines[i]),
                          message: diagnosticText[3 * i + 2])
        }
        return WordLists(automaton: automaton, payloadList: payloadList.map { $0! }, payloadValue: payloadValue, values: values,
                         entries: entries, diagnostics: diagnostics, surnameSuffixes: suffixes)
    }
}
