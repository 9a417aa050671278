import Foundation
import Testing
import Gazette
import GazetteTestSupport

// MARK: - A small fixture: lexicon and word lists of the test's own

/// Resources over a lexicon directory written by the test, so that resolution
/// is pinned independently of the bundled data.
enum Fixture {
    static let files: [String: String] = [
        "news.tsv": [
            "person/vyacheslav-gladkov\tPERSON\tofficial\tVyacheslav Gladkov\tВячеслав Гладков",
            "org/freedom-of-russia-legion\tORG\tarmed_group\tFreedom of Russia Legion\tLegion Freedom of Russia",
            "place/belgorod\tGPE\tcity\tBelgorod\tБелгород\tpopulation=339978",
            "place/grayvoron\tGPE\tcity\tGrayvoron\t",
        ].joined(separator: "\n"),
        "rules/person_titles.txt": "Governor\nMayor\nDeputy Defense Minister\nMr.\nspokesman\n",
        "rules/first_names.txt": "Mykola\nIhor\nOksana\n",
        "rules/org_suffixes.txt": "Legion\nCorps\n",
        "rules/org_prefixes.txt": "Ministry\nInstitute\n",
        "rules/months.txt": "May\t5\nFebruary\t2\n",
        "rules/weekdays.txt": "Monday\t1\n",
        "rules/abbreviations.txt": "Gen.\nMr.\n",
        "rules/not_names.txt": "The\nLater\nOfficials\n",
        "rules/speech_verbs.txt": "said\nsays\n",
    ].merging(TestSupport.bundledRuleFiles) { a, _ in a }

    static let resources = TestSupport.fixtureResources(files)

    static func spans(_ text: String) throws -> [TaggedSpan] {
        try TestSupport.spans(text, tagger: Tagger(resources: resources))
    }
}

private func only(_ spans: [TaggedSpan], _ text: String) -> [TaggedSpan] { spans.filter { $0.text == text } }

@Test func fixtureLoadsCleanly() {
    #expect(Fixture.resources.diagnostics.isEmpty, "\(Fixture.resources.diagnostics)")
    #expect(Fixture.resources.lexicon.entities.count == 4)
}

// MARK: - Surnames

/// "Gladkov" after "Vyacheslav Gladkov" is the same person.
@Test(arguments: [
    ("Governor Vyacheslav Gladkov visited on Monday. Gladkov added that two were hurt.",
     "Vyacheslav Gladkov", "Gladkov", "person/vyacheslav-gladkov", "Vyacheslav Gladkov"),
    ("Governor Mykola Tkachenko visited on Monday. Tkachenko added that two were hurt.",
     "Mykola Tkachenko", "Tkachenko", "local/mykola-tkachenko", "Mykola Tkachenko"),
    // A hyphenated surname lends each part.
    ("Governor Mykola Ivanov-Tkachenko spoke. Tkachenko added that two were hurt.",
     "Mykola Ivanov-Tkachenko", "Tkachenko", "local/mykola-ivanov-tkachenko", "Mykola Ivanov-Tkachenko"),
    ("Governor Mykola Ivanov-Tkachenko spoke. Ivanov added that two were hurt.",
     "Mykola Ivanov-Tkachenko", "Ivanov", "local/mykola-ivanov-tkachenko", "Mykola Ivanov-Tkachenko"),
])
func surnameTakesTheFullNamesEntity(text: String, full: String, surname: String, kbID: String, canonical: String) throws {
    let spans = try Fixture.spans(text)
    let fulls = only(spans, full), shorts = only(spans, surname)
    try #require(fulls.count == 1 && shorts.count == 1, "\(spans)")
    #expect(fulls[0].label == "PERSON" && shorts[0].label == "PERSON", "\(spans)")
    #expect(shorts[0].source == "alias")
    #expect(shorts[0].kbID == kbID && shorts[0].canonical == canonical, "\(spans)")
    if kbID.hasPrefix("local/") {
        #expect(fulls[0].kbID == kbID && fulls[0].canonical == canonical, "\(spans)")
    } else {
        #expect(fulls[0].kbID == kbID && fulls[0].canonical == canonical, "\(spans)")
    }
}

