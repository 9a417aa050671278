import Foundation
import Testing
import GazetteCore
import Tokenization
import Lexicon
import GazetteTestSupport

/// One TSV line from its columns.
func row(_ columns: String...) -> String { columns.joined(separator: "\t") }

/// A lexicon built from TSV text (and `context.txt` lines), and what it matches.
struct Built {
    var lexicon: Lexicon
    var diagnostics: [DataFileError]
    let tokenizer: Tokenizer

    init(_ lines: [String], file: String = "test.tsv", context: [String] = []) throws {
        var builder = LexiconBuilder()
        builder.load(tsv: lines.joined(separator: "\n"), file: file)
        if !context.isEmpty { builder.loadContext(context.joined(separator: "\n"), file: "context.txt") }
        tokenizer = try Tokenizer()
        diagnostics = builder.diagnostics
        lexicon = try builder.build(tokenizer: tokenizer, diagnostics: &diagnostics)
    }

    struct Match: Equatable, CustomStringConvertible {
        var text: String
        var kbID: String
        var alternatives: Int = 0
        var description: String { "\(text)→\(kbID)(+\(alternatives))" }
    }

    func matches(_ text: String) throws -> [Match] {
        let t = try tokenizer.tokenize(text)
        var ids: [Int32] = []
        var out: [LexiconMatch] = []
        lexicon.match(t, ids: &ids, into: &out)
        return out.map {
            Match(text: t.text(from: Int($0.firstToken), through: Int($0.endToken) - 1),
                  kbID: lexicon.entities[Int($0.entity)].kbID, alternatives: Int($0.alternatives))
        }
    }

    /// The kb_ids matched in `text`, in order.
    func ids(_ text: String) throws -> [String] { try matches(text).map(\.kbID) }
}

private let places = [
    "# kb_id\tlabel\tsubtype\tcanonical\taliases\tattributes",
    row("place/kyiv", "GPE", "city", "Kyiv", "Kiev|Київ|Киев"),
    row("person/peter-szijjarto", "PERSON", "", "Péter Szijjártó", "Szijjártó|Peter Szijjarto"),
    row("place/united-states", "GPE", "country", "United States", "US|U.S.|USA"),
    row("place/turkey", "GPE", "country", "Turkey", "Türkiye"),
    row("org/and-party", "ORG", "", "Alliance for Nothing", "=AND"),
    row("person/bill-smith", "PERSON", "", "William Smith", "=Bill"),
    row("org/unesco", "ORG", "", "United Nations Educational, Scientific and Cultural Organization", "~UNESCO"),
    row("org/unicef", "ORG", "", "UNICEF", ""),
    row("product/shahed-136", "PRODUCT", "drone", "Shahed-136", "shahed|Shahed 136"),
    row("place/znamianka", "GPE", "city", "Znamianka", "Знам'янка"),
]

// MARK: - Folding and case

@Test(arguments: [
    // Folding: diacritics, case, apostrophes, scripts.
    ("Szijjarto said", ["person/peter-szijjarto"]),
    ("SZIJJÁRTÓ said", ["person/peter-szijjarto"]),
    ("Peter Szijjártó said", ["person/peter-szijjarto"]),
    ("KYIV and Kiev and Київ and КИЕВ", ["place/kyiv", "place/kyiv", "place/kyiv", "place/kyiv"]),
    ("Kyiv's mayor", ["place/kyiv"]),
    ("Знам’янка", ["place/znamianka"]),
    // A capitalized alias needs a capital in the text.
    ("kyiv", []),
    ("Turkey and turkey", ["place/turkey"]),
    ("TURKEY", ["place/turkey"]),
    // An all-capitals alias of at most five letters is an acronym: exact case only.
    ("US", ["place/united-states"]),
    ("us", []),
    ("Us", []),
    ("let us go to the USA", ["place/united-states"]),
    ("the U.S. on Monday", ["place/united-states"]),
    // "=" makes an alias case-sensitive whatever its shape.
    ("AND", ["org/and-party"]),
    ("and And", []),
    ("Bill", ["person/bill-smith"]),
    ("BILL bill", []),
    // "~" folds an all-capitals alias (first letter still capital).
    ("UNESCO Unesco", ["org/unesco", "org/unesco"]),
    ("unesco", []),
    // Six capitals or more is not an acronym: it folds like any capitalized alias.
    ("Unicef UNICEF", ["org/unicef", "org/unicef"]),
    // A lowercase alias folds completely.
    ("shahed SHAHED Shahed", ["product/shahed-136", "product/shahed-136", "product/shahed-136"]),
    ("a Shahed-136 and a Shahed 136", ["product/shahed-136", "product/shahed-136"]),
])
func caseAndFolding(text: String, expected: [String]) throws {
    let lex = try Built(places)
    #expect(lex.diagnostics.isEmpty, "\(lex.diagnostics)")
    #expect(try lex.ids(text) == expected)
}

