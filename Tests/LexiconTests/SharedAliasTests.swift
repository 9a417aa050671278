import Testing
import GazetteCore
import Tokenization
import Lexicon

// The shared-alias policy (Lexicons/README.md, "Shared aliases"): local cues,
// one choice per alias per document, then the document's places vote, then the prior.

private let world = [
    row("place/georgia", "GPE", "country", "Georgia", "Sakartvelo", "country=GE;prior=6.5"),
    row("place/georgia-us", "GPE", "region", "Georgia", "", "country=US;prior=5"),
    row("place/tbilisi", "GPE", "city", "Tbilisi", "", "country=GE"),
    row("place/batumi", "GPE", "city", "Batumi", "", "country=GE"),
    row("place/atlanta", "GPE", "city", "Atlanta", "", "country=US"),
    row("place/savannah", "GPE", "city", "Savannah", "", "country=US"),
    row("place/augusta", "GPE", "city", "Augusta", "", "country=US"),
    row("place/idaho", "GPE", "region", "Idaho", "", "country=US"),
    row("place/illinois", "GPE", "region", "Illinois", "Ill.", "country=US"),
    row("place/missouri", "GPE", "region", "Missouri", "", "country=US"),
    row("place/ohio", "GPE", "region", "Ohio", "", "country=US"),
    row("place/springfield", "GPE", "city", "Springfield", "", "country=US;region=place/missouri;population=170188"),
    row("place/springfield-il", "GPE", "city", "Springfield", "", "country=US;region=place/illinois;population=114394"),
    row("place/columbus", "GPE", "city", "Columbus", "", "country=US;region=place/ohio;population=905748"),
    row("place/columbus-ga", "GPE", "city", "Columbus", "", "country=US;region=place/georgia-us;population=206922"),
    row("place/ukraine", "GPE", "country", "Ukraine", "", "country=UA"),
    row("place/russia", "GPE", "country", "Russia", "", "country=RU"),
    row("place/donetsk", "GPE", "city", "Donetsk", "", "country=UA;population=901645"),
    row("place/donetsk-ru", "GPE", "city", "Donetsk", "", "country=RU;population=50850"),
    row("place/rostov-on-don", "GPE", "city", "Rostov-on-Don", "", "country=RU"),
    row("place/kamensk-shakhtinsky", "GPE", "city", "Kamensk-Shakhtinsky", "", "country=RU"),
    row("place/shakhty", "GPE", "city", "Shakhty", "", "country=RU"),
    row("place/moscow", "GPE", "city", "Moscow", "", "country=RU;population=10381222"),
    row("place/moscow-us", "GPE", "city", "Moscow", "", "country=US;population=25435"),
    row("org/hamas", "ORG", "armed_group", "Hamas", "", "country=PS"),
    row("place/hamm", "GPE", "city", "Hamm", "Hamas", "country=DE;population=178967"),
    row("place/gaza", "GPE", "city", "Gaza", "", "country=PS"),
    row("place/rafah", "GPE", "city", "Rafah", "", "country=PS"),
]

private let context = [
    "# subtype or kb_id, then cue words",
    "region\tgovernor|state",
    "city\tmayor",
    "country\tpresident|parliament",
    "place/georgia-us\tpeach",
]

