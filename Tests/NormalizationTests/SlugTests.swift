import Testing
import GazetteCore
import Normalization

@Test(arguments: [
    ("Freedom of Russia Legion", "freedom-of-russia-legion"),
    ("Institute for the Study of War", "institute-for-the-study-of-war"),
    ("  Hello,  World!! ", "hello-world"),
    ("Strelkov-Girkin", "strelkov-girkin"),
    ("Strelkov -- Girkin", "strelkov-girkin"),
    ("MiG-29", "mig-29"),
    ("59th brigade", "59th-brigade"),
    ("O'Brien", "obrien"),
    ("O\u{2019}Brien", "obrien"),
    ("Szijjártó", "szijjarto"),
    ("Pe\u{301}ter", "peter"),
    ("Łódź", "lodz"),
    ("Ёлка", "elka"),
    ("", ""),
    ("!!! ...", ""),
    ("😀", ""),
])
func slugs(name: String, expected: String) throws {
    #expect(try Slugger().slug(name) == expected)
}

/// Any script comes out as lowercase ASCII letters and digits joined by single hyphens.
@Test(arguments: ["Київ", "Зеленський", "Вячеслав Гладков", "東京", "Αθήνα", "תל אביב", "Kyiv (Київ) — 2023"])
func slugsAreASCII(name: String) throws {
    let slug = try Slugger().slug(name)
    #expect(!slug.isEmpty)
    #expect(slug.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }, "\(slug)")
    #expect(!slug.hasPrefix("-") && !slug.hasSuffix("-") && !slug.contains("--"), "\(slug)")
}

@Test func transliteratorWithOwnRules() throws {
    let t = try Transliterator(name: "test-rules", rules: "ї > yi; и > y;", file: "Lexicons/translit/test.txt")
    #expect(t.transliterate("Київ") == "Кyyiв")
    #expect(t.transliterate("") == "")
}

@Test func invalidTransformRulesNameTheFile() {
    do {
        _ = try Transliterator(name: "bad", rules: "a > b;\nthis is not a rule ]] >", file: "Lexicons/translit/bad.txt")
        Issue.record("no error")
    } catch let error as DataFileError {
        #expect(error.code == "TRL001")
        #expect(error.file == "Lexicons/translit/bad.txt")
    } catch {
        Issue.record("unexpected error \(error)")
    }
}

@Test func builtInTransform() throws {
    #expect(try Transliterator(id: "Ukrainian-Latin/BGN").transliterate("Київ") == "Kyyiv")
    #expect(throws: TransliterationError.self) { try Transliterator(id: "No-Such/Transform") }
}
