import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// The tagger looks each token up in the lexicon and in the word lists through
/// one memo: the ids, matches and hits are those of separate look-ups, over
/// repeated words, and the memo starts over when the word lists change.
@Test func oneMemoForLexiconAndWordListsGivesTheIDsOfSeparateLookUps() throws {
    let resources = TestSupport.resources
    let tokenizer = try Tokenizer()
    let dir = try TestSupport.makeTree(["person_titles.txt": "Governor\nMajor General\n", "months.txt": "May\t5\n"])
    defer { try? FileManager.default.removeItem(at: dir) }
    let small = try WordLists(directories: [dir.path], tokenizer: tokenizer)
    let texts = ["Governor Anna Petrova flew from Kiev to Kyiv in May, where Major General Petrova met the Red Cross.",
                 "The ICRC said President Zelensky was in Kyiv on 3 May; the governor was not.",
                 String(repeating: "Kyiv and Kiev and the Red Cross in May. ", count: 40)]
    var cache = TokenIDCache()
    for round in 0..<2 {
        for words in [resources.words, small] {
            for sentence in texts {
                var text = TokenizedText()
                try tokenizer.tokenize(sentence, into: &text)
                var ids: [Int32] = [], wordIDs: [Int32] = [], plainIDs: [Int32] = [], plainWordIDs: [Int32] = []
                var matches: [LexiconMatch] = [], plain: [LexiconMatch] = []
                var hits: [WordHit] = [], plainHits: [WordHit] = []
                resources.lexicon.match(text, ids: &ids, cache: &cache, into: &matches, alsoIn: words.phrases, otherIDs: &wordIDs)
                words.find(tokenIDs: wordIDs, hits: &hits)
                resources.lexicon.match(text, ids: &plainIDs, into: &plain)
                words.find(in: text, ids: &plainWordIDs, hits: &plainHits)
                #expect(ids == plainIDs && wordIDs == plainWordIDs, "round \(round): \(sentence)")
                #expect(matches == plain && hits == plainHits, "round \(round): \(sentence)")
                #expect(!hits.isEmpty)
            }
        }
    }
}
