import Foundation
import Testing
import GazetteCore
import Tokenization
import Lexicon

/// Matching through a worker's token-id cache gives the same matches as without
/// it, over repeated words, and starts over when the cache meets another lexicon
/// (whose ids for the same words differ).
@Test func tokenIDCacheGivesTheSameMatchesAndFollowsTheLexicon() throws {
    let a = try Built([row("person/anna-petrova", "PERSON", "", "Anna Petrova", "Petrova"),
                       row("place/kyiv", "GPE", "city", "Kyiv", "Kiev")])
    let b = try Built([row("org/red-cross", "ORG", "", "Red Cross", "ICRC"),
                       row("person/anna-smith", "PERSON", "", "Anna Smith", ""),
                       row("place/kyiv", "GPE", "city", "Kyiv", "")])
    let texts = ["Anna Petrova flew from Kiev to Kyiv, where Petrova met the Red Cross.",
                 "The ICRC said Anna Smith was in Kyiv; Anna Petrova was not.",
                 String(repeating: "Kyiv and Kiev and the Red Cross. ", count: 50)]
    var cache = TokenIDCache()
    for round in 0..<3 {
        for built in [a, b] {
            for text in texts {
                let t = try built.tokenizer.tokenize(text)
                var ids: [Int32] = [], cachedIDs: [Int32] = []
                var plain: [LexiconMatch] = [], cached: [LexiconMatch] = []
                built.lexicon.match(t, ids: &ids, into: &plain)
                built.lexicon.match(t, ids: &cachedIDs, cache: &cache, into: &cached)
                #expect(cachedIDs == ids, "round \(round): \(text)")
                #expect(cached == plain, "round \(round): \(text)")
            }
        }
    }
}