/// Regression (fixed; this was the bug): a bare surname before the full name is appended to the resolver's
/// list while it is still being searched by binary search, so the surname inside
/// the later full name is not seen as covered and comes out a second time,
/// overlapping the full name.
@Test(arguments: [
    ("Tkachenko spoke first. Later Governor Mykola Tkachenko added that two were hurt.", "Mykola Tkachenko", "Tkachenko"),
    ("Gladkov spoke first. Later Governor Vyacheslav Gladkov added that two were hurt.", "Vyacheslav Gladkov", "Gladkov"),
    ("Tkachenko and Petrenko spoke first. Later Governor Mykola Tkachenko and Mayor Ihor Petrenko added more.",
     "Mykola Tkachenko", "Tkachenko"),
])
func surnameBeforeTheFullNameDoesNotOverlapIt(text: String, full: String, surname: String) throws {
    let tagger = try Tagger(resources: Fixture.resources)
    let entities = try tagger.tag(text)
    #expect(TestSupport.invariantViolations(entities, in: text).isEmpty)
    let spans = try Fixture.spans(text)
    let fulls = only(spans, full), shorts = only(spans, surname)
    #expect(fulls.count == 1, "\(spans)")
    #expect(shorts.count == 1, "\(spans)")
    #expect(shorts.first?.label == "PERSON" && shorts.first?.source == "alias", "\(spans)")
    #expect(shorts.first?.canonical == full, "\(spans)")
}

/// Two people share a surname: the bare surname is ambiguous and links to neither.
@Test func sharedSurnameOfAKnownAndAnUnknownPerson() throws {
    let spans = try Fixture.spans("Governor Vyacheslav Gladkov met Mayor Ihor Gladkov on Monday. Gladkov said nothing.")
    try #require(only(spans, "Vyacheslav Gladkov").count == 1 && only(spans, "Ihor Gladkov").count == 1, "\(spans)")
    #expect(only(spans, "Gladkov").allSatisfy { $0.kbID == nil }, "\(spans)")
}

/// Regression (fixed; this was the bug): the ambiguity test compares kb_ids, which are both nil for two
/// unknown people, so the bare surname goes to whichever full name came last.
@Test func sharedSurnameOfTwoUnknownPeople() throws {
    let spans = try Fixture.spans("Governor Mykola Tkachenko met Mayor Ihor Tkachenko on Monday. Tkachenko said nothing.")
    try #require(only(spans, "Mykola Tkachenko").count == 1 && only(spans, "Ihor Tkachenko").count == 1, "\(spans)")
    #expect(only(spans, "Tkachenko").allSatisfy { $0.kbID == nil }, "\(spans)")
}

/// Regression (fixed; this was the bug): a two-word "speaker" with no given name or title
/// ("Northwind Energy said") lent its last word as a surname, so every capitalized
/// "Energy" of the document became that person ("Minister of Energy", "Energy Minister").
@Test func speakerWithoutNameEvidenceLendsNoSurname() throws {
    let spans = try TestSupport.spans("Northwind Energy said it would cut jobs. Energy Minister Olena Varchuk said the Ministry of Energy would help.")
    #expect(!spans.contains { $0.text == "Energy" }, "\(spans)")
    #expect(only(spans, "Olena Varchuk").count == 1, "\(spans)")
}

@Test(arguments: [
    "Deputy Defense Minister Oksana Petrenko visited the site.",
    "On Monday Governor Oksana Petrenko visited the site.",
    "Deputy Defense Minister Oksana Petrenko said the attack was repelled.",
])
func titleIsNotPartOfTheName(text: String) throws {
    let spans = try Fixture.spans(text).filter { $0.label == "PERSON" }
    #expect(spans.map(\.text) == ["Oksana Petrenko"], "\(spans)")
}

/// Regression (fixed; this was the bug): a name before a verb of saying is a person, but the rule that
/// finds it starts at the first capitalized word of the sentence, so a title
/// there ends up inside the PERSON span and, being longer, beats the title
/// rule's span (and a lexicon match: "Governor Vyacheslav Gladkov said").
@Test(arguments: [
    ("Governor Oksana Petrenko said the attack was repelled.", "Oksana Petrenko", nil as String?),
    ("Governor Vyacheslav Gladkov said the situation was tense.", "Vyacheslav Gladkov", "person/vyacheslav-gladkov"),
])
func titleBeforeASpeechVerbIsNotPartOfTheName(text: String, name: String, kbID: String?) throws {
    let spans = try Fixture.spans(text).filter { $0.label == "PERSON" }
    #expect(spans.map(\.text) == [name], "\(spans)")
    #expect(spans.first?.kbID == kbID, "\(spans)")
}

// MARK: - Acronyms

