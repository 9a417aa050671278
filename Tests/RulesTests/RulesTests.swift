import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// A sentence and the entities the design says come out of it, written
/// `"text/LABEL"`. Other entities may come out too; these must.
struct RuleCase: Sendable, CustomTestStringConvertible {
    var sentence: String
    var expected: [String]
    /// Texts that must not come out as an entity (a title glued to a name, "the" glued to an organization).
    var absent: [String]

    init(_ sentence: String, _ expected: [String], absent: [String] = []) {
        self.sentence = sentence
        self.expected = expected
        self.absent = absent
    }

    var testDescription: String { sentence }
}

/// Checks one case against the bundled lexicons and word lists.
func check(_ c: RuleCase, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let spans = try TestSupport.spans(c.sentence)
    let got = spans.map { "\($0.text)/\($0.label)" }
    for e in c.expected {
        #expect(got.contains(e), "expected \(e); got \(spans)", sourceLocation: sourceLocation)
    }
    for a in c.absent {
        #expect(!spans.contains { $0.text == a }, "\(a.debugDescription) should not be an entity; got \(spans)", sourceLocation: sourceLocation)
    }
}

// MARK: - People

@Test(arguments: [
    // A title or role is context, not part of the name.
    RuleCase("Deputy Defense Minister Hanna Maliar said the attack was repelled.", ["Hanna Maliar/PERSON"],
             absent: ["Deputy Defense Minister Hanna Maliar", "Deputy Defense Minister"]),
    RuleCase("Deputy Defense Minister Oksana Petrenko said the attack was repelled.", ["Oksana Petrenko/PERSON"],
             absent: ["Deputy Defense Minister Oksana Petrenko", "Deputy Defense Minister"]),
    RuleCase("Governor Vyacheslav Gladkov visited the site on Tuesday.", ["Vyacheslav Gladkov/PERSON"],
             absent: ["Governor Vyacheslav Gladkov"]),
    RuleCase("On Tuesday Governor Roman Starovoyt visited the site.", ["Roman Starovoyt/PERSON"],
             absent: ["Governor Roman Starovoyt"]),
    RuleCase("Kremlin spokesman Dmitry Peskov declined to comment.", ["Dmitry Peskov/PERSON"]),
    RuleCase("Mr. Gladkov said the shelling had stopped.", ["Gladkov/PERSON"], absent: ["Mr. Gladkov"]),
    // Hyphenated surnames are one name.
    RuleCase("Former commander Igor Strelkov-Girkin criticized the army.", ["Igor Strelkov-Girkin/PERSON"],
             absent: ["Igor Strelkov", "Girkin"]),
    RuleCase("Commander Oleg Ivanov-Petrenko spoke to reporters.", ["Oleg Ivanov-Petrenko/PERSON"],
             absent: ["Oleg Ivanov", "Petrenko"]),
    // A known first name and a capitalized word.
    RuleCase("EU foreign policy chief Josep Borrell said the bloc would help.", ["Josep Borrell/PERSON"]),
    RuleCase("In a note, military analyst Fabrice Pothier called the raid a success.", ["Fabrice Pothier/PERSON"]),
    // Lowercase particles inside a name, one or two, or one hyphenated.
    RuleCase("The novelist Hendrik de Vaal spoke at the fair.", ["Hendrik de Vaal/PERSON"], absent: ["Hendrik"]),
    RuleCase("Analyst Pieter van der Molen said prices would rise.", ["Pieter van der Molen/PERSON"],
             absent: ["Pieter", "Molen"]),
    RuleCase("Officials met Khalid al-Rawahi in Muscat.", ["Khalid al-Rawahi/PERSON"], absent: ["Khalid"]),
    RuleCase("Jean-Marc de la Fosse, a banker, declined to comment.", ["Jean-Marc de la Fosse/PERSON"]),
    // After a particle a place name is part of the person's name.
    RuleCase("Striker Rafael dos Santos scored twice.", ["Rafael dos Santos/PERSON"], absent: ["Santos"]),
    // Particles join name words only; a second one only after a first.
    RuleCase("The ruling gave Ortiz de facto control.", [], absent: ["Ortiz de facto"]),
    RuleCase("Reporter Tom Walsh le Figaro wrote.", ["Tom Walsh/PERSON"], absent: ["Tom Walsh le Figaro"]),
    // "according to" is a verb of saying, not a place word, even before a town's name.
    RuleCase("According to Harper, the plan was dropped in March.", ["Harper/PERSON"]),
    // One word with a capital inside it is a brand: "according to CoinDesk"; a
    // surname prefix is not ("McGurk said", "MacKinnon said").
    RuleCase("Prices fell 4%, according to Veltrix, a data provider.", ["Veltrix/PERSON"]),
    RuleCase("Prices fell 4%, according to CoinTrack, a data provider.", ["CoinTrack/ORG"]),
    RuleCase("DataHarbor said its servers were restored.", ["DataHarbor/ORG"]),
    RuleCase("MacKinnon said the vote was close.", ["MacKinnon/PERSON"]),
    // A plural noun for people is no speaker's name.
    RuleCase("Officers responded to the call within minutes.", [], absent: ["Officers"]),
    RuleCase("Voters in Hendrick Falls backed the plan, Whitney said.", ["Whitney/PERSON"]),
    // Words only a person goes with.
    RuleCase("Harwell herself declined to comment.", ["Harwell/PERSON"]),
    RuleCase("Ostrowe was born in a village near the border.", ["Ostrowe/PERSON"]),
    RuleCase("Friends gathered after Tamsby's funeral.", ["Tamsby/PERSON"]),
    // A first name alone: before a spaced dash, and hyphenated first names whole.
    RuleCase("The crowd stood for Marek -- nobody had expected the win.", ["Marek/PERSON"]),
    RuleCase("Reporters later met Anna-Lena in the lobby.", ["Anna-Lena/PERSON"], absent: ["Lena", "Anna"]),
    // A generational suffix belongs to the name.
    RuleCase("Police arrested Darnell Hayes III on Tuesday. Hayes was released.", ["Darnell Hayes III/PERSON"],
             absent: ["Darnell Hayes"]),
    // Capitalized words with no other evidence are a person when they start like
    // a name or when the last word recurs alone, as a surname does.
    RuleCase("Officials said Zhang Xiaoming would attend.", ["Zhang Xiaoming/PERSON"]),
    RuleCase("The award went to Wrenna Tolliver on Friday. Tolliver thanked her family.", ["Wrenna Tolliver/PERSON"]),
    RuleCase("Savers moved money into Quarry Bonds last year.", [], absent: ["Quarry Bonds"]),
    // A title, then a place name and another name word: a person named like a place.
    RuleCase("AP writer Paris Okafor contributed to this report.", ["Paris Okafor/PERSON"], absent: ["Paris"]),
    // Bylines in capitals; a caption's "FILE" is no organization.
    RuleCase("By MARTA VELL and OSKAR TRENN\n\nThe council met on Monday.", ["MARTA VELL/PERSON", "OSKAR TRENN/PERSON"]),
    RuleCase("FILE - The bridge is seen in 2022.", [], absent: ["FILE"]),
    // A title that opens a person's alias in the lexicon is not part of the entity.
    RuleCase("Pope Francis met pilgrims on Sunday.", ["Francis/PERSON"], absent: ["Pope Francis"]),
    RuleCase("King Charles III opened the session.", ["Charles III/PERSON"], absent: ["King Charles III"]),
    // Initials written without spaces are one token: they start a name and are no acronym.
    RuleCase("The memoir by R.T. Calloway sold well.", ["R.T. Calloway/PERSON"], absent: ["R.T"]),
    RuleCase("Nobody knew what G.D.P. growth was then.", [], absent: ["G.D.P"]),
    // Cyrillic names.
    RuleCase("Губернатор Вячеслав Гладков заявив про обстріл.", ["Вячеслав Гладков/PERSON"]),
])
func people(_ c: RuleCase) throws { try check(c) }

