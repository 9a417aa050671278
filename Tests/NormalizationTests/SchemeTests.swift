import Foundation
import Testing
import Gazette
import GazetteTestSupport

/// Russian in the style of the English-language press (`ru-press`, the default for Russian).
@Test(arguments: [
    ("Ельцин", "Yeltsin"), ("Зеленский", "Zelensky"), ("Шойгу", "Shoigu"), ("Ильинский", "Ilyinsky"),
    ("Горбачёв", "Gorbachev"), ("Хрущёв", "Khrushchev"), ("Пётр", "Pyotr"), ("Фёдор", "Fyodor"),
    ("Сергей Лавров", "Sergei Lavrov"), ("Николай Патрушев", "Nikolai Patrushev"), ("Дмитрий Песков", "Dmitry Peskov"),
    ("Лев Толстой", "Lev Tolstoy"), ("Андреев", "Andreyev"), ("Киев", "Kiev"), ("Григорьевич", "Grigoryevich"),
    ("Подъячев", "Podyachev"), ("Алексей Навальный", "Aleksei Navalny"), ("Соловьёв", "Solovyov"),
    ("Евгений Пригожин", "Yevgeny Prigozhin"), ("Юрий", "Yury"), ("Щукин", "Shchukin"), ("Белгород", "Belgorod"),
])
func russianPressStyle(russian: String, latin: String) throws {
    #expect(try NormalizationFixture.romanizer().romanize(russian) == latin)
}

/// Each scheme on names that tell them apart.
@Test(arguments: [
    ("Зеленский", "bgn-pcgn", CyrillicLanguage.russian, "Zelenskiy"),
    ("Ельцин", "bgn-pcgn", .russian, "Yelʹtsin"),
    ("Зеленский", "icao-9303", .russian, "Zelenskii"),
    ("Ельцин", "icao-9303", .russian, "Eltsin"),
    ("Зеленський", "icao-9303", .ukrainian, "Zelenskyi"),
    ("Гладков", "icao-9303", .ukrainian, "Hladkov"),
    ("Аляксандр", "icao-9303", .belarusian, "Aliaksandr"),
    ("Святлана", "icao-9303", .belarusian, "Sviatlana"),
    ("Щерев", "icao-9303", .bulgarian, "Shterev"),
    ("Щёкино", "iso9", .russian, "Ŝëkino"),
    ("Київ", "iso9", .ukrainian, "Kiïv"),
    ("Ґалаґан", "iso9", .ukrainian, "G̀alag̀an"),
    ("София", "bg-2009", .bulgarian, "Sofia"),
    ("Ъглен", "bg-2009", .bulgarian, "Aglen"),
    ("Щерев", "bg-2009", .bulgarian, "Shterev"),
    ("Київ", "bgn-pcgn", .ukrainian, "Kyyiv"),
    ("Київ", "icu", .ukrainian, "Kií̈v"),  // what ICU's Any-Latin gives
    // A scheme that does not cover the language falls back to its default.
    ("Київ", "ru-press", .ukrainian, "Kyiv"),
    ("Зеленский", "uk-2010", .russian, "Zelensky"),
])
func schemes(name: String, scheme: String, language: CyrillicLanguage, latin: String) throws {
    let got = try NormalizationFixture.romanizer().romanize(name, scheme: scheme, language: language)
    #expect(got.precomposedStringWithCanonicalMapping == latin.precomposedStringWithCanonicalMapping, "\(got)")
}

/// Latin names fold to ASCII; other scripts go through ICU's Any-Latin.
@Test(arguments: [
    ("Szijjártó", "Szijjarto"), ("Péter Szijjártó", "Peter Szijjarto"), ("Łódź", "Lodz"),
    ("Kyiv", "Kyiv"), ("Αθήνα", "Athena"),
])
func latinFolding(name: String, latin: String) throws {
    #expect(try NormalizationFixture.romanizer().romanize(name) == latin)
}

@Test(arguments: [
    ("Київ", CyrillicLanguage.ukrainian), ("Зеленського", .ukrainian), ("Єрмак", .ukrainian), ("Ґалаґан", .ukrainian),
    ("Зеленский", .russian), ("Москва", .russian), ("Шойгу", .russian), ("Артёмовск", .russian), ("Подъячев", .russian),
    ("Аляксандр Лукашэнка", .belarusian), ("Ўладзімір", .belarusian), ("Мінск і Гомель", .ukrainian),
    ("Ъглен", .bulgarian), ("Търговище", .bulgarian),
])
func languageDetection(name: String, language: CyrillicLanguage) {
    #expect(NormalizationFixture.rules.languages.detect(name) == language)
}

@Test func schemeListNamesEverySchemeOnce() {
    #expect(NormalizationFixture.rules.schemeNames == ["uk-2010", "ru-press", "bg-2009", "bgn-pcgn", "icao-9303", "iso9", "icu"])
    for lang in CyrillicLanguage.allCases {
        #expect(NormalizationFixture.rules.scheme(nil, for: lang) != nil, "no default scheme for \(lang)")
    }
}

@Test func bundledRulesLoadCleanlyAndCompile() throws {
    #expect(NormalizationFixture.rules.diagnostics.isEmpty, "\(NormalizationFixture.rules.diagnostics)")
    try NormalizationFixture.romanizer().compileAll()
}