/// An acronym in parentheses names the entity before it, there and later on.
@Test func acronymTakesTheLexiconEntity() throws {
    let spans = try Fixture.spans("The Freedom of Russia Legion (LSR) crossed on Monday. Later the LSR said it held two villages.")
    let longs = only(spans, "Freedom of Russia Legion"), acronyms = only(spans, "LSR")
    try #require(longs.count == 1, "\(spans)")
    #expect(acronyms.count == 2, "\(spans)")
    for s in longs + acronyms {
        #expect(s.label == "ORG" && s.kbID == "org/freedom-of-russia-legion" && s.canonical == "Freedom of Russia Legion", "\(s)")
    }
}

@Test func acronymOfAnUnknownNameSharesItsLocalID() throws {
    let spans = try Fixture.spans("The Siberian Liberty Legion (SLL) crossed on Monday. Later the SLL said it held two villages.")
    let longs = only(spans, "Siberian Liberty Legion"), acronyms = only(spans, "SLL")
    try #require(longs.count == 1, "\(spans)")
    #expect(acronyms.count == 2, "\(spans)")
    for s in acronyms {
        #expect(s.label == "ORG" && s.kbID == "local/siberian-liberty-legion" && s.canonical == "Siberian Liberty Legion", "\(s)")
    }
    #expect(longs[0].label == "ORG")
    #expect(longs[0].kbID == "local/siberian-liberty-legion", "\(spans)")
}

/// An acronym whose first letter differs from a one-word "long form" is not its definition.
@Test func oneWordLongFormMustShareTheInitial() throws {
    let spans = try Fixture.spans("Officials in Belgorod (RECO) met. RECO said nothing.")
    #expect(!spans.contains { $0.text == "RECO" && $0.kbID == "place/belgorod" }, "\(spans)")
}

// MARK: - Dates in the fixture

/// Regression (fixed; this was the bug): a full weekday or month name swallowed the sentence's final period
/// (the period is only part of an abbreviation such as "Mon." or "Feb.").
@Test(arguments: [
    ("The attack happened on Monday.", "Monday"),
    ("It began in February.", "February"),
])
func sentencePeriodIsNotPartOfADate(text: String, date: String) throws {
    let spans = try Fixture.spans(text)
    #expect(spans.map(\.description) == ["\(date.debugDescription)/DATE [rule]"])
}

// MARK: - Local ids

@Test func unknownNamesGetALocalIDOnlyWhenRepeated() throws {
    let spans = try Fixture.spans("The Siberian Liberty Legion crossed. The Arctic Storm Corps waited. Later the Siberian Liberty Legion left.")
    let sll = only(spans, "Siberian Liberty Legion")
    #expect(sll.count == 2, "\(spans)")
    #expect(sll.allSatisfy { $0.kbID == "local/siberian-liberty-legion" && $0.canonical == "Siberian Liberty Legion" })
    let once = try #require(only(spans, "Arctic Storm Corps").first)
    #expect(once.kbID == nil && once.canonical == nil)
}

@Test func lexiconEntitiesKeepTheirIDs() throws {
    let spans = try Fixture.spans("Shelling hit Белгород and Belgorod and Grayvoron.")
    #expect(spans.map(\.kbID) == ["place/belgorod", "place/belgorod", "place/grayvoron"])
    #expect(spans.allSatisfy { $0.source == "lexicon" && $0.label == "GPE" })
    #expect(only(spans, "Белгород").first?.canonical == "Belgorod")
}

// MARK: - The bundled lexicons

/// The design's own examples, through the bundled lexicons.
@Test func bundledAcronymLinking() throws {
    let spans = try TestSupport.spans("The Freedom of Russia Legion (LSR) crossed the border again overnight. Later the LSR said it held two villages.")
    let long = try #require(only(spans, "Freedom of Russia Legion").first, "\(spans)")
    let lsr = only(spans, "LSR")
    #expect(lsr.count == 2, "\(spans)")
    #expect(long.kbID != nil)
    for s in lsr {
        #expect(s.label == long.label && s.kbID == long.kbID && s.canonical == long.canonical, "\(s) vs \(long)")
    }
}

@Test func bundledSurnameAliasing() throws {
    let spans = try TestSupport.spans("Belgorod Governor Vyacheslav Gladkov said the shelling continued. Gladkov said two people were wounded.")
    let full = try #require(only(spans, "Vyacheslav Gladkov").first, "\(spans)")
    let short = try #require(only(spans, "Gladkov").first, "\(spans)")
    #expect(full.label == "PERSON" && short.label == "PERSON")
    #expect(full.kbID != nil && short.kbID == full.kbID)
}

