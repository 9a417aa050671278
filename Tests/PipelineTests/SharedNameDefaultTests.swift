import Foundation
import Testing
import Gazette
import GazetteTestSupport

// Names that several bundled entities share: which one a sentence gets with
// the bundled lexicons, by default and with a cue word.
@Test(arguments: [
    // A first-level region outranks a smaller town of the same name.
    ("She grew up in Virginia before moving north.", "Virginia", "place/virginia"),
    ("The company moved its offices to Ontario last year.", "Ontario", "place/ontario"),
    // A larger city still outranks the region.
    ("The talks took place in Washington on Monday.", "Washington", "place/washington-d-c"),
    // A club named like its city is the city unless a match report's words are near.
    ("The mayor of Liverpool opened the new library.", "Liverpool", "place/liverpool"),
    ("Liverpool beat their rivals on Sunday.", "Liverpool", "org/liverpool-fc"),
    ("The Barcelona striker was injured in training.", "Barcelona", "org/fc-barcelona"),
    ("Tourists crowded the beaches of Barcelona in August.", "Barcelona", "place/barcelona"),
    // The company, unless words of the forest are near.
    ("Amazon shares rose after the results.", "Amazon", "org/amazon"),
    ("Amazon deforestation rose sharply last year.", "Amazon", "place/amazon-rainforest"),
    // The White House is the office, and the building where a sentence puts people in it.
    ("The White House said the talks would continue.", "White House", "org/white-house"),
    ("He met the president at the White House on Friday.", "White House", "place/white-house-building"),
    // A region listed under the club's name is the club.
    ("Bayern face a difficult away trip.", "Bayern", "org/bayern-munich"),
    // US towns all around: a capital and a country keep the name; a cue still picks the town.
    ("Runners from Eugene, Boise, Tulsa and Spokane trained for Paris.", "Paris", "place/paris"),
    ("Coaches from Eugene, Boise, Tulsa and Spokane met a sprinter from Jamaica.", "Jamaica", "place/jamaica"),
    ("Runners from Eugene, Boise, Tulsa and Spokane raced in Paris, Texas.", "Paris", "place/paris-us"),
])
func sharedNameDefaults(text: String, mention: String, kbID: String) throws {
    let all = try TestSupport.spans(text)
    let spans = all.filter { $0.text == mention }
    try #require(spans.count == 1, "\(all)")
    #expect(spans[0].kbID == kbID, "\(spans)")
}