// MARK: - Longest match

@Test(arguments: [
    ("in New York today", ["New York"]),
    ("the New York Times reported", ["New York Times"]),
    ("the New York Times Square", ["New York Times"]),
    ("New New York", ["New York"]),
    ("York and New", ["York"]),
    ("A B C", ["A B"]),
    ("B C", ["B C"]),
    // A token without an upper initial starts a match only where some alias
    // beginning with that word can match it; the others are skipped unwalked.
    ("in new york and New York", ["New York"]),
    ("ebay and eBay and EBAY", ["ebay", "eBay", "EBAY"]),
    ("3M and 3m", ["3M"]),
    ("de Gaulle and de gaulle", ["de Gaulle"]),
    ("the new democrats and the New Democrats", ["new democrats", "New Democrats"]),
    ("the Sun and The Sun", ["The Sun"]),
    // An Arabic article joined by a hyphen may be lowercase; spaced, it may not.
    ("el-Fasher and El-Fasher and el Fasher", ["el-Fasher", "El-Fasher"]),
    ("an-225 and An-225", ["An-225"]),
])
func longestLeftmostInCase(text: String, expected: [String]) throws {
    let lex = try Built([
        row("place/new-york", "GPE", "city", "New York", "NYC"),
        row("org/new-york-times", "ORG", "media_outlet", "New York Times", "The New York Times"),
        row("place/york", "GPE", "city", "York", ""),
        row("org/ab", "ORG", "", "A B", ""),
        row("org/bc", "ORG", "", "B C", ""),
        row("org/new-democrats", "ORG", "", "New Democrats", "new democrats"),
        row("org/ebay", "ORG", "company", "eBay", ""),
        row("org/3m", "ORG", "company", "3M", ""),
        row("person/charles-de-gaulle", "PERSON", "", "Charles de Gaulle", "~de Gaulle"),
        row("org/the-sun", "ORG", "media_outlet", "The Sun", "=The Sun"),
        row("place/el-fasher", "GPE", "city", "El-Fasher", ""),
        row("product/an-225", "PRODUCT", "aircraft", "An-225", ""),
    ])
    #expect(try lex.matches(text).map(\.text) == expected)
}

// MARK: - Shared aliases

@Test(arguments: [
    // Highest prior wins, whatever the load order.
    ([row("place/georgia", "GPE", "country", "Georgia", "", "prior=9"),
      row("place/georgia-us", "GPE", "region", "Georgia", "", "prior=3")], "place/georgia"),
    ([row("place/georgia-us", "GPE", "region", "Georgia", "", "prior=3"),
      row("place/georgia", "GPE", "country", "Georgia", "", "prior=9")], "place/georgia"),
    // Else the larger population.
    ([row("place/georgia-us", "GPE", "region", "Georgia", "", "population=10700000"),
      row("place/georgia", "GPE", "country", "Georgia", "", "population=3700000")], "place/georgia-us"),
    // A prior outranks a population.
    ([row("place/georgia-us", "GPE", "region", "Georgia", "", "population=10700000"),
      row("place/georgia", "GPE", "country", "Georgia", "", "prior=8;population=3700000")], "place/georgia"),
    // Else the one loaded first.
    ([row("place/georgia", "GPE", "country", "Georgia", ""),
      row("place/georgia-us", "GPE", "region", "Georgia", "")], "place/georgia"),
])
func sharedAliasGoesToHighestPrior(lines: [String], expected: String) throws {
    let lex = try Built(lines)
    #expect(try lex.matches("Georgia") == [.init(text: "Georgia", kbID: expected, alternatives: 1)])
}

