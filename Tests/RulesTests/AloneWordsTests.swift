import Testing
import Gazette
import GazetteTestSupport
@testable import Rules

/// `AloneWords` answers what a scan of the whole document answers: whether a
/// token's word recurs outside a run, capitalized, with no name word right
/// before or after it. Checked at every token, for runs that hold the token
/// and for runs that hold other occurrences of its word.
@Test func aloneWordsAgreeWithAScanOfTheDocument() throws {
    let resources = TestSupport.resources
    let tokenizer = try Tokenizer(abbreviations: resources.words.entries[.abbreviations] ?? [])
    let text = """
        Wren Hallow spoke first. Hallow said the plan would work, and Ms. Hallow Brandt agreed. \
        Premium Bonds fell; Bonds rallied later. Kestrel Vane met Orla Vane. Vane declined to comment. \
        HALLOW and hallow are not it. Marsh Field Holdings, Field said. The Field.
        Hallow
        """
    let c = try TestSupport.ruleContext(tokenizer: tokenizer, text)
    let tokens = c.text
    func word(_ k: Int) -> ArraySlice<UInt8> { tokens.folded[Int(c.tokens[k].foldStart)..<Int(c.tokens[k].foldEnd)] }
    func scan(_ t: Int, outside run: Range<Int>) -> Bool {
        (0..<c.count).contains { k in
            !run.contains(k) && c.tokens[k].shape.contains(.upperInitial) && !c.isNameWord(k - 1) && !c.isNameWord(k + 1)
                && word(k) == word(t)
        }
    }
    let alone = AloneWords(c)
    var recurring = 0, checked = 0
    for t in 0..<c.count {
        var runs = [t..<t + 1, max(0, t - 2)..<min(c.count, t + 3), 0..<t + 1, t..<c.count]
        // A run around each other occurrence of the word, which alone may be the only one.
        for k in 0..<c.count where k != t && word(k) == word(t) {
            runs.append(min(k, t)..<max(k, t) + 1)
        }
        for run in runs {
            let expected = scan(t, outside: run)
            #expect(alone.recurs(c, t, outside: run) == expected, "token \(t), run \(run)")
            checked += 1
            if expected { recurring += 1 }
        }
    }
    // The text has words that recur alone and words that do not.
    #expect(recurring > 10 && recurring < checked - 10, "\(recurring) of \(checked)")
}
