import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// The seed article (`../shared/seed/2023-05-23-day-454.txt`, read at run time):
/// every spelling of one entity carries one kb_id.
@Suite(.enabled(if: TestSupport.shared.map { FileManager.default.fileExists(atPath: $0.appendingPathComponent("seed/2023-05-23-day-454.txt").path) } ?? false,
                "../shared/seed is absent: the seed-article checks need it beside the package"))
struct SeedGroupTests {
    static func spans() throws -> [(text: String, after: String, kbID: String?)] {
        let url = try #require(TestSupport.shared?.appendingPathComponent("seed/2023-05-23-day-454.txt"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let bytes = Array(text.utf8)
        return try TestSupport.tagger().tag(text).map { e in
            var next = e.end
            while next < bytes.count && bytes[next] == 0x20 { next += 1 }
            var end = next
            while end < bytes.count && bytes[end] != 0x20 && bytes[end] != 0x0A { end += 1 }
            return (String(decoding: bytes[e.start..<e.end], as: UTF8.self), String(decoding: bytes[next..<end], as: UTF8.self), e.kbID)
        }
    }

    @Test(arguments: [
        (["Josep Borrell", "Borrell", "Borel"], "person/josep-borrell"),
        (["Kyiv", "Kiev"], "place/kyiv"),
        (["Freedom of Russia Legion", "Legion of Freedom for Russia", "LSR"], "org/freedom-of-russia-legion"),
        (["Russian Volunteer Corps", "RDK"], "org/russian-volunteer-corps"),
        (["Vyacheslav Gladkov", "Gladkov"], "person/vyacheslav-gladkov"),
        (["Institute for the Study of War", "ISW"], "org/institute-for-the-study-of-war"),
    ])
    func groupCarriesOneKBID(names: [String], kbID: String) throws {
        let all = try Self.spans()
        for name in names {
            let hits = all.filter { $0.text == name }
            #expect(!hits.isEmpty, "\(name) not tagged")
            #expect(hits.allSatisfy { $0.kbID == kbID }, "\(name): \(hits.map { $0.kbID ?? "nil" })")
        }
    }

    /// "the Bilhorod region" is the Belgorod region; Belgorod and Bilhorod are
    /// never Bilhorod-Dnistrovskyi.
    @Test func bilhorodIsBelgorod() throws {
        let all = try Self.spans()
        let regionWords: Set<String> = ["region", "Region", "Oblast", "oblast"]
        let bilhorod = all.filter { $0.text == "Bilhorod" }
        let belgorodRegion = all.filter { $0.text == "Belgorod" && regionWords.contains($0.after) }
        try #require(!bilhorod.isEmpty && !belgorodRegion.isEmpty)
        let ids = Set((bilhorod + belgorodRegion).map { $0.kbID ?? "nil" })
        #expect(ids == ["place/belgorod-oblast"], "\(ids)")
        let every = Set(all.filter { $0.text == "Belgorod" || $0.text == "Bilhorod" }.map { $0.kbID ?? "nil" })
        #expect(every.isSubset(of: ["place/belgorod", "place/belgorod-oblast"]), "\(every)")
    }
}