@Test func alternativesCountDistinctOtherEntities() throws {
    let lex = try Built([
        row("place/georgia", "GPE", "country", "Georgia", "Sakartvelo", "prior=9"),
        row("place/georgia-us", "GPE", "region", "Georgia", "GA", "prior=3"),
        row("person/georgia-x", "PERSON", "", "Georgia", "", "prior=1"),
    ])
    #expect(try lex.matches("Georgia, Sakartvelo, GA") == [
        .init(text: "Georgia", kbID: "place/georgia", alternatives: 2),
        .init(text: "Sakartvelo", kbID: "place/georgia", alternatives: 0),
        .init(text: "GA", kbID: "place/georgia-us", alternatives: 0),
    ])
}

/// When the better-ranked entity's alias does not agree in case, the other one matches.
@Test func caseDecidesBeforePrior() throws {
    let lex = try Built([
        row("org/it-ministry", "ORG", "", "Ministry of IT", "IT", "prior=9"),
        row("place/italy", "GPE", "country", "Italy", "~IT|it-country", "prior=1"),
    ])
    #expect(try lex.ids("IT") == ["org/it-ministry"])
    #expect(try lex.ids("It") == ["place/italy"])
}

// MARK: - Merging

@Test func sameKBIDOnTwoLinesMergesAliases() throws {
    var builder = LexiconBuilder()
    builder.load(tsv: [row("place/kyiv", "GPE", "city", "Kyiv", "Kiev", "country=UA"),
                       row("place/lviv", "GPE", "city", "Lviv", "")].joined(separator: "\n"), file: "a.tsv")
    builder.load(tsv: row("place/kyiv", "GPE", "city", "Kyiv", "Київ|Kiew", "population=2952301"), file: "b.tsv")
    #expect(builder.entityCount == 2)
    #expect(builder.diagnostics.isEmpty)
    let tokenizer = try Tokenizer()
    let lexicon = try builder.build(tokenizer: tokenizer)
    let kyiv = try #require(lexicon.entityIndex(kbID: "place/kyiv").map { lexicon.entities[Int($0)] })
    #expect(Set(kyiv.aliases) == ["Kyiv", "Kiev", "Київ", "Kiew"])
    #expect(kyiv.attributes == ["country": "UA", "population": "2952301"])
    #expect(kyiv.source == "a.tsv")
    let t = try tokenizer.tokenize("Kiev, Київ, Kiew, Lviv")
    var ids: [Int32] = [], matches: [LexiconMatch] = []
    lexicon.match(t, ids: &ids, into: &matches)
    #expect(matches.map { lexicon.entities[Int($0.entity)].kbID } == ["place/kyiv", "place/kyiv", "place/kyiv", "place/lviv"])
    #expect(matches.allSatisfy { $0.alternatives == 0 })
}

@Test func addMergesAndReportsLabelConflicts() {
    var builder = LexiconBuilder()
    #expect(builder.add(kbID: "org/x", label: .org, canonical: "X Corp", source: "one.tsv") == nil)
    #expect(builder.add(kbID: "org/x", label: .org, canonical: "X Corp", aliases: ["XC"]) == nil)
    let conflict = builder.add(kbID: "org/x", label: .person, canonical: "X")
    #expect(conflict?.code == "LEX007")
    #expect(builder.entityCount == 1)
}

@Test(arguments: [
    (["prior=7.5"], 7.5),
    (["population=1000000"], 6.0),
    (["prior=2", "population=1000000"], 2.0),
    ([], 5.0),
    (["population=0"], 5.0),
    (["prior=abc"], 5.0),
])
func priorFromAttributes(attributes: [String], expected: Double) throws {
    let lex = try Built([row("place/p", "GPE", "", "P", "", attributes.joined(separator: ";"))])
    #expect(lex.lexicon.entities.first?.prior == expected)
}