// MARK: - Organizations

@Test(arguments: [
    RuleCase("Fighters of the Russian Volunteer Corps crossed the border.", ["Russian Volunteer Corps/ORG"],
             absent: ["the Russian Volunteer Corps"]),
    RuleCase("The Freedom of Russia Legion continues to advance.", ["Freedom of Russia Legion/ORG"],
             absent: ["The Freedom of Russia Legion"]),
    RuleCase("A spokesman for the Ministry of Defense said the drones were shot down.", ["Ministry of Defense/ORG"],
             absent: ["the Ministry of Defense"]),
    RuleCase("According to the Institute for the Study of War, the raid was planned.", ["Institute for the Study of War/ORG"],
             absent: ["the Institute for the Study of War"]),
    // Unknown organizations, from head words alone.
    RuleCase("Members of the Siberian Liberty Legion said they had crossed.", ["Siberian Liberty Legion/ORG"],
             absent: ["the Siberian Liberty Legion"]),
    RuleCase("Officials at the Ministry of Strategic Industries declined to comment.", ["Ministry of Strategic Industries/ORG"]),
    RuleCase("He holds shares in Dnipro Steel Bank, a lender.", ["Dnipro Steel Bank/ORG"]),
    RuleCase("Last year she joined Calloway Ventures as a partner.", ["Calloway Ventures/ORG"]),
    RuleCase("The posts appeared on Tarvik Forums before they were removed.", ["Tarvik Forums/ORG"]),
    // A name before a word only organizations go with, in lower case.
    RuleCase("The Solvane union rejected the offer.", ["Solvane/ORG"]),
    RuleCase("Brightmoor customers will pay more from May.", ["Brightmoor/ORG"]),
    // Military units.
    RuleCase("The 59th separate motorized infantry brigade held the line.", ["59th separate motorized infantry brigade/ORG"]),
    RuleCase("Soldiers of the 3rd Assault Brigade advanced.", ["3rd Assault Brigade/ORG"]),
    // A legislature named by its own word; not where the word starts a longer name or a title.
    RuleCase("The Senate passed the bill on Thursday.", ["Senate/ORG"]),
    RuleCase("Parliament voted to extend the mandate.", ["Parliament/ORG"]),
    RuleCase("Parliament Speaker Anneli Korvaja opened the session.", ["Anneli Korvaja/PERSON"], absent: ["Parliament"]),
    // "Duma" alone is the Russian parliament, not the Syrian town of the same name.
    RuleCase("The Duma approved the law.", ["Duma/ORG"]),
    // The social network X after "on" or "via"; not an X-ray.
    RuleCase("The minister wrote on X that the talks had failed.", ["X/ORG"]),
    RuleCase("Doctors ordered an X-ray on Monday.", [], absent: ["X"]),
    // Acronyms.
    RuleCase("Officers of the FSB detained him.", ["FSB/ORG"]),
    RuleCase("Analysts at the ISW said the offensive had stalled.", ["ISW/ORG"]),
    // "and" inside a name, but not before an organization the lexicon knows.
    RuleCase("The Department of Health and Human Services issued guidance.", ["Department of Health and Human Services/ORG"]),
    RuleCase("Scientists at the Institute of Coastal Ecology and AstraZeneca ran the trial.",
             ["Institute of Coastal Ecology/ORG", "AstraZeneca/ORG"]),
    // Capitalized words after "of" continue an organization's name, role words too.
    RuleCase("The Harbour Union of Teachers called a strike.", ["Harbour Union of Teachers/ORG"]),
    // A word only organizations are, then a name of two words or more.
    RuleCase("She founded the startup Lumora Health in 2019.", ["Lumora Health/ORG"]),
    RuleCase("The company Chairman Tomas Vell spoke first.", [], absent: ["Chairman Tomas Vell"]),
])
func organizations(_ c: RuleCase) throws { try check(c) }

