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