// MARK: - Bad lines

@Test(arguments: [
    ("LEX002", row("place/a", "GPE", "A")),
    ("LEX002", "place/a GPE city A"),
    ("LEX003", row("place/a", "PERSN", "", "A")),
    ("LEX003", row("place/a", "gpe", "", "A")),
    ("LEX004", row("kyiv", "GPE", "", "A")),
    ("LEX004", row("place/a/b", "GPE", "", "A")),
    ("LEX004", row("place/", "GPE", "", "A")),
    ("LEX004", row("place/a b", "GPE", "", "A")),
    ("LEX004", row("place/київ", "GPE", "", "A")),
    ("LEX005", row("place/a", "GPE", "", "")),
    ("LEX005", row("place/a", "GPE", "", "  ")),
    ("LEX005", row("place/a", "GPE", "", "A", "Ay||Aa")),
    ("LEX005", row("place/a", "GPE", "", "A", "Ay|=")),
    ("LEX006", row("place/a", "GPE", "", "A", "Ay", "country")),
    ("LEX006", row("place/a", "GPE", "", "A", "Ay", "country=UA;=x")),
    ("LEX007", row("place/good", "ORG", "", "A")),
])
func badLineIsReportedAndTheRestLoads(code: String, bad: String) throws {
    let lines = [
        "# a comment line",
        row("place/good", "GPE", "city", "Goodtown", "Gutstadt"),
        "",
        bad,
        row("place/other", "GPE", "city", "Otherton", "", "country=UA"),
    ]
    let lex = try Built(lines, file: "Lexicons/test/bad.tsv")
    try #require(lex.diagnostics.count == 1, "\(lex.diagnostics)")
    let d = lex.diagnostics[0]
    #expect(d.code == code)
    #expect(d.file == "Lexicons/test/bad.tsv")
    #expect(d.line == 4)
    #expect(d.description.hasPrefix("[\(code)] Lexicons/test/bad.tsv:4: "))
    // The good lines around the bad one still load and match.
    #expect(try lex.ids("Goodtown, Gutstadt and Otherton") == ["place/good", "place/good", "place/other"])
}

/// A bad alias or attribute costs only that alias or attribute, not the entity.
@Test func badAliasOrAttributeKeepsTheEntity() throws {
    let lex = try Built([
        row("place/a", "GPE", "", "Alpha", "Alfa||Alpha City", "country=UA;broken"),
    ])
    #expect(lex.diagnostics.map(\.code).sorted() == ["LEX005", "LEX006"])
    #expect(try lex.ids("Alpha, Alfa, Alpha City") == ["place/a", "place/a", "place/a"])
    #expect(lex.lexicon.entities.first?.attributes == ["country": "UA"])
}

@Test func lineNumbersCountCommentsBlankLinesAndCRLF() throws {
    let text = "# header\r\n\r\n" + row("place/a", "GPE", "", "Alpha") + "\r\n" + row("nope", "GPE", "", "B") + "\r\n"
    var builder = LexiconBuilder()
    builder.load(tsv: text, file: "crlf.tsv")
    #expect(builder.diagnostics.map(\.line) == [4])
    let lexicon = try builder.build(tokenizer: try Tokenizer())
    // The canonical name carries no stray carriage return.
    #expect(lexicon.entities.map(\.canonical) == ["Alpha"])
}

@Test func unreadableFileIsLEX001() throws {
    var builder = LexiconBuilder()
    builder.loadFile("/nonexistent/gazette/test.tsv")
    #expect(builder.diagnostics.map(\.code) == ["LEX001"])
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let bad = dir.appendingPathComponent("bad.tsv")
    try Data(Array(row("place/a", "GPE", "", "A").utf8) + [0x0A] + [0x61, 0xFF, 0x0A]).write(to: bad)
    builder.loadFile(bad.path)
    #expect(builder.diagnostics.map(\.code) == ["LEX001", "LEX001"])
    #expect(builder.diagnostics.last?.file == bad.path)
}