// MARK: - Places

@Test(arguments: [
    RuleCase("Drones hit Kyiv overnight.", ["Kyiv/GPE"]),
    RuleCase("Fighting continued near Bakhmut on Tuesday.", ["Bakhmut/GPE"]),
    RuleCase("Shelling was reported in Belgorod Oblast on Monday.", ["Belgorod Oblast/GPE"]),
    RuleCase("Fighting continued near the village of Mariinka.", ["Mariinka/GPE"], absent: ["the village of Mariinka"]),
    RuleCase("Residents of Grayvoron were evacuated.", ["Grayvoron/GPE"]),
    RuleCase("Officials in Київ said the drones were downed.", ["Київ/GPE"]),
    // A settlement word and "of" beat a clause that would make the name a person.
    RuleCase("She grew up in the village of Tolvanek, whose school closed.", ["Tolvanek/GPE"]),
    // A possessive place name after a trigger phrase is one place; a lexicon name keeps its own reading.
    RuleCase("Residents were evacuated from Callow's Reach after the flood.", ["Callow's Reach/GPE"], absent: ["Callow"]),
    RuleCase("Troops massed near Russia's border on Monday.", ["Russia/GPE"], absent: ["Russia's border"]),
    // A town the lexicon lacks, before a comma and its state, is a place even where
    // its name is a listed person's surname (Brian Kemp).
    RuleCase("The storm hit Kemp, Texas overnight.", ["Kemp/GPE", "Texas/GPE"]),
    // A second word that is only a small town's name ("Vineyard", California) still joins.
    RuleCase("He owns a house near Callow's Vineyard.", ["Callow's Vineyard/GPE"], absent: ["Callow"]),
    // A saint's name, its possessive and a head word: one facility or organization.
    RuleCase("She was treated at St. Brannoc's Hospital in Leeds.", ["St. Brannoc's Hospital/FAC"], absent: ["St", "Brannoc"]),
    RuleCase("Mourners gathered at St. Corvin's Catholic Church on Monday.", ["St. Corvin's Catholic Church/ORG"],
             absent: ["St", "Corvin", "Catholic Church"]),
    RuleCase("He studied at Saint Elwin University until 2019.", ["Saint Elwin University/ORG"]),
])
func places(_ c: RuleCase) throws { try check(c) }

