import Testing
import Gazette
@testable import Pipeline

/// The resolver's map from folded token keys to entities keeps every key it
/// was given through growth, answers by folded bytes (so case does not
/// matter), and forgets everything on reset, whatever the last document left.
@Test func tokenKeyMapKeepsItsKeysThroughGrowthAndForgetsThemOnReset() throws {
    let tokenizer = try Tokenizer()
    var text = TokenizedText()
    // 300 distinct words, then the same words capitalized.
    let words = (0..<300).map { "word\($0)x" }
    try tokenizer.tokenize(words.joined(separator: " ") + " " + words.map { $0.uppercased() }.joined(separator: " "), into: &text)
    #expect(text.tokens.count == 600)
    var map = TokenKeyMap()
    map.reset()
    text.folded.withUnsafeBufferPointer { f in
        for t in 0..<300 {
            let (e, inserted) = map.entry(text.tokens[t], f, orInsert: Int32(t))
            #expect(inserted && e == t)
        }
        for t in 0..<300 {
            // The capitalized copy folds to the same key: found, not inserted again.
            #expect(map.value(text.tokens[300 + t], f) == Int32(t))
            let (e, inserted) = map.entry(text.tokens[300 + t], f, orInsert: -5)
            #expect(!inserted && e == t)
        }
        map.setValue(-1, at: 7)
        #expect(map.value(text.tokens[7], f) == -1)
    }
    map.reset()
    #expect(map.isEmpty)
    text.folded.withUnsafeBufferPointer { f in
        for t in 0..<300 { #expect(map.value(text.tokens[t], f) == nil) }
        let (e, inserted) = map.entry(text.tokens[42], f, orInsert: 9)
        #expect(inserted && e == 0)
        #expect(map.value(text.tokens[342], f) == 9)
        #expect(map.value(text.tokens[43], f) == nil)
    }
}
