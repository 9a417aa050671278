import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// Candidates of `rules` on `sentence`, as `"start-end/LABEL"`, with the given scratch (nil: a fresh one).
private func candidates(_ rules: RuleSet, _ tokenizer: Tokenizer, _ sentence: String, scratch: RuleScratch?) throws -> [String] {
    try TestSupport.ruleCandidates(rules, tokenizer: tokenizer, sentence, scratch: scratch).entities
        .map { "\($0.start)-\($0.end)/\($0.label.name)" }
}

/// A scratch reused across documents of different lengths and across rule sets
/// gives the same candidates as a fresh one per document.
@Test func ruleScratchReuseChangesNothing() throws {
    let resources = TestSupport.resources
    let tokenizer = try Tokenizer(abbreviations: resources.words.entries[.abbreviations] ?? [])
    let bundled = resources.rules
    let small = try RuleSet(source: """
        rule pair ORG : [ name name ] "bank"
        rule any_number CARDINAL : number
        """, file: "test", words: resources.words, tokenizer: tokenizer)
    let sentences = [
        "Governor Vyacheslav Gladkov said the Belgorod region was shelled by the 59th separate motorized infantry brigade.",
        "Josep Borrell met officials of the Ministry of Defense.",
        "The Russian Volunteer Corps and the Freedom of Russia Legion crossed into the village of Mariinka.",
        "Olena Petrenko Bank reported 42 new accounts.",
        String(repeating: "Deputy Defense Minister Hanna Maliar spoke to OTP Bank in Kyiv. ", count: 40),
        "FSB.",
    ]
    #expect(try !candidates(bundled, tokenizer, sentences[0], scratch: nil).isEmpty)
    #expect(try !candidates(small, tokenizer, sentences[3], scratch: nil).isEmpty)
    let scratch = RuleScratch()
    for round in 0..<2 {
        for (i, s) in sentences.enumerated() {
            let rules = (i + round) % 2 == 0 ? bundled : small
            #expect(try candidates(rules, tokenizer, s, scratch: scratch) == candidates(rules, tokenizer, s, scratch: nil))
        }
    }
}

/// More than 256 states take the backward pass's general path; it finds what one vector finds.
@Test func ruleSetsOverTwoHundredFiftySixStatesMatch() throws {
    let resources = TestSupport.resources
    let tokenizer = try Tokenizer(abbreviations: resources.words.entries[.abbreviations] ?? [])
    let rule = #"rule said PERSON : [ name name{0,3} ] "said|says""#
    let fillers = (0..<12).map { #"rule filler\#($0) ORG : "zzq" (cap "-"){0,16} "qqz""# }.joined(separator: "\n")
    let small = try RuleSet(source: rule, file: "test", words: resources.words, tokenizer: tokenizer)
    let wide = try RuleSet(source: fillers + "\n" + rule, file: "test", words: resources.words, tokenizer: tokenizer)
    #expect(small.stateCount.states <= 256)
    #expect(wide.stateCount.states > 256)
    let sentence = "On Monday Anna Maria Kovalenko said the talks were over, and Petro Shevchenko says so too."
    let expected = try candidates(small, tokenizer, sentence, scratch: nil)
    #expect(expected.count == 2)
    #expect(try candidates(wide, tokenizer, sentence, scratch: nil) == expected)
    #expect(try candidates(wide, tokenizer, sentence, scratch: RuleScratch()) == expected)
}
