import Gazette
import GazetteTestSupport
import Testing

private func spans(_ text: String) throws -> [TaggedSpan] { try TestSupport.spans(text) }

/// General-news constructions beyond the war coverage Gazette started from:
/// US party labels, organizations joined by "and", and the bundled landmarks,
/// indexes and outlets, through the whole pipeline with the bundled lexicons.
struct GeneralNewsTests {
    @Test("a party label's state is the state, and the label starts no person", arguments: [
        ("Sen. Orvin Tallis, D-Calif., voted against the bill on Monday.", "Calif.", "place/california"),
        ("Rep. Orvin Tallis, R-Fla., said he would not run again.", "Fla.", "place/florida"),
        ("A judge in Raleigh, N.C., ruled on Friday that the map stands.", "N.C.", "place/north-carolina"),
    ])
    func partyLabel(text: String, state: String, kbID: String) throws {
        let s = try spans(text)
        #expect(s.contains { ($0.text, $0.label, $0.kbID) == (state, "GPE", kbID) }, "\(s)")
        #expect(!s.contains { $0.label == "PERSON" && $0.text.contains("-") }, "\(s)")
    }

    @Test("a state abbreviation the lexicon leaves out starts no person either")
    func unlistedPartyLabel() throws {
        let s = try spans("Sen. Orvin Tallis, D-Mass., voted against the bill. A D-Mass vote followed.")
        #expect(!s.contains { $0.text.contains("Mass") }, "\(s)")
    }

    @Test("two known organizations joined by 'and' stay two", arguments: [
        ("Shares of Barclays and Lloyds Banking Group fell on Monday.", ["Barclays", "Lloyds Banking Group"]),
        ("Researchers at Harvard University and Yale University agreed.", ["Harvard University", "Yale University"]),
    ])
    func organizationsJoinedByAnd(text: String, names: [String]) throws {
        let s = try spans(text)
        #expect(s.filter { $0.label == "ORG" }.map(\.text) == names, "\(s)")
    }

    @Test("a plural head word opens an organization's name", arguments: [
        "Officials at the Centres for Climate Studies said the ice melted.",
        "The Centers for Medicare and Medicaid Services agreed on Monday.",
    ])
    func pluralHeadWord(text: String) throws {
        let s = try spans(text)
        #expect(s.contains { $0.label == "ORG" && $0.text.hasPrefix("Cent") && $0.text.split(separator: " ").count >= 4 }, "\(s)")
    }

    @Test("an unknown name joined by 'and' before a head word stays one organization")
    func oneOrganizationWithAnd() throws {
        let s = try spans("The Kestrel and Partridge Company said profits rose.")
        #expect(s.contains { $0.text == "Kestrel and Partridge Company" && $0.label == "ORG" }, "\(s)")
    }

    @Test("landmarks, indexes, outlets and services of general news", arguments: [
        ("Flights from Heathrow were cancelled on Sunday.", "Heathrow", "FAC"),
        ("She will play Madison Square Garden in February.", "Madison Square Garden", "FAC"),
        ("The S&P 500 fell 1.2% on Thursday.", "S&P 500", "ORG"),
        ("In Asia, the Hang Seng slid 1.4% in early trade.", "Hang Seng", "ORG"),
        ("The singer told Rolling Stone that the record was done.", "Rolling Stone", "ORG"),
        ("The series premieres on HBO Max next month.", "HBO Max", "ORG"),
        ("Brent crude rose 82 cents to $84.15 a barrel.", "Brent crude", "PRODUCT"),
        ("The Treasury said on Monday that borrowing rose.", "Treasury", "ORG"),
        ("Scottish Labour leader Orla Quinn spoke in Glasgow.", "Scottish Labour", "ORG"),
        ("Gavi pledged $500 million for vaccines on Monday.", "Gavi", "ORG"),
        ("Barcelona, coached by Orla Quinn, won 4-0 on Sunday.", "Barcelona", "ORG"),
        ("She bought an F1 ticket for the Monaco race.", "F1", "ORG"),
        ("He won the Giro in May and retired in September.", "Giro", "EVENT"),
    ])
    func generalNewsNames(text: String, name: String, label: String) throws {
        let s = try spans(text)
        #expect(s.contains { $0.text == name && $0.label == label && $0.kbID != nil }, "\(s)")
    }
}

