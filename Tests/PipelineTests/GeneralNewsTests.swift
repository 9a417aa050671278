import Gazette
import GazetteTestSupport
import Testing

/// General-news constructions beyond the war coverage Gazette started from:
/// US party labels, organizations joined by "and", and the bundled landmarks,
/// indexes and outlets, through the whole pipeline with the bundled lexicons.
struct GeneralNewsTests {
    func spans(_ text: String) throws -> [(String, String, String?)] {
        let utf8 = Array(text.utf8)
        return try TestSupport.tagger().tag(text).map {
            (String(decoding: utf8[$0.start..<$0.end], as: UTF8.self), $0.label.name, $0.kbID)
        }
    }

    @Test("a party label's state is the state, and the label starts no person", arguments: [
        ("Sen. Orvin Tallis, D-Calif., voted against the bill on Monday.", "Calif.", "place/california"),
        ("Rep. Orvin Tallis, R-Fla., said he would not run again.", "Fla.", "place/florida"),
        ("A judge in Raleigh, N.C., ruled on Friday that the map stands.", "N.C.", "place/north-carolina"),
    ])
    func partyLabel(text: String, state: String, kbID: String) throws {
        let s = try spans(text)
        #expect(s.contains { $0 == (state, "GPE", kbID) }, "\(s)")
        #expect(!s.contains { $0.1 == "PERSON" && $0.0.contains("-") }, "\(s)")
    }

    @Test("a state abbreviation the lexicon leaves out starts no person either")
    func unlistedPartyLabel() throws {
        let s = try spans("Sen. Orvin Tallis, D-Mass., voted against the bill. A D-Mass vote followed.")
        #expect(!s.contains { $0.0.contains("Mass") }, "\(s)")
    }

    @Test("two known organizations joined by 'and' stay two", arguments: [
        ("Shares of Barclays and Lloyds Banking Group fell on Monday.", ["Barclays", "Lloyds Banking Group"]),
        ("Researchers at Harvard University and Yale University agreed.", ["Harvard University", "Yale University"]),
    ])
    func organizationsJoinedByAnd(text: String, names: [String]) throws {
        let s = try spans(text)
        #expect(s.filter { $0.1 == "ORG" }.map(\.0) == names, "\(s)")
    }

    @Test("an unknown name joined by 'and' before a head word stays one organization")
    func oneOrganizationWithAnd() throws {
        let s = try spans("The Kestrel and Partridge Company said profits rose.")
        #expect(s.contains { $0.0 == "Kestrel and Partridge Company" && $0.1 == "ORG" }, "\(s)")
    }

    @Test("landmarks, indexes, outlets and services of general news", arguments: [
        ("Flights from Heathrow were cancelled on Sunday.", "Heathrow", "FAC"),
        ("She will play Madison Square Garden in February.", "Madison Square Garden", "FAC"),
        ("The S&P 500 fell 1.2% on Thursday.", "S&P 500", "ORG"),
        ("In Asia, the Hang Seng slid 1.4% in early trade.", "Hang Seng", "ORG"),
        ("The singer told Rolling Stone that the record was done.", "Rolling Stone", "ORG"),
        ("The series premieres on HBO Max next month.", "HBO Max", "ORG"),
        ("Brent crude rose 82 cents to $84.15 a barrel.", "Brent crude", "PRODUCT"),
    ])
    func generalNewsNames(text: String, name: String, label: String) throws {
        let s = try spans(text)
        #expect(s.contains { $0.0 == name && $0.1 == label && $0.2 != nil }, "\(s)")
    }
}
