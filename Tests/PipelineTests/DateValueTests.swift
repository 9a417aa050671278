import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// ISO values of DATE entities, from the text and the document date (a dateline).
@Test(arguments: [
    // With a dateline: the document date is Tuesday 2023-05-23.
    ("2023-05-23 | Kyiv\n\nOn Monday, the council met.", "Monday", "2023-05-22"),
    ("2023-05-23 | Kyiv\n\nOn Tuesday, the council met.", "Tuesday", "2023-05-23"),
    ("2023-05-23 | Kyiv\n\nOn Sunday, the council met.", "Sunday", "2023-05-21"),
    ("2023-05-23 | Kyiv\n\nYesterday the council met.", "Yesterday", "2023-05-22"),
    ("2023-05-23 | Kyiv\n\nThe vote is tomorrow, officials said.", "tomorrow", "2023-05-24"),
    ("2023-05-23 | Kyiv\n\nThe vote was on 12 March.", "12 March", "2023-03-12"),
    // Absolute dates need no document date.
    ("The treaty was signed on May 23, 2023, in Vienna.", "May 23, 2023", "2023-05-23"),
    ("The report of 23.05.2023 was late.", "23.05.2023", "2023-05-23"),
    ("The decree of 1.2.2023 still applies.", "1.2.2023", "2023-02-01"),
    ("The report is dated 2023-05-23.", "2023-05-23", "2023-05-23"),
    ("Talks resume in June 2024.", "June 2024", "2024-06"),
    ("The law passed in 2022.", "2022", "2022"),
])
func dateValue(text: String, date: String, value: String) throws {
    let entities = try TestSupport.tagger().tag(text)
    let bytes = Array(text.utf8)
    let hit = entities.first { $0.label == .date && String(decoding: bytes[$0.start..<$0.end], as: UTF8.self) == date }
    #expect(hit?.value == value, "\(date): \(hit.map { "\($0.value ?? "nil")" } ?? "not a DATE")")
}

/// Without a document date, relative dates have no value; vague ones never do.
@Test(arguments: [
    ("On Monday, the council met.", "Monday"),
    ("Yesterday the council met.", "Yesterday"),
    ("Prices rose in the 1990s.", "1990s"),
    ("2023-05-23 | Kyiv\n\nPrices rose last week.", "last week"),
    ("The vote was on 31 February 2023.", "31 February 2023"),
    // A number too long for any date (and for a 64-bit integer) is no part of one.
    ("It lasted 99999999999999999999999 days.", "days"),
])
func dateWithoutValue(text: String, date: String) throws {
    let entities = try TestSupport.tagger().tag(text)
    let bytes = Array(text.utf8)
    for e in entities where e.label == .date && String(decoding: bytes[e.start..<e.end], as: UTF8.self).contains(date) {
        #expect(e.value == nil, "\(date) → \(e.value ?? "")")
    }
}

/// The value is in the JSONL output.
@Test func dateValueInJSONL() throws {
    let r = try TestSupport.run(["tag", "--quiet", "-"], stdin: Data("2023-05-23 | Kyiv\n\nOn Monday, the council met.\n".utf8))
    #expect(r.stdout.contains(#""text":"Monday","label":"DATE","value":"2023-05-22""#))
}