/// Rules for general news: journals, titles after a word for a work, epithets,
/// names paired with a person, and "&" inside an organization's name.
struct GeneralNewsRuleTests {
    @Test("a journal after 'the journal' or 'published in'", arguments: [
        ("Writing in the journal Quarry Letters, the team said so.", "Quarry Letters"),
        ("A study published in Science found that sleep matters.", "Science"),
        ("Researchers reported in Nature that the ice sheet thinned.", "Nature"),
    ])
    func journal(text: String, name: String) throws {
        let s = try spans(text)
        #expect(s.contains { ($0.text, $0.label) == (name, "ORG") }, "\(s)")
    }

    @Test("the words alone are no journal", arguments: [
        "Science is hard to fund, officials said on Monday.",
        "He wrote in his journal Monday that he was tired.",
    ])
    func noJournal(text: String) throws {
        let s = try spans(text)
        #expect(!s.contains { $0.label == "ORG" }, "\(s)")
    }

    @Test("quotes after a word for a work are a title, whatever their words name elsewhere", arguments: [
        ("The sci-fi drama \"Glass Harbor\" topped the box office.", "Glass Harbor"),
        ("The film \"Casablanca\" returns to theaters.", "Casablanca"),
    ])
    func titleAfterWorkWord(text: String, title: String) throws {
        let s = try spans(text)
        #expect(s.contains { ($0.text, $0.label) == (title, "WORK_OF_ART") } && s.count == 1, "\(s)")
    }

    @Test("an epithet belongs to the name", arguments: [
        ("Two paintings by Hans Maltby the Elder are on display.", "Hans Maltby the Elder"),
        ("He compared himself to Peter the Great on Thursday.", "Peter the Great"),
    ])
    func epithet(text: String, name: String) throws {
        let s = try spans(text)
        #expect(s.contains { ($0.text, $0.label) == (name, "PERSON") }, "\(s)")
    }

    @Test("an unknown name paired with a first name and surname is a person")
    func pairedName() throws {
        let s = try spans("The film stars Rafe Delacroix and Ines Albarran, who met in 2019.")
        #expect(s.contains { ($0.text, $0.label) == ("Rafe Delacroix", "PERSON") } && s.contains { ($0.text, $0.label) == ("Ines Albarran", "PERSON") }, "\(s)")
        let o = try spans("Shares of Harlow Dynamics and Morgan Stanley rose.")
        #expect(!o.contains { $0.label == "PERSON" }, "\(o)")
    }

    @Test("general-news names found by rules", arguments: [
        ("Lawmakers passed Assembly Bill 1482 on Monday.", "Assembly Bill 1482", "LAW"),
        ("House Bill 2 and Senate Bill 4 both failed.", "Senate Bill 4", "LAW"),
        ("Voters approved Proposition 314 in November.", "Proposition 314", "LAW"),
        ("The Marshall Plan rebuilt much of western Europe.", "Marshall Plan", "LAW"),
        ("Critics invoked the Truman Doctrine on Monday.", "Truman Doctrine", "LAW"),
        ("Congress repealed the Jackson-Vanik Amendment in 2012.", "Jackson-Vanik Amendment", "LAW"),
        ("The Harris County Sheriff's Office identified the driver.", "Harris County Sheriff's Office", "ORG"),
        ("A crash closed Interstate 95 near the state line.", "Interstate 95", "FAC"),
        ("Traffic backed up on I-95 for miles.", "I-95", "FAC"),
        ("Metro Transit said service had resumed.", "Metro Transit", "ORG"),
        ("The carrier HMS Prince of Wales sailed from Portsmouth.", "HMS Prince of Wales", "PRODUCT"),
        ("The USS Harry S. Truman entered the Red Sea.", "USS Harry S. Truman", "PRODUCT"),
        ("BRANTLEY FALLS, Ohio (AP) — A fire destroyed a barn on Monday.", "BRANTLEY FALLS", "GPE"),
        ("Residents of Little Fenwick, Vermont, were told to leave.", "Little Fenwick", "GPE"),
        ("The firm hired Kirkland & Ellis to advise it.", "Kirkland & Ellis", "ORG"),
        ("Analysts at Counterpoint Research said demand fell.", "Counterpoint Research", "ORG"),
        ("The Texas Legislature passed the bill.", "Texas Legislature", "ORG"),
        ("Max Verstappen won the Australian Grand Prix on Sunday.", "Australian Grand Prix", "EVENT"),
        ("EPA Administrator Orla Quinn said the rule would change.", "Orla Quinn", "PERSON"),
        ("Assistant District Attorney Orla Quinn filed charges.", "Orla Quinn", "PERSON"),
    ])
    func ruleNames(text: String, name: String, label: String) throws {
        let s = try spans(text)
        #expect(s.contains { ($0.text, $0.label) == (name, label) }, "\(s)")
        #expect(label != "PERSON" || s.filter { $0.label != "ORG" }.count == 1, "\(s)")
    }