// MARK: - Works of art

@Test(arguments: [
    // A title-case phrase in quotation marks; the marks and a period inside them stay out.
    RuleCase("The film \"Harbor of Glass\" opened the festival.", ["Harbor of Glass/WORK_OF_ART"]),
    RuleCase("Critics praised “The Long Quiet of Ferns.” It sold well.", ["The Long Quiet of Ferns/WORK_OF_ART"]),
    // One word only after a word for a work.
    RuleCase("She sang the song “Kestrel” twice.", ["Kestrel/WORK_OF_ART"]),
    // Any length, as long as it stays in title case.
    RuleCase("The novel “The Last of the Old Kings and the Sea of Salt in the Winter of Our Fathers” won.",
             ["The Last of the Old Kings and the Sea of Salt in the Winter of Our Fathers/WORK_OF_ART"]),
    RuleCase("He said \"Yes\" and left.", [], absent: ["Yes"]),
    // Quoted speech is not title case; quotes inside a name belong to the name.
    RuleCase("She called it \"a Big Step for Us\" on Monday.", [], absent: ["a Big Step for Us", "Big Step for Us"]),
    RuleCase("Fighters of Legion \"Iron Kestrel\" crossed the border.", [], absent: ["Iron Kestrel"]),
    // Named awards.
    RuleCase("She won the Halvard Prize in May.", ["Halvard Prize/WORK_OF_ART"]),
    RuleCase("He won the Halvard Prize in Poetry last year.", ["Halvard Prize in Poetry/WORK_OF_ART"], absent: ["Poetry"]),
])
func works(_ c: RuleCase) throws { try check(c) }

// MARK: - Languages

@Test(arguments: [
    // A nationality word used as a language: after "in", a verb of speaking or
    // translating, before "spelling" or "-language"; the same word before a noun is a NORP.
    RuleCase("The mayor replied in Polish, then in German.", ["Polish/LANGUAGE", "German/LANGUAGE"]),
    RuleCase("Most residents speak Russian at home.", ["Russian/LANGUAGE"]),
    RuleCase("The Ukrainian spelling of the town is Lyman.", ["Ukrainian/LANGUAGE"]),
    RuleCase("Several English-language outlets ran the story.", ["English/LANGUAGE"]),
    RuleCase("The play was staged in Ukrainian theatres.", ["Ukrainian/NORP"]),
    RuleCase("The memoir was translated from Swahili in 2021.", ["Swahili/LANGUAGE"]),
])
func languages(_ c: RuleCase) throws { try check(c) }

// MARK: - Laws and treaties

@Test(arguments: [
    // Capitalized words ending in the head word of a law; a place before it belongs to the name.
    RuleCase("The council invoked the Coastal Roads Act on Monday.", ["Coastal Roads Act/LAW"]),
    RuleCase("Delegates signed the Dakar Amendment in 2019.", ["Dakar Amendment/LAW"], absent: ["Dakar"]),
    RuleCase("The Treaty of Ostrava ended the dispute.", ["Treaty of Ostrava/LAW"]),
    // A surname is no head word.
    RuleCase("The actor Jude Law spoke to reporters.", ["Jude Law/PERSON"]),
    // Court cases: parties joined by "v." or "vs".
    RuleCase("The ruling cited Harlow v. Brennick from 1987.", ["Harlow v. Brennick/LAW"], absent: ["Harlow"]),
    RuleCase("In Dunmore vs Board of Regents the court sided with the school.", ["Dunmore vs Board of Regents/LAW"]),
])
func laws(_ c: RuleCase) throws { try check(c) }