@Test func loadDirectoryReadsTSVFilesRecursively() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try FileManager.default.createDirectory(at: dir.appendingPathComponent("sub"), withIntermediateDirectories: true)
    try row("place/a", "GPE", "", "Alpha").write(to: dir.appendingPathComponent("a.tsv"), atomically: true, encoding: .utf8)
    try row("place/b", "GPE", "", "Beta").write(to: dir.appendingPathComponent("sub/b.tsv"), atomically: true, encoding: .utf8)
    try row("place/c", "GPE", "", "Gamma").write(to: dir.appendingPathComponent("c.txt"), atomically: true, encoding: .utf8)
    // Word lists and romanization tables are not entity lexicons, whatever their extension.
    for folder in ["rules", "transliteration"] {
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(folder), withIntermediateDirectories: true)
        try "x\ty\n".write(to: dir.appendingPathComponent("\(folder)/table.tsv"), atomically: true, encoding: .utf8)
    }
    var builder = LexiconBuilder()
    builder.loadDirectory(dir.path)
    #expect(builder.diagnostics.isEmpty)
    let lexicon = try builder.build(tokenizer: try Tokenizer())
    #expect(lexicon.entities.map(\.kbID) == ["place/a", "place/b"])
}

@Test func hyphenatedAliasesAlsoMatchWithASpace() throws {
    let built = try Built([
        row("place/port-vesna", "GPE", "city", "Port-Vesna", ""),
        row("org/kall-morrow", "ORG", "company", "Kall-Morrow Motors", "=KM-Tech"),
        row("place/ash-upon-lee", "GPE", "city", "Ash-upon-Lee", ""),
    ])
    // The spaced form of a hyphen between capitalized words, in the alias's case mode.
    #expect(try built.ids("Port-Vesna and Port Vesna and PORT VESNA") == ["place/port-vesna", "place/port-vesna", "place/port-vesna"])
    #expect(try built.ids("port vesna") == [])
    #expect(try built.ids("Kall Morrow Motors") == ["org/kall-morrow"])
    // Exact-case aliases and lowercase joins keep their hyphens.
    #expect(try built.ids("KM Tech and KM-Tech") == ["org/kall-morrow"])
    #expect(try built.ids("Ash upon Lee and Ash-upon-Lee") == ["place/ash-upon-lee"])
    // Two spellings of one alias are one candidate, not two.
    #expect(try built.matches("Port Vesna").map(\.alternatives) == [0])
}

@Test func emptyLexiconMatchesNothing() throws {
    let t = try Tokenizer().tokenize("Kyiv")
    var ids: [Int32] = [], matches: [LexiconMatch] = []
    Lexicon().match(t, ids: &ids, into: &matches)
    #expect(matches.isEmpty)
}

// MARK: - PhraseAutomaton

private func keys(_ words: String...) -> [[UInt8]] { words.map { Array($0.utf8) } }

/// Walks `phrase` from the root and returns the state, or -1.
private func walk(_ a: PhraseAutomaton, _ words: [String]) -> Int32 {
    var state: Int32 = 0
    for w in words {
        state = a.next(state, a.vocabulary.id(of: w))
        if state < 0 { return -1 }
    }
    return state
}

@Test func automatonSharesPrefixes() {
    var b = PhraseAutomatonBuilder()
    b.add(keys: keys("new"), payload: 0)
    b.add(keys: keys("new", "york"), payload: 1)
    b.add(keys: keys("new", "york", "times"), payload: 2)
    b.add(keys: keys("york"), payload: 3)
    b.add(keys: keys("new", "jersey"), payload: 4)
    b.add(keys: keys("new", "york"), payload: 5)
    b.add(keys: [], payload: 6)
    let a = b.build()
    // Root + new, new york, new york times, york, new jersey.
    #expect(a.stateCount == 6)
    #expect(a.vocabulary.count == 4)
    #expect(Array(a.payloads(of: walk(a, ["new"]))) == [0])
    #expect(Array(a.payloads(of: walk(a, ["new", "york"]))) == [1, 5])
    #expect(Array(a.payloads(of: walk(a, ["new", "york", "times"]))) == [2])
    #expect(Array(a.payloads(of: walk(a, ["york"]))) == [3])
    #expect(Array(a.payloads(of: walk(a, ["new", "jersey"]))) == [4])
    #expect(walk(a, ["york", "times"]) == -1)
    #expect(walk(a, ["times"]) == -1)
    #expect(walk(a, ["new", "new"]) == -1)
    #expect(a.next(0, -1) == -1)
    #expect(!a.isTerminal(0))
}