    @Test("a possessive place after the comma describes the words before it")
    func possessiveAppositive() throws {
        let s = try spans("It fuelled high-rises like the visionary Tallowspire, Bangkok's tallest building.")
        #expect(!s.contains { $0.text == "Tallowspire" && $0.label == "GPE" }, "\(s)")
    }

    @Test("an organization's name ends before its address", arguments: [
        ("Officials at the Riverside Club on Main Street declined to comment.", "Riverside Club", "Main Street"),
        ("The gala was held at the Museum of Fine Arts on Huntington Avenue.", "Museum of Fine Arts", "Huntington Avenue"),
        ("The dinner moved to the Harvard Club on West 44th Street.", "Harvard Club", nil),
        ("The Senate Committee on Armed Services met on Tuesday.", "Senate Committee on Armed Services", nil),
        ("Graduates of Stanford University founded the startup.", "Stanford University", nil),
        ("Employees of Halvorsen Freight Services walked out.", "Halvorsen Freight Services", nil),
    ])
    func organizationBeforeAddress(text: String, org: String, address: String?) throws {
        let s = try spans(text)
        #expect(s.filter { $0.label == "ORG" }.map(\.text) == [org], "\(s)")
        if let address { #expect(s.contains { ($0.text, $0.label) == (address, "FAC") }, "\(s)") }
    }

    @Test("'&' joins the words of one organization's name")
    func ampersand() throws {
        let s = try spans("Officials at the London School of Hygiene & Tropical Medicine declined to comment.")
        #expect(s.contains { ($0.text, $0.label) == ("London School of Hygiene & Tropical Medicine", "ORG") }, "\(s)")
    }
}

/// War reporting quotes the names of units and parties: those stay organizations.
@Test("a quoted organization name is no title", arguments: [
    "Members of the \"Kuban Cossack Brigade\" refused to fight.",
    "The \"Patriot Liberation Party\" won seats on Sunday.",
])
func quotedOrganization(text: String) throws {
    let s = try spans(text)
    #expect(s.contains { $0.label == "ORG" } && !s.contains { $0.label == "WORK_OF_ART" }, "\(s)")
}

/// given_names.txt: the long tail of given names starts a name, never stands alone.
@Test("a given name from the long tail starts a name but is no person alone")
func givenNames() throws {
    let words = try TestSupport.tagger().resources.words
    #expect(words.entries[.givenNames]?.contains("Jayson") == true)
    #expect(words.entries[.firstNames]?.contains("Jayson") != true)
    let named = try spans("The Celtics won as Jayson Marlowe had 32 points on Friday.")
    #expect(named.contains { ($0.text, $0.label) == ("Jayson Marlowe", "PERSON") }, "\(named)")
    let alone = try spans("The crowd sang along to Jayson on Friday night.")
    #expect(!alone.contains { $0.text == "Jayson" }, "\(alone)")
}

@Test("an ordinal word that opens a title counts nothing", arguments: [
    "First Minister Orla Quinn said the vote would go ahead.",
    "First Lady Orla Quinn visited the school on Monday.",
])
func ordinalOpeningATitle(text: String) throws {
    let s = try spans(text)
    #expect(!s.contains { $0.label == "ORDINAL" } && s.contains { $0.label == "PERSON" }, "\(s)")
}

@Test("a name that is also a first name or a word is a place before its own region", arguments: [
    ("The cuts mostly affect the Warren, Michigan, technical center.", "Warren", "GPE"),
    ("The cuts affect its Flint, Michigan, plant.", "Flint", "GPE"),
    ("In March, Ukraine said the talks would resume.", "March", "DATE"),
    ("In Asia, Japan's Nikkei 225 fell 0.9%.", "Asia", "LOC"),
])
func appositivePlace(text: String, word: String, label: String) throws {
    let s = try spans(text)
    #expect(s.contains { ($0.text, $0.label) == (word, label) }, "\(s)")
}

/// People of culture and sport are known by their surname or one name; a
/// compass word stays no person ("the West" of politics).
@Test("figures of culture and sport, alone, are people; the West is none", arguments: [
    ("Messi scored twice on Sunday.", "Messi", true),
    ("The show includes works by Picasso and Rembrandt.", "Rembrandt", true),
    ("Beyoncé performed in Houston on Sunday.", "Beyoncé", true),
    ("Sanctions imposed by the West hurt Russia, officials said.", "West", false),
])
func cultureFigures(text: String, word: String, person: Bool) throws {
    let s = try spans(text)
    #expect(s.contains { ($0.text, $0.label) == (word, "PERSON") } == person, "\(s)")
}

@Test("a company's first word alone is the company where it is plainly an entity")
func companyShortName() throws {
    let s = try spans("Pinemoor Logistics said profits fell. Pinemoor said it expects a loss. Pinemoor's chief executive resigned.")
    let orgs = s.filter { $0.label == "ORG" }
    #expect(orgs.count == 3 && Set(orgs.map(\.kbID)).count == 1 && orgs[0].kbID != nil, "\(s)")
    // A person of the document named like the company keeps the word.
    let p = try spans("Halvorsen Logistics is a freight firm. Halvorsen's founder, Dag Halvorsen, declined to comment.")
    #expect(!p.contains { $0.text == "Halvorsen" && $0.label == "ORG" }, "\(p)")
    // Not a word of government: "Defense officials".
    let d = try spans("The Defense Ministry said so. Defense officials agreed.")
    #expect(!d.contains { $0.text == "Defense" }, "\(d)")
}

@Test("second probe round: articles, boards, quarters, storms, church groups, famous small cities", arguments: [
    ("A Yeti Airlines plane crashed on Monday.", "Yeti Airlines", "ORG"),
    ("The College Board said scores fell.", "College Board", "ORG"),
    ("Third-quarter revenue rose 4%.", "Third-quarter", "DATE"),
    ("Typhoon Kalinaw hit Luzon on Monday. Forecasters expect Kalinaw to weaken.", "Kalinaw", "EVENT"),
    ("Tarnwick Foods cut jobs. Shares of Tarnwick fell 4%.", "Tarnwick", "ORG"),
    ("Anglican and Methodist leaders met on Sunday.", "Methodist", "NORP"),
    ("Crowds filled Times Square on New Year's Eve.", "Times Square", "FAC"),
    ("Tourists crowded Venice on Sunday.", "Venice", "GPE"),
    ("Models walked at Paris Fashion Week on Monday.", "Paris Fashion Week", "EVENT"),
    ("LONDON (Reuters) - A Yeti Airlines plane was diverted on Monday.", "Yeti Airlines", "ORG"),
    // Organizations named by common words, before a verb of saying.
    ("Network Rail said the line would reopen on Monday.", "Network Rail", "ORG"),
    ("Coldplay announced a new tour on Tuesday.", "Coldplay", "ORG"),
])
func secondProbeRound(text: String, name: String, label: String) throws {
    let s = try spans(text)
    #expect(s.contains { ($0.text, $0.label) == (name, label) }, "\(s)")
    #expect(!s.contains { $0.label == "PERSON" }, "\(s)")
}

/// place_first_names.txt: a given name that is also a place starts a person
/// only before one lone capitalized word that names nothing else.
@Test("a place that is also a given name starts a person, and a city after a first name is a surname", arguments: [
    ("Jordan Tavelle said the book would be out in March.", "Jordan Tavelle", "PERSON"),
    ("Austin Merriweg scored 28 points on Friday.", "Austin Merriweg", "PERSON"),
    ("The forward, Sydney Oakhart, signed a new deal.", "Sydney Oakhart", "PERSON"),
    ("Seeded fourth, Taylor Brennick reached the final.", "Taylor Brennick", "PERSON"),
    ("Flights to Jordan resumed on Monday.", "Jordan", "GPE"),
    ("Georgia Gov. Orvin Tallis signed the bill.", "Georgia", "GPE"),
    ("In Jordan King Abdullah met the delegation.", "Jordan", "GPE"),
    ("Farmers in the Jordan Valley need water.", "Jordan Valley", "LOC"),
    ("The Carolina Panthers beat the Atlanta Falcons.", "Carolina Panthers", "ORG"),
    // A first name before a one-word city: a surname.
    ("Marta Sheffield scored twice on Sunday.", "Marta Sheffield", "PERSON"),
    ("The award went to Tomasz Phoenix, 31.", "Tomasz Phoenix", "PERSON"),
    ("Will London host the Games again?", "London", "GPE"),
    ("She grew up in Charlotte North Carolina.", "North Carolina", "GPE"),
    // Two unknown words after a country's possessive: a person, unless a head word or title.
    ("Ethiopia's Tadesse Welbeyo was third.", "Tadesse Welbeyo", "PERSON"),
    ("Russia's Central Bank raised rates.", "Central Bank", "ORG"),
    ("America's Got Talent returns in May.", "America's Got Talent", "WORK_OF_ART"),
])
func placeFirstName(text: String, name: String, label: String) throws {
    let s = try spans(text)
    #expect(s.contains { ($0.text, $0.label) == (name, label) }, "\(s)")
    if label != "PERSON" { #expect(!s.contains { $0.label == "PERSON" && $0.text.hasPrefix(name) && $0.text != name }, "\(s)") }
}

@Test("US federal agencies with and without 'U.S.' are one entity; a state's department is its own", arguments: [
    ("Officers from the U.S. Marshals Service arrested him.", "U.S. Marshals Service", "org/us-marshals-service"),
    ("The Agriculture Department said exports fell.", "Agriculture Department", "org/us-department-of-agriculture"),
    ("The Iowa Department of Agriculture said exports fell.", "Iowa Department of Agriculture", nil),
])
func federalAgencies(text: String, name: String, kbID: String?) throws {
    let s = try spans(text)
    #expect(s.contains { ($0.text, $0.label, $0.kbID) == (name, "ORG", kbID) }, "\(s)")
}

/// Names of the general-news lexicon files, with their label and one kb_id:
/// the major North American leagues' teams (`sports.tsv`), and works news
/// names without quotation marks (`works.tsv`).
@Test("a listed team or work is tagged with its label and kb_id", arguments: [
    ("The Phoenix Suns beat the Memphis Grizzlies 112-98.", "Phoenix Suns", "ORG", "org/phoenix-suns"),
    ("The Steelers signed a new quarterback.", "Steelers", "ORG", "org/pittsburgh-steelers"),
    ("The Toronto Maple Leafs lost in overtime.", "Toronto Maple Leafs", "ORG", "org/toronto-maple-leafs"),
    ("Crowds queued to see the Mona Lisa at the Louvre.", "Mona Lisa", "WORK_OF_ART", "work/mona-lisa"),
    ("The final season of Game of Thrones drew record ratings.", "Game of Thrones", "WORK_OF_ART", "work/game-of-thrones"),
    ("The band played The Star-Spangled Banner before the game.", "The Star-Spangled Banner", "WORK_OF_ART",
     "work/the-star-spangled-banner"),
    // A known company's alias and its legal form.
    ("Goldman Sachs Group Inc. reported higher earnings.", "Goldman Sachs Group Inc.", "ORG", "org/goldman-sachs"),
    ("Shares of Nvidia Corp. jumped 8% in New York.", "Nvidia Corp.", "ORG", "org/nvidia"),
])
func listedNames(text: String, name: String, label: String, kbID: String) throws {
    let s = try spans(text)
    #expect(s.contains { ($0.text, $0.label, $0.kbID) == (name, label, kbID) }, "\(s)")
}

/// places/build.py drops GeoNames alternate names that are people's names,
/// or the surnames of people the news lexicon lists (Kelce of Kielce, Raab of
/// Győr), or that fold to an English word (Mönster of Münster, HUman of Uman),
/// and the GeoNames "cities" named for an institution ("University of Texas").
@Test("a person's name, an English word or an institution is no city", arguments: [
    "Zhang Wei, a spokesman, said the talks would resume.",
    "Levi Okafor and Trent Marlowe signed new contracts.",
    "Kelce caught two passes in the first half.",
    "The talks stalled, Raab told reporters on Monday.",
    "Human rights groups condemned the verdict.",
    "The song Monster Mash was a hit that autumn.",
    "Graduates of the University of Texas earn more, the study found.",
])
func personNamesAreNoCityAliases(text: String) throws {
    let s = try spans(text)
    #expect(!s.contains { $0.label == "GPE" }, "\(s)")
}

@Test("a known company's alias before another head word is another organization")
func aliasBeforeOtherHead() throws {
    let s = try spans("Apple Bank for Savings opened a branch in Queens.")
    #expect(s.contains { ($0.text, $0.label) == ("Apple Bank for Savings", "ORG") && $0.kbID == nil }, "\(s)")
}

@Test("AP state abbreviations that are also words are the state only when capitalized", arguments: [
    ("A tornado hit Harlow Springs, Ark., overnight.", "Ark.", "place/arkansas"),
    ("SPRINGFIELD, Ill. (AP) — Two men were arrested.", "Ill.", "place/illinois"),
    ("Sen. Dana Orley, R-Miss., voted no.", "Miss.", "place/mississippi"),
    ("She felt ill. The miss was costly.", nil, nil),
])
func stateAbbreviations(text: String, name: String?, kbID: String?) throws {
    let s = try spans(text)
    if let name {
        #expect(s.contains { ($0.text, $0.label, $0.kbID) == (name, "GPE", kbID) }, "\(s)")
    } else {
        #expect(!s.contains { $0.label == "GPE" }, "\(s)")
    }
}

/// not_names.txt and the places build: titles and acronyms news writes as
/// words are no organization, and no city ("the SUV" was Suva, "the IPO" Ipoh).
@Test("a title or an acronym used as a word is no entity", arguments: [
    "Two MPs and an MEP met the NGO.",
    "The SUV crashed before the IPO.",
])
func acronymWords(text: String) throws {
    let s = try spans(text)
    #expect(!s.contains { $0.label == "ORG" || $0.label == "GPE" }, "\(s)")
}

/// A company named like a person's surname is listed by its full name only,
/// so the bare surname after the person's full name is that person.
@Test("a surname after the full name is the person, not a company named like it", arguments: [
    ("US envoy Keith Kellogg met officials in Kyiv. Kellogg said the talks went well.", "person/keith-kellogg"),
    ("Texas Gov. Greg Abbott deployed troops. Abbott said the border was secure.", "person/greg-abbott"),
])
func surnameNotCompany(text: String, kbID: String) throws {
    let s = try spans(text)
    let bare = s.filter { $0.text == "Kellogg" || $0.text == "Abbott" }
    #expect(!bare.isEmpty && bare.allSatisfy { $0.label == "PERSON" && $0.kbID == kbID }, "\(s)")
}
