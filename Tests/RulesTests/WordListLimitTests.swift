import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// Word lists are found by trying every entry from every token, so an entry as
/// long as the text would make it quadratic; entries over the alias limit are
/// skipped with LEX010 naming file and line.
@Test func wordListEntryLongerThanTheLimitIsSkippedWithLEX010() throws {
    let limit = Lexicon.maximumAliasTokens
    let long = Array(repeating: "Major", count: limit + 1).joined(separator: " ")
    let dir = try TestSupport.makeTree(["person_titles.txt": "Governor\n\(long)\nMajor General\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let lists = try WordLists(directories: [dir.path], tokenizer: try Tokenizer())
    let lex010 = lists.diagnostics.filter { $0.code == "LEX010" }
    #expect(lex010.count == 1 && lex010.first?.line == 2 && lex010.first?.file.hasSuffix("person_titles.txt") == true, "\(lists.diagnostics)")
    #expect(lists.entries[.personTitles] == ["Governor", long, "Major General"])
    var text = TokenizedText()
    try Tokenizer().tokenize(long, into: &text)
    var ids: [Int32] = [], hits: [WordHit] = []
    lists.find(in: text, ids: &ids, hits: &hits)
    #expect(hits.allSatisfy { $0.end - $0.start <= 2 }, "\(hits)")
}

/// How a word-list line is read: comments and blank lines skipped (also after
/// a no-break space), columns split at TAB, each trimmed, a third column
/// ignored, "\r\n" line ends, and LEX008 for a value a list does not take or
/// lacks, on the line it is on.
@Test func wordListLinesAreReadByColumnWithCommentsAndLineNumbers() throws {
    let months = "# months\n\n   \n  January \t 1 \t third column\n\u{00A0}# a comment too\nFeb\t2\r\nMarch\n\tApril\n"
    let dir = try TestSupport.makeTree(["months.txt": months, "person_titles.txt": "Governor\tX\n Mayor \t \n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let lists = try WordLists(directories: [dir.path], tokenizer: try Tokenizer())
    #expect(lists.entries[.months] == ["January", "Feb", "March"])
    #expect(lists.entries[.personTitles] == ["Governor", "Mayor"])
    #expect(Set(lists.values) == ["X", "1", "2"])
    let found = lists.diagnostics.map { "\($0.code) \(($0.file as NSString).lastPathComponent):\($0.line)" }.sorted()
    #expect(found == ["LEX008 months.txt:7", "LEX008 person_titles.txt:1"], "\(lists.diagnostics)")
}