// MARK: - Events

@Test(arguments: [
    // Capitalized words ending in the head word of an event, an ordinal first if any.
    RuleCase("Ministers met at the Tallinn Digital Summit on Friday.", ["Tallinn Digital Summit/EVENT"], absent: ["Tallinn"]),
    RuleCase("The film won at the 41st Halvard Film Festival.", ["41st Halvard Film Festival/EVENT"]),
    RuleCase("The Siege of Ostrava lasted a month.", ["Siege of Ostrava/EVENT"]),
    // Named storms: the name after the storm word is no person or place.
    RuleCase("Forecasters said on Monday that Hurricane Marisol would strengthen.", ["Hurricane Marisol/EVENT"], absent: ["Marisol"]),
    RuleCase("Officials said that Tropical Storm Alvaro had weakened.", ["Tropical Storm Alvaro/EVENT"]),
])
func events(_ c: RuleCase) throws { try check(c) }

// MARK: - Dates and times

@Test(arguments: [
    RuleCase("The attack happened on May 23, 2023, near the border.", ["May 23, 2023/DATE"], absent: ["23", "2023"]),
    RuleCase("It was published on 23 May 2023.", ["23 May 2023/DATE"], absent: ["23"]),
    RuleCase("The report is dated 2023-05-23.", ["2023-05-23/DATE"]),
    RuleCase("The attack happened on Monday, officials said.", ["Monday/DATE"]),
    // "May" alone is the month only after a word that takes a time.
    RuleCase("The vote is due in May, officials said.", ["May/DATE"]),
    RuleCase("Critics of May were loud.", [], absent: ["May"]),
    // Months joined by a hyphen are one span.
    RuleCase("Output shrank in the January-March quarter.", ["January-March/DATE"], absent: ["January", "March"]),
    RuleCase("In May-June the index fell.", ["May-June/DATE"]),
    RuleCase("On Monday, May 22, the raid began.", ["Monday, May 22/DATE"]),
    RuleCase("The war began in February 2022.", ["February 2022/DATE"]),
    RuleCase("Day 454 of the invasion began quietly.", ["Day 454 of the invasion/DATE"]),
    RuleCase("The talks failed in 2023.", ["2023/DATE"]),
    // Dotted dates: day and month of one or two digits, a four-digit year, and nothing else.
    RuleCase("The decree of 1.2.2023 still applies.", ["1.2.2023/DATE"]),
    RuleCase("Build 123.05.2023 and version 2.1.2023.4 shipped, then 1.05.20.",
             ["123.05.2023/CARDINAL", "2.1.2023.4/CARDINAL", "1.05.20/CARDINAL"]),
    RuleCase("Sirens sounded at 10:30 a.m. in the capital.", ["10:30 a.m./TIME"]),
    // "may" the verb is not a month.
    RuleCase("Officials may meet again.", [], absent: ["may"]),
])
func datesAndTimes(_ c: RuleCase) throws { try check(c) }

// MARK: - Numbers

