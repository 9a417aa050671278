import Foundation
import Testing
import Gazette
import GazetteTestSupport
@testable import Rules

/// Candidates of `rules` on `text`, as `"start-end/LABEL"`.
private func candidates(_ rules: RuleSet, _ tokenizer: Tokenizer, _ text: String) throws -> [String] {
    try TestSupport.ruleCandidates(rules, tokenizer: tokenizer, text, scratch: RuleScratch()).entities
        .map { "\($0.start)-\($0.end)/\($0.label.name)" }
}

/// Texts with every kind of rule at work: the sample articles, and sentences
/// where roots follow multi-token steps, start a match, or have no key.
private func gateTexts() throws -> [String] {
    let dir = TestSupport.packageRoot.appendingPathComponent("Corpus/articles")
    let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".txt") }.sorted()
    var texts = try files.map { try String(contentsOf: dir.appendingPathComponent($0), encoding: .utf8) }
    #expect(texts.count > 10)
    texts += [
        "Governor Vyacheslav Gladkov said the village of Mariinka and the town of Bakhmut were shelled.",
        "Anna went home. Maria, who is 42, said so, and Petro Shevchenko, aged 57, agreed.",
        "FSB and ISW officers met Olena. NATO, the EU and OTP Bank reported; Mr. J. Smith-Jones left.",
        "the 59th separate motorized infantry brigade and 3rd Assault Brigade moved near the Belgorod region",
        "Ministry of Defense of Ukraine spokesman Andriy Yusov, Freedom of Russia Legion, Wagner Group shareholders",
        "Anna", "in Kyiv", "FSB", "Maria -", "Gen. Valery Zaluzhny", "\nIgor\nStrelkov-Girkin\n",
    ]
    return texts
}

/// The reachability gates and root keys only skip work, and the backward
/// pass's register paths compute what its generic loop computes: the
/// automaton finds what it finds when every token tests every root in the
/// generic loop, on one to five vectors of states.
@Test func ruleGatesChangeNoCandidate() throws {
    let resources = TestSupport.resources
    let tokenizer = try Tokenizer(abbreviations: resources.words.entries[.abbreviations] ?? [])
    let bundled = resources.rules
    let source = try ["names", "person"].map {
        try String(contentsOfFile: TestSupport.lexicons + "/rules/\($0).rules", encoding: .utf8)
    }.joined(separator: "\n")
    func fillers(_ n: Int) -> String {
        (0..<n).map { #"rule filler\#($0) ORG : "zzq" (cap "-"){0,16} "qqz""# }.joined(separator: "\n") + "\n"
    }
    let small = try RuleSet(source: source, file: "person", words: resources.words, tokenizer: tokenizer)
    var medium = small
    for n in 1...16 where medium.chunks == 1 {
        medium = try RuleSet(source: fillers(n) + source, file: "person", words: resources.words, tokenizer: tokenizer)
    }
    // Three and four vectors have register paths of their own; more take the generic loop.
    var wider: [RuleSet] = []
    var n = 16
    for target in [3, 4, 5] {
        var rules = medium
        while rules.chunks < target {
            n += 1
            rules = try RuleSet(source: fillers(n) + source, file: "person", words: resources.words, tokenizer: tokenizer)
        }
        wider.append(rules)
    }
    #expect(small.chunks == 1)
    #expect(medium.chunks == 2)
    #expect(wider.map(\.chunks) == [3, 4, 5])
    var found = 0
    for text in try gateTexts() {
        for rules in [bundled, small, medium] + wider {
            let gated = try candidates(rules, tokenizer, text)
            #expect(gated == (try candidates(rules.withoutGates(), tokenizer, text)))
            #expect(gated == (try candidates(rules.withoutGates().withoutRegisters(), tokenizer, text)))
            found += gated.count
        }
    }
    #expect(found > 100)
}

/// Quoted-word masks remembered by token id across documents (one scratch for
/// all texts, as a worker has) are the masks computed from the token's bytes.
@Test func wordMasksByTokenIDChangeNoCandidate() throws {
    let resources = TestSupport.resources
    let tokenizer = try Tokenizer(abbreviations: resources.words.entries[.abbreviations] ?? [])
    let shared = RuleScratch()
    var found = 0
    for text in try gateTexts() + gateTexts().map({ $0.uppercased() }) {
        let remembered = try TestSupport.ruleCandidates(resources.rules, tokenizer: tokenizer, text, scratch: shared).entities
        let computed = try TestSupport.ruleCandidates(resources.rules, tokenizer: tokenizer, text, scratch: RuleScratch(),
                                                      tokenIDs: false).entities
        #expect(remembered == computed)
        found += computed.count
    }
    #expect(found > 100)
}

/// The backward pass holds the live states in registers: two 256-state
/// vectors for the bundled rules. A third costs the rules stage about a tenth
/// more (a fifth before ThreeChunks); merge rules that repeat a long define
/// (`LABEL/@list`) or shorten repeats before adding states.
@Test func bundledRulesFitTwoStateVectors() throws {
    let rules = TestSupport.resources.rules
    #expect(rules.chunks <= 2, "\(rules.stateCount.states) states")
}