/// A bad ICU rule is reported with its own file and line, also in the second
/// file of a scheme that runs two files as passes.
@Test(arguments: [
    ("first.txt", "second.txt", "first.txt", 3),
    ("second.txt", "first.txt", "first.txt", 3),
])
func badICURuleNamesFileAndLine(bad: String, other: String, expectedFile: String, expectedLine: Int) throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try "# fine\nа > a ;\n".write(to: dir.appendingPathComponent("second.txt"), atomically: true, encoding: .utf8)
    try "# a comment\nб > b ;\nthis is ] not a rule > ;\n".write(to: dir.appendingPathComponent("first.txt"), atomically: true, encoding: .utf8)
    let files = bad == "first.txt" ? "first.txt+second.txt" : "second.txt+first.txt"
    try "t\tru\t\(files)\tdefault\n".write(to: dir.appendingPathComponent("schemes.txt"), atomically: true, encoding: .utf8)
    let rules = NameRules(directory: dir.path)
    do {
        try Romanizer(rules: rules).compileAll()
        Issue.record("no error")
    } catch let e as DataFileError {
        #expect(e.code == "TRL001")
        #expect(e.file.hasSuffix(expectedFile), "\(e)")
        #expect(e.line == expectedLine, "\(e)")
    }
}

/// Problems in the rewrite-rule, inflection, language and scheme files: a stable
/// code, the file and the line; the rest of the file still loads.
@Test(arguments: [
    ("name-key.txt", "[rules a]\nab\tc\nnot a rule line\n", "TRL003", 3),
    ("name-key.txt", "[rules a]\nab\tc\n[bogus]\n", "TRL004", 3),
    ("name-key.txt", "[classes]\nV\taeiou\n[rules a]\n(V\tc\n", "TRL005", 4),
    ("name-key.txt", "[rules a]\n(Q)ab\tc\n", "TRL006", 2),
    ("name-key.txt", "[rules a when nosuchset]\nab\tc\n", "TRL006", 1),
    ("name-key.txt", "[similarity]\npair\ta b c\t0.4\n", "TRL010", 2),
    ("name-key.txt", "[similarity]\nvowel-cost\t2\n", "TRL010", 2),
    ("inflection.txt", "ого\tий\tsure\nого\n", "TRL008", 2),
    ("inflection.txt", "ого\tий\tmaybe\n", "TRL008", 1),
    ("languages.txt", "language\tru\tuk\nі\t0\n", "TRL009", 2),
    ("languages.txt", "lang\tru\n", "TRL009", 1),
    ("schemes.txt", "x\txx\tfoo.txt\n", "TRL007", 1),
    ("schemes.txt", "x\tru\tmissing.txt\n", "TRL007", 1),
])
func dataFileErrors(file: String, text: String, code: String, line: Int) throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    try text.write(to: dir.appendingPathComponent(file), atomically: true, encoding: .utf8)
    let rules = NameRules(directory: dir.path)
    let mine = rules.diagnostics.filter { $0.file.hasSuffix("/" + file) }
    #expect(mine.count == 1, "\(rules.diagnostics)")
    #expect(mine.first?.code == code, "\(mine)")
    #expect(mine.first?.line == line, "\(mine)")
}

@Test func missingFilesAreReportedNotThrown() throws {
    let dir = try TestSupport.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let rules = NameRules(directory: dir.path)
    #expect(rules.diagnostics.allSatisfy { $0.code == "TRL002" } && rules.diagnostics.count == 5, "\(rules.diagnostics)")
    #expect(rules.keyer.key("Kyiv").key == "kyiv")
}

/// Round trip over the curated lexicon: the first Cyrillic name of every curated
/// person and place, romanized by each formal scheme, links back to its entity.
/// The share is the figure; a few names romanize into a spelling shared with
/// another entity or too far from every listed one (acronyms such as США, and
/// ISO 9's â for я at a word start), so the bar is a ratio, not all.
@Test(arguments: [("bgn-pcgn", 0.97), ("icao-9303", 0.97), ("iso9", 0.95), ("icu", 0.95)])
func romanizedCuratedNamesLinkBack(scheme: String, share: Double) throws {
    let romanizer = NormalizationFixture.romanizer(), normalizer = NormalizationFixture.normalizer()
    var total = 0, linked = 0, wrong: [String] = []
    for e in TestSupport.resources.lexicon.entities where e.curated && (e.kbID.hasPrefix("person/") || e.kbID.hasPrefix("place/")) {
        guard let cyrillic = e.aliases.first(where: { $0.unicodeScalars.contains { (0x400...0x4FF).contains($0.value) } }) else { continue }
        let latin = try romanizer.romanize(cyrillic, scheme: scheme)
        total += 1
        let n = try normalizer.normalize(latin)
        if n.kbID == e.kbID { linked += 1 } else if let other = n.kbID { wrong.append("\(cyrillic) → \(latin) → \(other)") }
    }
    #expect(total >= 500, "only \(total) curated names with a Cyrillic alias")
    #expect(Double(linked) >= share * Double(total), "\(scheme): \(linked) of \(total) link back")
    #expect(Double(wrong.count) <= 0.005 * Double(total), "linked to another entity: \(wrong)")
}