@Test(arguments: [
    RuleCase("Ukraine received $1.5 billion in aid.", ["$1.5 billion/MONEY"], absent: ["1.5"]),
    RuleCase("The EU pledged €50 billion to Kyiv.", ["€50 billion/MONEY"]),
    RuleCase("The fund holds 20 million hryvnias.", ["20 million hryvnias/MONEY"]),
    RuleCase("Prices rose 15% last year.", ["15%/PERCENT"]),
    RuleCase("Support fell to 40 percent.", ["40 percent/PERCENT"]),
    RuleCase("The convoy moved 8 kilometers into the region.", ["8 kilometers/QUANTITY"], absent: ["8"]),
    RuleCase("They opened a 22-kilometer bridge and a 1.2-gigawatt wind farm.", ["22-kilometer/QUANTITY", "1.2-gigawatt/QUANTITY"]),
    RuleCase("He finished 4.2 seconds ahead of the field.", ["4.2 seconds/TIME"], absent: ["4.2"]),
    RuleCase("It was the first attack of its kind.", ["first/ORDINAL"]),
    RuleCase("He finished 23rd in the race.", ["23rd/ORDINAL"]),
    RuleCase("He said 12 soldiers were killed.", ["12/CARDINAL"]),
    RuleCase("Officials counted 1,200 drones.", ["1,200/CARDINAL"]),
    RuleCase("Three of the drones were downed and 10 more got through.", ["Three/CARDINAL", "10/CARDINAL"]),
    // A range takes the unit of its second number; without a unit the numbers stay apart.
    RuleCase("Troops advanced 2 to 4 kilometers overnight.", ["2 to 4 kilometers/QUANTITY"], absent: ["2", "4 kilometers"]),
    RuleCase("Prices rose 10-15% in a year.", ["10-15%/PERCENT"]),
    RuleCase("The count rose from 12 to 40 by noon.", ["12/CARDINAL", "40/CARDINAL"]),
    // Two digit runs joined by a hyphen alone are one number: a score, a vote.
    RuleCase("Harbor City won 3-0 after a 2-1 defeat.", ["3-0/CARDINAL", "2-1/CARDINAL"], absent: ["3", "1"]),
    RuleCase("The bill passed 52-48 on Tuesday.", ["52-48/CARDINAL"]),
    RuleCase("Call 555-0199-12 for details.", [], absent: ["555-0199", "0199-12"]),
    // "one" as a pronoun is no number; "one of" and "that one system" are.
    RuleCase("The old bridge was replaced by a new one in May.", [], absent: ["one"]),
    RuleCase("Officials said that one system was hit and one of the pilots survived.", ["one/CARDINAL"]),
])
func numbers(_ c: RuleCase) throws { try check(c) }

// MARK: - Web patterns

@Test(arguments: [
    RuleCase("Read more at https://www.example.com/news/article.", ["https://www.example.com/news/article/URL"]),
    RuleCase("Details (see www.unian.info) follow.", ["www.unian.info/URL"]),
    RuleCase("Sources: http://t.me/rybar, and more.", ["http://t.me/rybar/URL"]),
    RuleCase("Follow @UNIAN_news for updates.", ["@UNIAN_news/HANDLE"]),
    RuleCase("Posts tagged #StandWithUkraine spread.", ["#StandWithUkraine/HASHTAG"]),
    RuleCase("Write to editor@example.com today.", ["editor@example.com/EMAIL"], absent: ["@example"]),
    RuleCase("He came #1 in the poll.", [], absent: ["#1"]),
])
func webPatterns(_ c: RuleCase) throws { try check(c) }

// MARK: - Equipment codes

@Test(arguments: [
    RuleCase("The column included a BTR-82A and two tanks.", ["BTR-82A/PRODUCT"], absent: ["82A", "BTR"]),
    RuleCase("Two MiG-29 jets were lost.", ["MiG-29/PRODUCT"], absent: ["29"]),
    RuleCase("Kyiv wants F-16 fighters.", ["F-16/PRODUCT"], absent: ["16"]),
    RuleCase("A T-72B3 tank was destroyed.", ["T-72B3/PRODUCT"]),
    RuleCase("An Su-34 bomber crashed.", ["Su-34/PRODUCT"]),
    RuleCase("The S-400 battery was hit.", ["S-400/PRODUCT"]),
])
func equipment(_ c: RuleCase) throws { try check(c) }

@Test(arguments: [
    // A product line the lexicon knows takes its model number and model words.
    RuleCase("She bought an iPhone 16 Pro on Friday.", ["iPhone 16 Pro/PRODUCT"], absent: ["16"]),
    RuleCase("Regulators grounded the Boeing 737 Max 9 jets.", ["Boeing 737 Max 9/PRODUCT"], absent: ["737", "Max"]),
    // "Windows" is the operating system only with a version.
    RuleCase("Support for Windows 10 ends next year.", ["Windows 10/PRODUCT"]),
    RuleCase("Windows were broken in the storm.", [], absent: ["Windows"]),
])
func products(_ c: RuleCase) throws { try check(c) }

// MARK: - Recognizers on their own

/// A rule context over `text` with no lexicon and no word lists: only what a
/// recognizer finds from characters and shapes.
private func bareCandidates(_ recognizer: some Recognizer, _ text: String) throws -> [String] {
    let tokenizer = try Tokenizer()
    let t = try tokenizer.tokenize(text)
    let words = try WordLists(directories: [], tokenizer: tokenizer)
    let context = RuleContext(text: t, lexicon: Lexicon(), words: words, hits: [], matches: [])
    var out: [Entity] = []
    recognizer.recognize(context, into: &out)
    let bytes = Array(text.utf8)
    return out.map { "\(String(decoding: bytes[$0.start..<$0.end], as: UTF8.self))/\($0.label.name)" }
}