@Test(arguments: [
    // No evidence: the highest prior.
    ("Georgia", ["place/georgia"]),
    ("Donetsk", ["place/donetsk"]),
    ("Moscow", ["place/moscow"]),
    // 1a. A cue word within two words, before or after, in the same sentence.
    ("Georgia's governor signed the bill.", ["place/georgia-us"]),
    ("The governor of Georgia signed the bill.", ["place/georgia-us"]),
    ("Georgia's parliament voted.", ["place/georgia"]),
    ("Georgia peach growers", ["place/georgia-us"]),
    ("He is governor. Georgia is far away.", ["place/georgia"]),
    ("Georgia, said the governor", ["place/georgia"]),
    // A cue that every candidate shares decides nothing.
    ("the mayor of Moscow", ["place/moscow"]),
    // 1b. An appositive place: a city then a region or country in its country, or the reverse.
    ("He moved to Atlanta, Georgia.", ["place/atlanta", "place/georgia-us"]),
    ("He moved to Tbilisi, Georgia.", ["place/tbilisi", "place/georgia"]),
    ("Students in Moscow, Idaho", ["place/moscow-us", "place/idaho"]),
    ("Shelling in Donetsk, Ukraine", ["place/donetsk", "place/ukraine"]),
    // Within one country, the region a city's `region` attribute names.
    ("Springfield, Ill. (AP)", ["place/springfield-il", "place/illinois"]),
    ("Springfield, Missouri", ["place/springfield", "place/missouri"]),
    ("Springfield, Ohio", ["place/springfield", "place/ohio"]),
    ("Springfield, Ill., where Springfield voters", ["place/springfield-il", "place/illinois", "place/springfield-il"]),
    // The region is chosen first (after a US city, the state), then it chooses the city.
    ("Columbus, Georgia", ["place/columbus-ga", "place/georgia-us"]),
    ("Columbus, Ohio", ["place/columbus", "place/ohio"]),
    // A list of cities is not an appositive.
    ("Rostov-on-Don, Donetsk and Kharkiv", ["place/rostov-on-don", "place/donetsk"]),
    // 2. One choice per alias per document: the first cued mention decides the others.
    ("Georgia's governor spoke. Later Georgia sued.", ["place/georgia-us", "place/georgia-us"]),
    ("Later Georgia sued. Georgia's governor spoke.", ["place/georgia-us", "place/georgia-us"]),
    // Each alias by its own first cued mention, whatever lies between them.
    ("Georgia's parliament met. Georgia's governor spoke. Georgia sued.", ["place/georgia", "place/georgia-us", "place/georgia"]),
    ("Moscow sued. Georgia's governor spoke. Students in Moscow, Idaho. Georgia and Moscow.",
     ["place/moscow-us", "place/georgia-us", "place/moscow-us", "place/idaho", "place/georgia-us", "place/moscow-us"]),
    // 3. The document's places vote: no place in the default's country, and at least
    //    2 + ⌊prior gap⌋ distinct places in the other's (here 2 + ⌊6.5 − 5⌋ = 3).
    ("Storms hit Georgia. Atlanta, Savannah and Augusta lost power.",
     ["place/georgia-us", "place/atlanta", "place/savannah", "place/augusta"]),
    ("Storms hit Georgia. Atlanta and Savannah lost power.", ["place/georgia", "place/atlanta", "place/savannah"]),
    ("Storms hit Georgia. Atlanta, Atlanta and Atlanta.", ["place/georgia", "place/atlanta", "place/atlanta", "place/atlanta"]),
    ("Georgia. Atlanta, Savannah, Augusta and Batumi.",
     ["place/georgia", "place/atlanta", "place/savannah", "place/augusta", "place/batumi"]),
    // Donetsk (UA, 901,645) against Donetsk (RU, 50,850): a gap of 1.25, so three Russian places.
    ("Donetsk, near Rostov-on-Don and Kamensk-Shakhtinsky",
     ["place/donetsk", "place/rostov-on-don", "place/kamensk-shakhtinsky"]),
    ("Donetsk, near Rostov-on-Don, Kamensk-Shakhtinsky and Shakhty",
     ["place/donetsk-ru", "place/rostov-on-don", "place/kamensk-shakhtinsky", "place/shakhty"]),
    ("Ukraine says Donetsk, Rostov-on-Don, Kamensk-Shakhtinsky and Shakhty",
     ["place/ukraine", "place/donetsk", "place/rostov-on-don", "place/kamensk-shakhtinsky", "place/shakhty"]),
    // Any entity with a country can be voted for, not only places.
    ("Hamas fighters left Gaza for Rafah.", ["org/hamas", "place/gaza", "place/rafah"]),
    ("Hamas", ["place/hamm"]),
])
func sharedAliasPolicy(text: String, expected: [String]) throws {
    let lex = try Built(world, context: context)
    #expect(lex.diagnostics.isEmpty, "\(lex.diagnostics)")
    #expect(try lex.ids(text) == expected)
}

