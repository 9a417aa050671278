import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// Runs rule source over a sentence with the bundled word lists and lexicons;
/// returns `"text/LABEL"` (or `"text/LABEL/subtype"`) per candidate, and the diagnostics.
func runRules(_ source: String, on sentence: String) throws -> (found: [String], diagnostics: [DataFileError]) {
    let resources = TestSupport.resources
    let tokenizer = try Tokenizer(abbreviations: resources.words.entries[.abbreviations] ?? [])
    let rules = try RuleSet(source: source, file: "test", words: resources.words, tokenizer: tokenizer)
    let (out, text) = try TestSupport.ruleCandidates(rules, tokenizer: tokenizer, sentence)
    let found = out.map { e in
        let s = String(decoding: text.bytes[e.start..<e.end], as: UTF8.self)
        return e.subtype.map { "\(s)/\(e.label.name)/\($0)" } ?? "\(s)/\(e.label.name)"
    }
    return (found, rules.diagnostics)
}

/// Rule source, a sentence, and every candidate the rules must propose (in any order).
struct PatternCase: Sendable, CustomTestStringConvertible {
    var rules: String
    var sentence: String
    var expected: [String]
    init(_ rules: String, _ sentence: String, _ expected: [String]) {
        self.rules = rules
        self.sentence = sentence
        self.expected = expected
    }
    var testDescription: String { rules }
}

