import Foundation
import Testing
import Gazette
import GazetteTestSupport

// A lexicon of invented people, two of whom share a surname, with the
// project's rules: a known surname alone is a person where nothing else says
// what it is.
private enum SurnameFixture {
    static let files: [String: String] = [
        "news.tsv": [
            "person/orla-quennell\tPERSON\tpolitician\tOrla Quennell\tOrla Quennell",
            "person/bram-quennell\tPERSON\tpolitician\tBram Quennell\tBram Quennell",
            "person/tamsin-varrow\tPERSON\tofficial\tTamsin Varrow\tTamsin Varrow",
            "place/varrow-land\tGPE\tcountry\tVarrow\tVarrow\tcountry=VL",
            "person/prince-corwen\tPERSON\troyal\tPrince Corwen\tPrince Corwen|Duke of Ardlow",
        ].joined(separator: "\n"),
        "rules/first_names.txt": "Orla\nBram\nTamsin\n",
        "rules/not_names.txt": "The\n",
        "rules/person_titles.txt": "Prince\nDuke\n",
    ].merging(TestSupport.bundledRuleFiles) { a, _ in a }

    static let resources = TestSupport.fixtureResources(files)

    static func spans(_ text: String) throws -> [TaggedSpan] {
        try TestSupport.spans(text, tagger: Tagger(resources: resources))
    }
}

@Test(arguments: [
    // Inside a sentence, alone: a person, though two people share the name.
    ("The criticism of Quennell grew louder.", ["Quennell"]),
    ("The Quennell administration ended last year.", ["Quennell"]),
    ("Talks between Quennell and Harrowby failed.", ["Quennell"]),
    // At a sentence start the capital says nothing, unless a possessive follows.
    ("Quennell grew louder.", []),
    ("Quennell's campaign grew louder.", ["Quennell"]),
    // Next to another name word, or after a determiner: something else.
    ("The Quennell Foundation paid for it.", []),
    ("She met a Quennell at the fair.", []),
    ("It was the Quennell.", []),
    // The lexicon knows the word as a country: it stays the country.
    ("Exports to Varrow fell sharply.", []),
])
func knownSurnameAloneIsAPerson(text: String, people: [String]) throws {
    let spans = try SurnameFixture.spans(text)
    let found = spans.filter { $0.label == "PERSON" }.map(\.text)
    #expect(found == people, "\(spans)")
}

@Test func knownSurnameTakesTheFullNameOfTheDocument() throws {
    let spans = try SurnameFixture.spans("Orla Quennell spoke on Monday. Later the criticism of Quennell grew louder.")
    let short = spans.filter { $0.text == "Quennell" }
    try #require(short.count == 1, "\(spans)")
    #expect(short[0].label == "PERSON" && short[0].kbID == "person/orla-quennell", "\(spans)")
}

/// A known person the lexicon names by a title and one word lends that word to
/// the rest of the document, even at a sentence start, where a lone name is
/// otherwise left alone.
@Test func titledOneWordNameLinksItsLaterMentions() throws {
    let spans = try SurnameFixture.spans("Prince Corwen arrived on Friday. Corwen met veterans. Later, Corwen left.")
    let short = spans.filter { $0.text == "Corwen" }
    #expect(short.count == 3, "\(spans)")
    #expect(short.allSatisfy { $0.label == "PERSON" && $0.kbID == "person/prince-corwen" }, "\(spans)")
}

/// A title stays out of the span only before the name: "Duke of Ardlow" is a name as a whole.
@Test func titleBeforeOfStaysInTheName() throws {
    let spans = try SurnameFixture.spans("The Duke of Ardlow met veterans.")
    #expect(spans.contains { $0.text == "Duke of Ardlow" && $0.label == "PERSON" && $0.kbID == "person/prince-corwen" }, "\(spans)")
    #expect(!spans.contains { $0.text == "of Ardlow" }, "\(spans)")
}

/// Which word of a full name is its surname, for `known_surnames`.
/// The words of `probe` (one token each) that are known surnames, with the
/// word lists `files` and the lexicon's `people`.
private func knownSurnames(files: [String: String], people: [String], probe: String) throws -> [String] {
    let dir = try TestSupport.makeTree(files)
    defer { try? FileManager.default.removeItem(at: dir) }
    let tokenizer = try Tokenizer()
    let lists = try WordLists(directories: [dir.path], tokenizer: tokenizer, people: people)
    var ids: [Int32] = []
    var hits: [WordHit] = []
    lists.find(in: try tokenizer.tokenize(probe), ids: &ids, hits: &hits)
    let words = probe.split(separator: " ").map(String.init)
    return hits.filter { $0.list == .knownSurnames }.map { words[Int($0.start)] }
}

@Test func knownSurnamesComeFromTheLexiconsPeople() throws {
    let people = ["Orla Quennell", "Zhao Liqun", "Peter the Quiet", "Marit van Hoorn", "Ansel Le Vey",
                  "Queen Elspeth II", "Brannoc", "Ida Ng", "Orla Quennell"]
    let found = try knownSurnames(files: ["family_names.txt": "Zhao\n"], people: people,
                                  probe: "Quennell Zhao Liqun Quiet Hoorn Vey Elspeth II Brannoc Ng Peter Orla")
    #expect(found == ["Quennell", "Zhao"])
}

/// A surname that is also a title, a head word or a not_surnames.txt word
/// makes no known surname: "the King spoke", "the West imposed sanctions".
@Test func surnamesThatAreTitlesOrListedWordsAreLeftOut() throws {
    let files = [
        "person_titles.txt": "King\n",
        "org_suffixes.txt": "Bank\n",
        "not_surnames.txt": "# compass points\nWest\n",
    ]
    let found = try knownSurnames(files: files, people: ["Stella King", "Rowan West", "Tomas Bank", "Ida Quarrel"],
                                  probe: "King West Bank Quarrel")
    #expect(found == ["Quarrel"])
}