@Test(arguments: [
    ("https://example.com/a_(b). Next", ["https://example.com/a_(b)/URL"]),
    ("(https://example.com/a) next", ["https://example.com/a/URL"]),
    ("“see https://example.com/x”", ["https://example.com/x/URL"]),
    ("HTTPS://EXAMPLE.COM/X", ["HTTPS://EXAMPLE.COM/X/URL"]),
    ("www.x", []),
    ("@handle, #tag2023 and #2023", ["@handle/HANDLE", "#tag2023/HASHTAG"]),
    ("a@b.co is mail, x@y is not, @ alone", ["a@b.co/EMAIL"]),
    ("mail first.last+news@mail.example.org.", ["first.last+news@mail.example.org/EMAIL"]),
    ("#Україна and @Зеленський", ["#Україна/HASHTAG", "@Зеленський/HANDLE"]),
    ("@handle’s post", ["@handle/HANDLE"]),
    ("foo#bar and foo@bar", []),
    // A URL starts at the text's start or after white space or an opening mark, in either case.
    ("http://a.example/x", ["http://a.example/x/URL"]),
    ("HtTpS://a.example/x and WwW.b.example", ["HtTpS://a.example/x/URL", "WwW.b.example/URL"]),
    ("xhttp://a.example/x, wwww.b.example, 1.www.c.example", []),
    // Mail, then a URL, then a handle: each found once, in order.
    ("ab@c.example https://d.example/@e #f", ["ab@c.example/EMAIL", "https://d.example/@e/URL", "#f/HASHTAG"]),
    // Separators are matched exactly: a control character is no ':'.
    ("http\u{1A}//a.example/x", []),
])
func patternRecognizer(text: String, expected: [String]) throws {
    #expect(try bareCandidates(PatternRecognizer(), text) == expected)
}

@Test(arguments: [
    ("BTR-82A MiG-29 F-16", ["BTR-82A/PRODUCT", "MiG-29/PRODUCT", "F-16/PRODUCT"]),
    ("T-72B3 and Kh-101-M", ["T-72B3/PRODUCT", "Kh-101-M/PRODUCT"]),
    ("Shahed-136 drones", ["Shahed-136/PRODUCT"]),
    // Five capitals or more is a name with a number, not a designation.
    ("COVID-19 spread", []),
    // Parts must touch.
    ("F - 16 and F -16 and F- 16", []),
    ("brigade-3 and 16-F", []),
])
func codeRecognizer(text: String, expected: [String]) throws {
    #expect(try bareCandidates(CodeRecognizer(), text) == expected)
}

/// Regression (fixed; this was the bug): the pattern scanner only treats ASCII white space and brackets as
/// a boundary before a URL, handle or hashtag, and lets a handle or hashtag run
/// on over any non-ASCII byte except U+20xx punctuation. News in Ukrainian and
/// Russian puts «guillemets», “curly quotes” and no-break spaces around them.
@Test(arguments: [
    ("«#Україна» won", ["#Україна/HASHTAG"]),
    ("@Зеленський\u{00A0}said", ["@Зеленський/HANDLE"]),
    ("“https://example.com/x” he wrote", ["https://example.com/x/URL"]),
    ("«https://e.com/y»", ["https://e.com/y/URL"]),
    ("see\u{00A0}https://e.com/z now", ["https://e.com/z/URL"]),
])
func patternsNextToNonASCIIPunctuation(text: String, expected: [String]) throws {
    let got = try bareCandidates(PatternRecognizer(), text)
    #expect(got == expected)
}

// MARK: - Context around names the lexicons do not know

