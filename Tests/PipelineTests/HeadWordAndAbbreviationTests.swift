import Gazette
import GazetteTestSupport
import Testing

/// Organizations referred to by their head word, abbreviations that name no
/// organization, and time zones, through the whole pipeline with the bundled lexicons.
struct HeadWordAndAbbreviationTests {
    func spans(_ text: String) throws -> [(String, String, String?)] {
        let utf8 = Array(text.utf8)
        return try TestSupport.tagger().tag(text).map {
            (String(decoding: utf8[$0.start..<$0.end], as: UTF8.self), $0.label.name, $0.kbID)
        }
    }

    @Test("'the <head word>' links to the one organization of the document that ends in it", arguments: [
        ("The Freedom of Russia Legion entered Belgorod. Later the Legion said it would return.", "Legion", "org/freedom-of-russia-legion"),
        ("The Siberian Liberty Battalion crossed the river. On Monday the Battalion withdrew.", "Battalion", "local/siberian-liberty-battalion"),
    ])
    func headWordAlias(text: String, mention: String, kbID: String) throws {
        let all = try spans(text)
        let found = all.filter { $0.0 == mention }
        #expect(found.count == 1 && found[0].1 == "ORG" && found[0].2 == kbID, "\(all)")
    }

    @Test("a group's name defining the acronym of an organization the lexicon knows is that organization")
    func groupNameBeforeAnOrganizationsAcronym() throws {
        let s = try spans("The Social Democrats (SPD) fell to 16%. Later the Democrats gained.")
        let party = "org/social-democratic-party-of-germany"
        #expect(s.contains { $0 == ("Social Democrats", "ORG", party) } && s.contains { $0 == ("SPD", "ORG", party) }, "\(s)")
        #expect(s.contains { $0.0 == "Democrats" && $0.1 == "NORP" }, "\(s)")
    }

    @Test("a known organization in parentheses after a known place keeps its own identity", arguments: [
        "NEW YORK (AP) — Stocks fell on Monday. The AP said trading was light.",
        "Officials in Kharkiv (Reuters) said the power was back.",
    ])
    func datelineAgency(text: String) throws {
        let s = try spans(text)
        let agencies = s.filter { $0.0 == "AP" || $0.0 == "Reuters" }
        #expect(!agencies.isEmpty && agencies.allSatisfy { $0.1 == "ORG" && $0.2?.hasPrefix("org/") == true }, "\(s)")
    }

    @Test("a name a rule found once is the same entity where it recurs without the evidence", arguments: [
        "\"It is fine,\" said Ondrel Vasquin, a trader. Later Ondrel Vasquin declined to comment.",
        // Found in the second mention, repeated in the first.
        "Ondrel Vasquin declined to comment. \"It is fine,\" said Ondrel Vasquin, a trader.",
    ])
    func repeatedName(text: String) throws {
        let s = try spans(text)
        let name = s.first { $0.1 == "PERSON" }?.0 ?? ""
        let mentions = s.filter { $0.0 == name && $0.1 == "PERSON" }
        #expect(mentions.count == 2 && mentions[0].2 != nil && mentions[0].2 == mentions[1].2, "\(s)")
        #expect(s.count == 2, "\(s)")
    }

    @Test("a head word shared by two organizations of the document links to neither")
    func ambiguousHeadWord() throws {
        let s = try spans("The Siberian Liberty Battalion and the Kuban Cossack Battalion met. Then the Battalion left.")
        #expect(!s.contains { $0.0 == "Battalion" && $0.2 != nil }, "\(s)")
    }

    @Test("all-capital abbreviations that name no organization are not ORG", arguments: ["LNG", "GDP", "CEO", "UAV", "COVID"])
    func abbreviations(_ word: String) throws {
        let s = try spans("Officials said the \(word) figures for the region were released on Monday.")
        #expect(!s.contains { $0.0 == word && $0.1 == "ORG" }, "\(s)")
    }

    @Test("a time zone after a clock time belongs to the TIME", arguments: [("at 16:20 CET the", "16:20 CET"), ("by 9 a.m. Kyiv time the", "9 a.m. Kyiv time")])
    func timeZone(_ phrase: String, _ time: String) throws {
        let s = try spans("Sirens sounded \(phrase) city said.")
        #expect(s.contains { $0.0 == time && $0.1 == "TIME" }, "\(s)")
    }

    @Test("a two-word all-caps line is a headline: its words are no names")
    func allCapsLine() throws {
        let s = try spans("AIR RAID\n\nSirens sounded across the city on Monday.")
        #expect(!s.contains { $0.0 == "AIR" || $0.0 == "RAID" }, "\(s)")
    }
}
