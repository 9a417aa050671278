import Foundation
import Testing
import GazetteCore
import Tokenization
import Lexicon
import GazetteTestSupport

/// Matching tries every alias from every token of a text, so an alias as long
/// as the text would make it quadratic: a lexicon of one 10,000-word alias and
/// a 10,000-word text took minutes. Aliases over `maximumAliasTokens` tokens
/// are skipped with LEX010, which bounds the work per token.
@Test func aliasLongerThanTheLimitIsSkippedWithLEX010() throws {
    let limit = Lexicon.maximumAliasTokens
    let atLimit = Array(repeating: "x", count: limit).joined(separator: " ")
    let tooLong = Array(repeating: "x", count: limit + 1).joined(separator: " ")
    let built = try Built([
        row("org/at-limit", "ORG", "", "At Limit", atLimit),
        row("org/too-long", "ORG", "", "Too Long", tooLong + " y"),
    ])
    let lex010 = built.diagnostics.filter { $0.code == "LEX010" }
    #expect(lex010.count == 1)
    #expect(lex010.first?.message.contains("org/too-long") == true && lex010.first?.file == "test.tsv", "\(lex010)")
    var text = TokenizedText()
    try built.tokenizer.tokenize(tooLong + " y", into: &text)
    var ids: [Int32] = [], matches: [LexiconMatch] = []
    built.lexicon.match(text, ids: &ids, into: &matches)
    // The 64-token alias still matches; the longer one is gone.
    #expect(matches.map { built.lexicon.entities[Int($0.entity)].kbID } == ["org/at-limit"])
}