@Test func spellingsOfOneEntityShareItsID() throws {
    let spans = try TestSupport.spans("Kyiv, Kiev and Київ are one city; Zelensky, Zelenskyy and Зеленський are one man.")
    let kyiv = Set(spans.filter { ["Kyiv", "Kiev", "Київ"].contains($0.text) }.compactMap(\.kbID))
    let zelensky = Set(spans.filter { ["Zelensky", "Zelenskyy", "Зеленський"].contains($0.text) }.compactMap(\.kbID))
    #expect(kyiv.count == 1 && spans.filter { ["Kyiv", "Kiev", "Київ"].contains($0.text) }.count == 3, "\(spans)")
    #expect(zelensky.count == 1 && spans.filter { ["Zelensky", "Zelenskyy", "Зеленський"].contains($0.text) }.count == 3, "\(spans)")
}

// MARK: - Output invariants

/// Texts the invariants are checked on: the project's own articles, the seed
/// article when it is beside the package, and some awkward ones.
private func invariantTexts() -> [(String, String)] {
    var out: [(String, String)] = [
        ("mixed", "Officials in Київ 😀 said 👩‍👩‍👧 the Шахед drones (Shahed-136) were downed near Бєлгород on May 23, 2023.\n\nThe LSR (LSR) said #Ukraine @x e@x.co https://x.y/(z)."),
        ("combining", "Pe\u{301}ter Szijja\u{301}rto\u{301} met Josep Borrell in Budapest on Monday, May 22."),
        ("empty", ""),
        ("punctuation", "(((LSR))) -- ?? !! ... — «»"),
        ("repeats", String(repeating: "Gladkov Vyacheslav Gladkov (VG) VG Gladkov. ", count: 20)),
        ("mojibake", "???????? \u{FFFD}\u{FFFD} Ð\u{9F}Ñ\u{80}Ð¸ and F-16 MiG-29-"),
    ]
    let fm = FileManager.default
    for folder in ["Corpus/articles"] {
        let dir = TestSupport.packageRoot.appendingPathComponent(folder)
        for name in ((try? fm.contentsOfDirectory(atPath: dir.path)) ?? []).sorted() where name.hasSuffix(".txt") {
            if let s = try? String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8) { out.append((name, s)) }
        }
    }
    if let seed = TestSupport.shared?.appendingPathComponent("seed/2023-05-23-day-454.txt"),
       let s = try? String(contentsOf: seed, encoding: .utf8) {
        out.append(("seed", s))
    }
    return out
}

@Test func entitiesAreSortedDisjointAndOnCharacterBoundaries() throws {
    let tagger = try TestSupport.tagger()
    for (name, text) in invariantTexts() {
        let entities = try tagger.tag(text)
        let problems = TestSupport.invariantViolations(entities, in: text)
        let overlaps = problems.filter { $0.hasPrefix("overlap") }
        #expect(problems.count == overlaps.count, "\(name): \(problems.prefix(5))")
        // Pinned deterministically by surnameBeforeTheFullNameDoesNotOverlapIt; here it depends on the corpus.
        #expect(overlaps.isEmpty, "\(name): \(overlaps.prefix(5))")
        // A kb_id comes with a canonical name.
        #expect(entities.allSatisfy { $0.kbID == nil || $0.canonical != nil }, "\(name)")
    }
}

/// Offsets point at the text the entity is about.
@Test func offsetsPointAtTheMention() throws {
    let text = "😀 Київ and Kyiv; 👩‍👩‍👧 Vyacheslav Gladkov and F-16 jets on May 23, 2023 at https://e.com/x."
    let spans = try TestSupport.spans(text)
    let bytes = Array(text.utf8)
    for s in spans {
        #expect(String(decoding: bytes[s.start..<s.end], as: UTF8.self) == s.text)
    }
    let expected = ["Київ", "Kyiv", "Vyacheslav Gladkov", "F-16", "https://e.com/x"]
    for e in expected {
        let range = try #require(text.range(of: e))
        let start = text.utf8.distance(from: text.startIndex, to: range.lowerBound)
        #expect(spans.contains { $0.start == start && $0.text == e }, "\(e) at byte \(start): \(spans)")
    }
}

// MARK: - Taggers and batches

@Test func taggerResultsDoNotDependOnWhatItTaggedBefore() throws {
    let texts = invariantTexts().map(\.1).prefix(8)
    let reused = try TestSupport.tagger()
    for text in texts {
        let fresh = try TestSupport.tagger().tag(text)
        _ = try reused.tag("Governor Vyacheslav Gladkov (VG) said. VG and Gladkov. " + text)
        #expect(try reused.tag(text) == fresh)
    }
}

