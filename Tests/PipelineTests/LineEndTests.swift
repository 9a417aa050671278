import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// Data files saved with Windows line ends ("\r\n") read as the same files
/// with Unix ones: lexicon, cue words, word lists and rules alike. ("\r\n" is
/// one Swift `Character`, so a reader that splits a `String` at "\n" sees
/// one long line.)
@Test func windowsLineEndsReadAsUnixOnes() throws {
    var files: [String: String] = [
        "news.tsv": [
            "person/orla-quennell\tPERSON\tpolitician\tOrla Quennell\tOrla Quennell",
            "place/varrow\tGPE\tcity\tVarrow\tVarrow\tcountry=VL",
            "place/varrow-county\tGPE\tregion\tVarrow\tVarrow\tcountry=VL",
        ].joined(separator: "\n") + "\n",
        "context.txt": "# subtype, then cue words\nregion\tgovernor\ncity\tmayor\n",
        "rules/first_names.txt": "Orla\nBram\nTamsin\n",
        "rules/person_titles.txt": "# titles\nPrince\nDuke\nSenator\n",
    ].merging(TestSupport.bundledRuleFiles) { a, _ in a }
    let unix = TestSupport.fixtureResources(files)
    for (name, text) in files { files[name] = text.replacingOccurrences(of: "\n", with: "\r\n") }
    #expect(files["rules/person_titles.txt"]?.contains("\r\nDuke\r\n") == true)
    let windows = TestSupport.fixtureResources(files)
    #expect(windows.diagnostics.map(\.description) == unix.diagnostics.map(\.description))
    #expect(windows.words.entries[.personTitles] == ["Prince", "Duke", "Senator"])
    let sentences = [
        "Senator Tamsin Hale met Orla Quennell in Varrow.",
        "The governor of Varrow said Prince Bram Ashdown would come.",
        "Mayor Ilse Brant of Varrow and Duke Corwen Tallis spoke to Bram Ashdown.",
    ]
    var found = 0
    for s in sentences {
        let a = try TestSupport.spans(s, tagger: Tagger(resources: unix))
        let b = try TestSupport.spans(s, tagger: Tagger(resources: windows))
        #expect(a == b, "\(s)")
        found += a.count
    }
    #expect(found >= 8)
}