@Test(arguments: [
    // Quoted words match folded tokens; the marked part is the entity.
    PatternCase(#"rule r GPE : "village" "of" [name]"#, "They left the Village of Krasne.", ["Krasne/GPE"]),
    PatternCase(#"rule r GPE : "city|town" "of" [name]"#, "the town of Avdiivka and the city of Lyman", ["Avdiivka/GPE", "Lyman/GPE"]),
    // Without a mark the whole match is the entity; the longest match per start wins.
    PatternCase("rule r ORG : name+ \"Holdings\"", "Shares of Blue Lake Holdings fell.", ["Blue Lake Holdings/ORG"]),
    // Repeat bounds.
    PatternCase("rule r PERSON : \"dr\" \".\" [name{1,2}]", "Dr. Anna Maria Lindqvist spoke.", ["Anna Maria/PERSON"]),
    PatternCase("rule r CARDINAL : number{2}", "codes 12 34 56", ["12 34/CARDINAL", "34 56/CARDINAL"]),
    // Alternation and grouping.
    PatternCase("rule r LOC : [name] (\"River\" | \"Lake\" \"basin\")", "the Oskil River and the Chad Lake basin", ["Oskil/LOC", "Chad/LOC"]),
    // A word list entry spans its tokens; the longest entry is taken.
    PatternCase("rule r PERSON/official : @person_titles [name+]", "Deputy Defense Minister Oksana Petrenko spoke.",
                ["Oksana Petrenko/PERSON/official"]),
    // A list value and a first-token test.
    PatternCase("rule r GPE : [name+ @place_suffixes:GPE<cap>]", "shelling in Sumy Oblast", ["Sumy Oblast/GPE"]),
    PatternCase("rule r GPE : [name+] @place_suffixes:GPE<!cap>", "shelling in the Sumy region", ["Sumy/GPE"]),
    // Tests: one-token list entries, negation, disjunction, glued tokens.
    PatternCase("rule r PERSON : [<@first_names & name> name]", "Then Josep Borrell said", ["Josep Borrell/PERSON"]),
    PatternCase(#"rule r PRODUCT : [cap "-"&glued digit&glued]"#, "a Su-34 and a Su - 35", ["Su-34/PRODUCT"]),
    PatternCase("rule r ORG : [<acronym & !(@not_names | lex)>]", "the QZX unit", ["QZX/ORG"]),
    // Lexicon matches by label.
    PatternCase("rule r GPE/capital : \"in\" [%GPE]", "talks in Kyiv today", ["Kyiv/GPE/capital"]),
    PatternCase("rule r PERSON : \"said\" [name&lex:PERSON]", "as said Zelensky", ["Zelensky/PERSON"]),
    // Definitions.
    PatternCase("define W = name&!nl\nrule r ORG : [$W $W \"Group\"]", "It joined the Blue Lake Group.", ["Blue Lake Group/ORG"]),
    // A subtype from the value of the list entry that ends the match; none where the entry has none.
    PatternCase("rule r ORG/@org_suffixes : [name @org_suffixes<cap>]", "in the Varnok Brigade, then the Varnok Bank and the Varnok Council",
                ["Varnok Brigade/ORG/military_unit", "Varnok Bank/ORG/company", "Varnok Council/ORG"]),
])
func rulePatterns(_ c: PatternCase) throws {
    let (found, diagnostics) = try runRules(c.rules, on: c.sentence)
    #expect(diagnostics.isEmpty, "\(diagnostics)")
    #expect(Set(found) == Set(c.expected), "got \(found)")
}

/// A bad rule and the code and line it is reported with.
struct BadRule: Sendable, CustomTestStringConvertible {
    var source: String
    var code: String
    var line: Int
    init(_ source: String, _ code: String, line: Int = 1) {
        self.source = source
        self.code = code
        self.line = line
    }
    var testDescription: String { source }
}

@Test(arguments: [
    BadRule("rules r PERSON : name", "RUL002"),
    BadRule("rule r PERSON name", "RUL002"),
    BadRule("rule r PERSN : name", "RUL003"),
    BadRule("rule r PERSON priority=high : name", "RUL004"),
    BadRule("rule r PERSON : (name", "RUL005"),
    BadRule("rule r PERSON : \"of name", "RUL005"),
    BadRule("rule r PERSON : name ;", "RUL005"),
    BadRule("# comment\n\nrule r PERSON : nmae", "RUL006", line: 3),
    BadRule("rule r PERSON : @titles name", "RUL006"),
    BadRule("rule r GPE : name @place_suffixes:CITY", "RUL006"),
    BadRule("rule r PERSON/@first_names : @first_names name", "RUL006"),
    BadRule("rule r ORG/@org_sufixes : name @org_suffixes", "RUL006"),
    BadRule("rule r PERSON : name{3,2}", "RUL007"),
    BadRule("rule r PERSON : name{0,99}", "RUL007"),
    BadRule("rule r PERSON : [name] [name]", "RUL008"),
    BadRule("rule r PERSON : name [\"x\"?]", "RUL008"),
    BadRule("rule r PERSON : $NAME", "RUL009"),
    BadRule("define A = name\ndefine A = cap", "RUL009", line: 2),
    BadRule("rule r PERSON : name\nrule r ORG : cap", "RUL010", line: 2),
    BadRule("rule r PERSON : name?", "RUL011"),
    BadRule("rule r PERSON : \"New York\"", "RUL012"),
    // Continuation lines belong to the rule's first line.
    BadRule("rule r PERSON :\n    name\n    (cap", "RUL005"),
])
func badRulesAreReported(_ c: BadRule) throws {
    let (_, diagnostics) = try runRules(c.source, on: "x")
    #expect(diagnostics.map(\.code) == [c.code], "\(diagnostics)")
    #expect(diagnostics.first?.line == c.line)
    #expect(diagnostics.first?.file.hasSuffix("test.rules") == true)
}

/// A bad rule is skipped; the others still load and run.
@Test func goodRulesSurviveABadOne() throws {
    let (found, diagnostics) = try runRules("rule bad PERSON : (\nrule good GPE : \"in\" [name]", on: "It rained in Lviv.")
    #expect(diagnostics.map(\.code) == ["RUL005"])
    #expect(found == ["Lviv/GPE"])
}

/// The bundled rule files load without a diagnostic.
@Test func bundledRulesLoadCleanly() {
    #expect(TestSupport.resources.rules.count > 10)
    #expect(TestSupport.resources.diagnostics.filter { $0.code.hasPrefix("RUL") }.isEmpty,
            "\(TestSupport.resources.diagnostics)")
}

/// Matching stays linear: a long run of name words with rules that can match
/// inside it at every token finishes and proposes one longest match per start.
@Test func longRunsStayLinear() throws {
    let sentence = "They met " + Array(repeating: "Alpha Beta", count: 2_000).joined(separator: " ") + " Holdings officials."
    // Nested repeats over 4,000 names: one candidate per rule, the longest
    // (no thread explosion; its time is for benchmarks, not this test).
    let (found, _) = try runRules("rule r ORG : [name+ \"Holdings\"]\nrule s ORG : [(name name?)+ \"Holdings\"]", on: sentence)
    #expect(found.count == 2)
}
