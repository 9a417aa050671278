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
                let r = try lookUp(text, in: built, cache: &cache)
                #expect(r.cachedIDs == r.ids, "round \(round): \(text)")
                #expect(r.cached == r.plain, "round \(round): \(text)")
            }
        }
    }
}

/// The cached look-up hashes a token's key in place, reading its last partial
/// word with one load where the text has eight bytes left: tokens of every
/// length from 1 to 20, inside the text and at its very end, get the ids the
/// plain look-up gives them.
@Test func tokenIDsHashKeysInPlaceAtEveryLength() throws {
    let letters = Array("qwertyuiopasdfghjklzxcvbnm")
    let words = (1...20).map { n in String((0..<n).map { letters[($0 * 7 + n) % letters.count] }) }
    let rows = words.enumerated().map { i, w in row("org/word-\(i)", "ORG", "", w.capitalized, "") }
    let built = try Built(rows)
    var cache = TokenIDCache()
    for k in 0..<words.count {
        // Each word once last, the others before it, in two orders.
        let others = words.enumerated().filter { $0.offset != k }.map(\.element)
        for text in [(others + [words[k]]).joined(separator: " "), (others.reversed() + [words[k]]).joined(separator: "-")] {
            let r = try lookUp(text, in: built, cache: &cache)
            #expect(r.cachedIDs == r.ids, "\(text)")
            #expect(r.cached == r.plain, "\(text)")
            #expect(r.ids.filter { $0 >= 0 }.count == words.count, "every word is in the vocabulary: \(text)")
        }
    }
}

/// The token ids and matches of `text`, looked up plainly and through `cache`.
private func lookUp(_ text: String, in built: Built, cache: inout TokenIDCache) throws
    -> (ids: [Int32], cachedIDs: [Int32], plain: [LexiconMatch], cached: [LexiconMatch]) {
    let t = try built.tokenizer.tokenize(text)
    var ids: [Int32] = [], cachedIDs: [Int32] = []
    var plain: [LexiconMatch] = [], cached: [LexiconMatch] = []
    built.lexicon.match(t, ids: &ids, into: &plain)
    built.lexicon.match(t, ids: &cachedIDs, cache: &cache, into: &cached)
    return (ids, cachedIDs, plain, cached)
}