/// Resolution changes the entity, never the span or the count of alternatives.
@Test func resolutionKeepsSpansAndAlternatives() throws {
    let lex = try Built(world, context: context)
    #expect(try lex.matches("Georgia's governor") == [.init(text: "Georgia", kbID: "place/georgia-us", alternatives: 1)])
}

/// Without a context file only appositives, siblings and the vote apply.
@Test func noContextFileStillResolvesByPlaces() throws {
    let lex = try Built(world)
    #expect(try lex.ids("Georgia's governor") == ["place/georgia"])
    #expect(try lex.ids("Atlanta, Georgia") == ["place/atlanta", "place/georgia-us"])
}

/// Only candidates whose alias agrees in case compete.
@Test func onlyCaseAgreeingCandidatesCompete() throws {
    let lex = try Built([
        row("org/it-ministry", "ORG", "government_body", "Ministry of IT", "IT", "country=GE;prior=9"),
        row("place/italy", "GPE", "country", "Italy", "~IT", "country=IT;prior=1"),
        row("place/rome", "GPE", "city", "Rome", "", "country=IT"),
        row("place/milan", "GPE", "city", "Milan", "", "country=IT"),
        row("place/naples", "GPE", "city", "Naples", "", "country=IT"),
        row("place/turin", "GPE", "city", "Turin", "", "country=IT"),
        row("place/genoa", "GPE", "city", "Genoa", "", "country=IT"),
        row("place/bari", "GPE", "city", "Bari", "", "country=IT"),
        row("place/pisa", "GPE", "city", "Pisa", "", "country=IT"),
        row("place/siena", "GPE", "city", "Siena", "", "country=IT"),
        row("place/parma", "GPE", "city", "Parma", "", "country=IT"),
        row("place/lecce", "GPE", "city", "Lecce", "", "country=IT"),
    ])
    let places = " Rome Milan Naples Turin Genoa Bari Pisa Siena Parma Lecce"
    // Ten Italian places outvote a prior gap of 8 for the exact-case "IT"...
    #expect(try lex.ids("IT" + places).first == "place/italy")
    // ... but "It" only agrees with "~IT": Italy is the one candidate whatever the document says.
    #expect(try lex.ids("It" + places).first == "place/italy")
    #expect(try lex.ids("IT").first == "org/it-ministry")
}

// MARK: - context.txt errors

@Test(arguments: [
    ("region", 2),
    ("region\t", 2),
    ("region\tgovernor||state", 2),
    ("region\tgovernor\tstate", 2),
    ("\tgovernor", 2),
    ("region\tstate house", 2),
])
func badContextLineIsLEX009(bad: String, line: Int) throws {
    let lex = try Built(world, context: ["# comment", bad, "city\tmayor"])
    try #require(lex.diagnostics.count == 1, "\(lex.diagnostics)")
    #expect(lex.diagnostics[0].code == "LEX009")
    #expect(lex.diagnostics[0].file == "context.txt")
    #expect(lex.diagnostics[0].line == line)
    // The good line still works.
    #expect(try lex.ids("the mayor of Donetsk") == ["place/donetsk"])
}

/// A key that names no kb_id or subtype is ignored, not an error: a user's
/// context file may speak of entities another lexicon directory provides.
@Test func unknownContextKeyIsIgnored() throws {
    let lex = try Built(world, context: ["place/nowhere\tgovernor", "volcano\tcrater"])
    #expect(lex.diagnostics.isEmpty)
    #expect(try lex.ids("Georgia's governor") == ["place/georgia"])
}