@Test func tagDocumentKeepsTheDocument() throws {
    let doc = Document(id: "d1", text: "Kyiv", metaJSON: #"{"a":1}"#)
    let tagged = try TestSupport.tagger().tag(doc)
    #expect(tagged.document.id == "d1" && tagged.document.metaJSON == #"{"a":1}"#)
    #expect(tagged.entities == (try TestSupport.tagger().tag("Kyiv")))
}

@Test(arguments: [1, 2, 3])
func batchRunnerKeepsInputOrder(jobs: Int) throws {
    var inputs: [InputDocument] = []
    for i in 0..<25 {
        let text = i % 5 == 0 ? "" : "Document \(i): Governor Vyacheslav Gladkov said \(i) drones hit Belgorod. " + String(repeating: "More text. ", count: i)
        inputs.append(InputDocument(index: i, document: Document(id: "d\(i)", text: text), error: i == 7 ? "d7: broken" : nil))
    }
    let runner = try BatchRunner(resources: TestSupport.resources, jobs: jobs)
    runner.batchDocuments = 4
    var seen: [ProcessedDocument] = []
    runner.run(inputs, render: { r in Array("\(r.input.document.id):\(r.entities?.count ?? -1)\n".utf8) }, sink: { seen.append($0) })
    #expect(seen.map(\.input.index) == Array(0..<25))
    #expect(seen.map(\.input.document.id) == inputs.map(\.document.id))
    #expect(seen[7].error == "d7: broken" && seen[7].entities == nil)
    let tagger = try TestSupport.tagger()
    for r in seen where r.input.index != 7 {
        #expect(r.error == nil)
        #expect(r.entities == (try tagger.tag(r.input.document.text)), "\(r.input.document.id)")
        #expect(String(decoding: r.output, as: UTF8.self) == "\(r.input.document.id):\(r.entities?.count ?? -1)\n")
    }
}

// MARK: - Resources

@Test func missingLexiconDirectoryIsReported() throws {
    let resources = try Resources(directories: ["/nonexistent/gazette-lexicons"])
    #expect(resources.diagnostics.map(\.code) == ["LEX001"])
    #expect(resources.diagnostics.first?.file == "/nonexistent/gazette-lexicons")
    #expect(try Tagger(resources: resources).tag("Kyiv and Belgorod").allSatisfy { $0.kbID == nil || $0.kbID!.hasPrefix("local/") })
}

@Test func badLexiconLineIsReportedAndTheRestLoads() throws {
    let root = try TestSupport.makeTree([
        "extra.tsv": "place/zz-town\tGPE\tcity\tZzyzxtown\t\nplace/bad\tPLACE\t\tBad\t\n",
    ])
    defer { try? FileManager.default.removeItem(at: root) }
    let resources = try Resources(directories: [root.path])
    #expect(resources.diagnostics.map { "\($0.code) \($0.line)" } == ["LEX003 2"])
    #expect(resources.diagnostics.first?.file.hasSuffix("extra.tsv") == true)
    let spans = try TestSupport.spans("They reached Zzyzxtown.", tagger: Tagger(resources: resources))
    #expect(spans.map(\.kbID) == ["place/zz-town"])
}

/// Later directories extend earlier ones: lexicons merge, and a `rules/` folder adds to the word lists.
@Test func laterDirectoriesExtendEarlierOnes() throws {
    let base = try TestSupport.makeTree(Fixture.files)
    let extra = try TestSupport.makeTree([
        "mine.tsv": "place/zz-town\tGPE\tcity\tZzyzxtown\t\nplace/belgorod\tGPE\tcity\tBelgorod\tBilhorod\n",
        "rules/person_titles.txt": "Commissar\n",
    ])
    defer { for d in [base, extra] { try? FileManager.default.removeItem(at: d) } }
    let resources = try Resources(directories: [base.path, extra.path])
    #expect(resources.diagnostics.isEmpty, "\(resources.diagnostics)")
    let spans = try TestSupport.spans("From Zzyzxtown to Bilhorod rode Commissar Bulbenko.", tagger: Tagger(resources: resources))
    #expect(only(spans, "Zzyzxtown").first?.kbID == "place/zz-town", "\(spans)")
    #expect(only(spans, "Bilhorod").first?.kbID == "place/belgorod", "\(spans)")
    // The title from the second directory's word list is context, not part of the name.
    #expect(only(spans, "Bulbenko").first?.label == "PERSON", "\(spans)")
}

@Test func bundledLexiconDirectoryIsFound() throws {
    let dir = try #require(Resources.bundledLexiconDirectory())
    var isDir: ObjCBool = false
    #expect(FileManager.default.fileExists(atPath: (dir as NSString).appendingPathComponent("rules"), isDirectory: &isDir) && isDir.boolValue)
}
