import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// `gazette normalize`, end to end through the built executable.
@Suite struct NormalizeCLITests {
    @Test func oneJSONLinePerName() throws {
        let r = try TestSupport.run(["normalize", "Зеленського", "Kiev", "Nobody Atall"])
        #expect(r.status == 0, "\(r.stderr)")
        let lines = r.lines.compactMap(TestSupport.json)
        try #require(lines.count == 3, "\(r.stdout)")
        for l in lines { #expect(Set(l.keys) == ["input", "kb_id", "canonical", "label", "score", "latin", "key"], "\(l)") }
        #expect(lines[0]["input"] as? String == "Зеленського")
        #expect(lines[0]["kb_id"] as? String == "person/volodymyr-zelensky")
        #expect(lines[0]["canonical"] as? String == "Volodymyr Zelensky")
        #expect(lines[0]["label"] as? String == "PERSON")
        #expect(lines[0]["latin"] as? String == "Zelenskoho")
        #expect(lines[0]["key"] as? String == "slnsk")
        #expect((lines[0]["score"] as? Double ?? 0) > 0.9)
        #expect(lines[1]["kb_id"] as? String == "place/kyiv" && lines[1]["score"] as? Double == 1)
        #expect(lines[2]["kb_id"] is NSNull && lines[2]["score"] is NSNull && lines[2]["label"] is NSNull)
    }

    @Test func namesFromStdin() throws {
        let r = try TestSupport.run(["normalize"], stdin: Data("Тимошенко\n\nTimoschenko\r\n".utf8))
        let lines = r.lines.compactMap(TestSupport.json)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0["kb_id"] as? String == "person/yulia-tymoshenko" }, "\(r.stdout)")
        #expect(lines.last?["input"] as? String == "Timoschenko")
    }

    @Test(arguments: [
        ("uk-2010", "Київ", "Kyiv"), ("bgn-pcgn", "Київ", "Kyyiv"), ("iso9", "Київ", "Kiïv"),
        ("ru-press", "Ельцин", "Yeltsin"), ("icao-9303", "Ельцин", "Eltsin"), ("bgn-pcgn", "Ельцин", "Yelʹtsin"),
    ])
    func scheme(scheme: String, name: String, latin: String) throws {
        let r = try TestSupport.run(["normalize", "--scheme", scheme, name])
        let got = (r.lines.first.flatMap(TestSupport.json)?["latin"] as? String) ?? ""
        #expect(got.precomposedStringWithCanonicalMapping == latin.precomposedStringWithCanonicalMapping, "\(r.stdout)\(r.stderr)")
    }

    @Test func listSchemesAndBadScheme() throws {
        let list = try TestSupport.run(["normalize", "--list-schemes"])
        #expect(list.status == 0)
        #expect(list.lines.map { String($0.split(separator: "\t")[0]) } == ["uk-2010", "ru-press", "bg-2009", "bgn-pcgn", "icao-9303", "iso9", "icu"])
        let bad = try TestSupport.run(["normalize", "--scheme", "klingon", "Київ"])
        #expect(bad.status != 0 && bad.stderr.contains("klingon") && bad.stderr.contains("uk-2010"), "\(bad.stderr)")
    }

    /// Every input appears in exactly one group; variants of one name group together.
    @Test func cluster() throws {
        let names = ["Tymoshenko", "Timoschenko", "Kyiv", "Тимошенко", "Kiev", "Medvedev", "Medvedchuk",
                     "Fabrice Pothier", "Fabrice Potier", "Sidorchukov", "Sidorchukova", "Київ"]
        let r = try TestSupport.run(["normalize", "--cluster"], stdin: Data(names.joined(separator: "\n").utf8))
        #expect(r.status == 0, "\(r.stderr)")
        let groups = r.lines.compactMap(TestSupport.json)
        let members = groups.map { ($0["names"] as? [String]) ?? [] }
        #expect(members.flatMap { $0 }.sorted() == names.sorted(), "\(r.stdout)")
        #expect(members.contains(["Tymoshenko", "Timoschenko", "Тимошенко"]))
        #expect(members.contains(["Kyiv", "Kiev", "Київ"]))
        #expect(members.contains(["Fabrice Pothier", "Fabrice Potier"]))
        #expect(members.contains(["Medvedev"]) && members.contains(["Medvedchuk"]))
        #expect(members.contains(["Sidorchukov"]) && members.contains(["Sidorchukova"]))
        let kyiv = try #require(groups.first { ($0["names"] as? [String])?.first == "Kyiv" })
        #expect(kyiv["kb_id"] as? String == "place/kyiv" && kyiv["key"] as? String == "kv")
        let pothier = try #require(groups.first { ($0["names"] as? [String])?.first == "Fabrice Pothier" })
        #expect(pothier["kb_id"] is NSNull)
    }
}