@Test(arguments: [
    // A relative clause or an age between commas marks a person.
    RuleCase("Halvorsen, who chairs the fisheries board, disagreed.", ["Halvorsen/PERSON"]),
    RuleCase("Mirela Dobrescu, whose family farms near the river, stayed.", ["Mirela Dobrescu/PERSON"]),
    RuleCase("Two years later, Okafor, now 31, returned to court.", ["Okafor/PERSON"]),
    // A title before the name stays context, not part of the name.
    RuleCase("General Oleksandr Tarnavskyi, who leads the operation, spoke.", ["Oleksandr Tarnavskyi/PERSON"],
             absent: ["General Oleksandr Tarnavskyi"]),
    // "which" is for organizations and things.
    RuleCase("Vantoria, which makes turbines, cut jobs.", [], absent: ["Vantoria"]),
    // A first name alone inside a sentence, but not after a determiner.
    RuleCase("The award went to his wife, Alice, on Friday.", ["Alice/PERSON"]),
    RuleCase("The minister said the Bill would pass.", [], absent: ["Bill"]),
    RuleCase("It was the first Oscar for the studio.", [], absent: ["Oscar"]),
    // Organizations from the company they keep.
    RuleCase("Outages hit Spotify, Vintello and Uber on Monday.", ["Vintello/ORG"]),
    RuleCase("A Brevanto spokeswoman declined to comment.", ["Brevanto/ORG"]),
    RuleCase("Zelensky spokesman Serhiy Nykyforov said so.", ["Zelensky/PERSON"]),
])
func context(_ c: RuleCase) throws { try check(c) }

// MARK: - Words of approximation, date parts and scales belong to the amount (OntoNotes)

@Test(arguments: [
    RuleCase("The fund lost about $5 billion last year.", ["about $5 billion/MONEY"]),
    RuleCase("More than 70 people were evacuated, up to 12 hours later.", ["More than 70/CARDINAL", "up to 12 hours/TIME"]),
    RuleCase("Officials counted more than 70 drones.", ["more than 70/CARDINAL"]),
    RuleCase("Turnout rose by nearly 5 percent.", ["nearly 5 percent/PERCENT"]),
    RuleCase("The column was at least five years in the making.", ["at least five years/DATE"]),
    RuleCase("Some 60,000 tonnes of grain left the port.", ["Some 60,000 tonnes/QUANTITY"]),
    RuleCase("She finished first in the final.", ["first/ORDINAL"]),
    // Before a period "over" is a preposition; before an amount, more than it.
    RuleCase("The fund pays €50 billion over four years.", ["€50 billion/MONEY", "four years/DATE"], absent: ["over four years"]),
    RuleCase("Over 200 people attended.", ["Over 200/CARDINAL"]),
    // A part of a date before "of" belongs to it.
    RuleCase("Profit rose in the third quarter of 2024.", ["the third quarter of 2024/DATE"], absent: ["2024"]),
    RuleCase("The plant opens at the end of 2025.", ["the end of 2025/DATE"], absent: ["2025"]),
    RuleCase("Prices peaked in early 2022 and fell by the mid-2000s level.", ["early 2022/DATE", "the mid-2000s/DATE"]),
    RuleCase("The 2022-23 season ended in May.", ["2022-23/DATE"], absent: ["23"]),
    RuleCase("The flight took two and a half hours.", ["two and a half hours/TIME"], absent: ["two"]),
    RuleCase("The fiscal year 2025 budget passed, after losses in fiscal 2024.", ["fiscal year 2025/DATE", "fiscal 2024/DATE"]),
    // A number before a hyphen and a lowercase word is a count, not a code; a fraction is one number.
    RuleCase("The 5,000-strong force left a 50-page report.", ["5,000/CARDINAL", "50/CARDINAL"]),
    RuleCase("About two-thirds backed a two-party coalition.", ["About two-thirds/CARDINAL", "two/CARDINAL"]),
    // Units written onto the number, and a minus sign or word.
    RuleCase("Temperatures hit -5C, or 23F, and minus 20 degrees at night.", ["-5C/QUANTITY", "23F/QUANTITY", "minus 20 degrees/QUANTITY"]),
    RuleCase("He lost 9kg on a 120km trek; it costs 30c.", ["9kg/QUANTITY", "120km/QUANTITY"], absent: ["30c"]),
    // Spans of days, wire-copy clock times, hyphenated hours.
    RuleCase("The summit is set for Sept. 9-10 in Vilnius.", ["Sept. 9-10/DATE"], absent: ["10"]),
    RuleCase("The truce began at 7 a.m. (0500 GMT) after a 24-hour strike.", ["7 a.m./TIME", "0500 GMT/TIME", "24-hour/TIME"]),
    // The scale written onto the number, after a currency.
    RuleCase("The plan would cost £2.5bn, or $40m a year.", ["£2.5bn/MONEY", "$40m/MONEY"]),
])
func approximators(_ c: RuleCase) throws { try check(c) }