@Test func automatonNonTerminalPrefix() {
    var b = PhraseAutomatonBuilder()
    b.add(keys: keys("institute", "for", "the", "study", "of", "war"), payload: 0)
    let a = b.build()
    let mid = walk(a, ["institute", "for", "the"])
    #expect(mid > 0)
    #expect(!a.isTerminal(mid))
    #expect(a.payloads(of: mid).isEmpty)
    #expect(a.isTerminal(walk(a, ["institute", "for", "the", "study", "of", "war"])))
}

@Test func automatonTokenIDs() throws {
    var b = PhraseAutomatonBuilder()
    b.add(keys: keys("kyiv"), payload: 0)
    b.add(keys: keys("'s", "mayor"), payload: 1)
    let a = b.build()
    let t = try Tokenizer().tokenize("KYIV's new Mayor")
    var ids: [Int32] = [99]
    a.tokenIDs(t, into: &ids)
    #expect(ids == [a.vocabulary.id(of: "kyiv"), a.vocabulary.id(of: "'s"), -1, a.vocabulary.id(of: "mayor")])
}

@Test func automatonWithManyPhrases() {
    var b = PhraseAutomatonBuilder()
    let n = 5000
    for i in 0..<n { b.add(keys: keys("w\(i % 97)", "x\(i)"), payload: Int32(i)) }
    let a = b.build()
    var wrong = 0
    for i in 0..<n where Array(a.payloads(of: walk(a, ["w\(i % 97)", "x\(i)"]))) != [Int32(i)] { wrong += 1 }
    #expect(wrong == 0)
    #expect(a.stateCount == 1 + 97 + n)
    #expect(walk(a, ["w1", "x0"]) == -1)
}

/// `LexiconEntity.aliases` keeps each alias as written, case marker included.
@Test func entityAliasesKeepTheirCaseMarkers() throws {
    let lex = try Built([row("org/and-party", "ORG", "", "Alliance for Nothing", "=AND|~Unesco Club|ANP")])
    #expect(lex.lexicon.entities.first?.aliases == ["Alliance for Nothing", "=AND", "~Unesco Club", "ANP"])
    // Whatever the stored form, the markers still decide matching.
    #expect(try lex.ids("AND And Unesco Club ANP") == ["org/and-party", "org/and-party", "org/and-party"])
}

/// A state with many children has a table and a filter of its own, one with few
/// a signature in its transitions (PhraseAutomaton): both find exactly the
/// phrases that exist, through matching and through `next`.
@Test(arguments: [
    ("Alpha Beta7 said", ["Alpha Beta7"]),
    ("Alpha Beta400 said", []),
    ("Alpha Beta399, Alpha Beta0 and Alpha", ["Alpha Beta399", "Alpha Beta0"]),
    ("Alpha Beta17 Gamma", ["Alpha Beta17 Gamma"]),
    ("Gamma Delta3 and Gamma Delta9", ["Gamma Delta3"]),
    ("Gamma Delta4 Epsilon", ["Gamma Delta4 Epsilon"]),
    ("Beta7 Alpha", []),
])
func wideAndNarrowStatesMatchExactly(text: String, expected: [String]) throws {
    var lines = (0..<400).map { row("org/ab\($0)", "ORG", "", "Alpha Beta\($0)", "") }
    lines += (0..<5).map { row("org/gd\($0)", "ORG", "", "Gamma Delta\($0)", "") }
    lines += [row("org/abg", "ORG", "", "Alpha Beta17 Gamma", ""), row("org/gde", "ORG", "", "Gamma Delta4 Epsilon", "")]
    let lex = try Built(lines)
    #expect(try lex.matches(text).map(\.text) == expected)
}
