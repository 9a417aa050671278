import Testing
import Gazette
import GazetteTestSupport

/// Spellings of one name in English, German, French, Polish, Dutch, Czech and
/// Cyrillic share one key (among their readings: Tymosjenko is German s and j
/// first, Dutch sh second).
@Test(arguments: [
    ["Tymoshenko", "Timoschenko", "Tymochenko", "Tymosjenko", "Tymoszenko", "Тимошенко", "Timoshenko"],
    ["Zelensky", "Zelenskyy", "Zelenskiy", "Zelenskyi", "Zelenskij", "Selenskyj", "Zełenski", "Зеленський", "Зеленский"],
    ["Kyiv", "Kiev", "Kijów", "Kiew", "Київ", "Киев"],
    ["Kharkiv", "Kharkov", "Charkiw", "Charków", "Харків", "Харьков"],
    ["Chernihiv", "Tschernihiw", "Czernihów", "Tchernihiv", "Чернігів"],
    ["Belgorod", "Bilhorod", "Белгород", "Білгород"],
    ["Zaporizhzhia", "Zaporozhye", "Saporischschja", "Zaporoże", "Запоріжжя"],
    ["Medvedchuk", "Medwedtschuk", "Medwedczuk", "Medvedtchouk", "Медведчук"],
    ["Prigozhin", "Prigoschin", "Prigojine", "Prigożyn", "Пригожин"],
    ["Shoigu", "Schoigu", "Choïgou", "Szojgu", "Шойгу"],
    ["Lukashenko", "Lukaschenko", "Loukachenko", "Лукашенко"],
    ["Yevgeny", "Evgeny", "Jewgeni", "Evgueni", "Євген", "Евгений"],
    ["Szijjártó", "Szijjarto"],
    ["Borrell", "Borel"],
    ["Gladkov", "Gladkow", "Гладков", "Gładkow"],
    ["Klitschko", "Klychko", "Kliczko", "Кличко"],
    ["Volodymyr", "Wolodymyr", "Wołodymyr", "Володимир", "Vladimir"],
])
func variantsShareAKey(names: [String]) {
    let keyer = NormalizationFixture.rules.keyer
    let readings = names.map { Set(keyer.keys($0)) }
    let shared = readings.dropFirst().reduce(readings[0]) { $0.intersection($1) }
    // The first spelling's own key is among the shared ones.
    #expect(shared.contains(keyer.key(names[0]).key), "\(zip(names, readings).map { "\($0)=\($1.sorted())" })")
}

/// Names that only look alike keep different keys.
@Test(arguments: [
    ("Medvedev", "Medvedchuk"), ("Yermak", "Yermakov"), ("Kursk", "Kurakhove"), ("Belgorod", "Bilhorod-Dnistrovskyi"),
    ("Vitali Klitschko", "Wladimir Klitschko"), ("Minsk", "Pinsk"), ("Kharkiv", "Kherson"), ("Luhansk", "Lutsk"),
    ("22nd Mechanized Brigade", "92nd Mechanized Brigade"), ("Sumy", "Sudzha"),
])
func lookAlikesKeepDifferentKeys(a: String, b: String) {
    let keyer = NormalizationFixture.rules.keyer
    #expect(keyer.key(a).key != keyer.key(b).key)
}

@Test(arguments: [
    ("Tymoshenko", "tmxnk", "timoxenko"),
    ("Strelkov-Girkin", "strlkv grkn", "strelkov girkin"),
    ("O'Brien", "brn", "obrien"),
    ("Мар'яна", "mrn", "mariana"),
    ("Io", "o", "o"),
    ("59th Brigade", "59t brgd", "59t brigade"),
    ("", "", ""),
])
func keysAndForms(name: String, key: String, form: String) {
    let k = NormalizationFixture.rules.keyer.key(name)
    #expect(k.key == key && k.form == form, "\(k.key) \(k.form)")
}

/// Similarity of forms: vowels weigh less than consonants, some vowel pairs
/// less than others; in people's names the last vowel of a word counts more.
@Test(arguments: [
    ("Kiev", "Kyiv", false, 0.85, 1.0),
    ("Belgorod", "Bilhorod", false, 0.9, 1.0),
    ("Zelenksy", "Zelensky", true, 0.85, 0.95),
    ("Medvedev", "Medvedchuk", true, 0.0, 0.75),
    ("Garkin", "Girkin", true, 0.0, 0.85),
    ("Umarov", "Umerov", true, 0.0, 0.85),
    ("Medvedeva", "Medvedev", true, 0.0, 0.7),
    ("Zelenska", "Zelensky", true, 0.0, 0.85),
    ("Medvedeva", "Medvedev", false, 0.9, 1.0),
    ("Arestov", "Rostov", false, 0.0, 0.85),
    ("Borel", "Borrell", true, 0.9, 1.0),
    ("Asia", "Assia", false, 0.9, 0.97),
])
func similarity(a: String, b: String, person: Bool, atLeast: Double, below: Double) {
    let keyer = NormalizationFixture.rules.keyer
    let s = NameSimilarity.score(keyer.key(a).form, keyer.key(b).form, costs: keyer.costs, strictEndings: person)
    #expect(s >= atLeast && (s < below || s == 1 && below == 1), "\(a) ~ \(b) = \(s)")
}

/// Inflected Ukrainian and Russian names: their nominative is among the
/// candidates; names that do not decline keep only themselves.
@Test(arguments: [
    ("Зеленського", "Зеленський"), ("Зеленським", "Зеленський"), ("Зеленському", "Зеленський"),
    ("Зеленского", "Зеленский"), ("Києві", "Київ"), ("Києва", "Київ"), ("Харкові", "Харків"), ("Харкова", "Харків"),
    ("Львові", "Львів"), ("Миколаєва", "Миколаїв"), ("Путина", "Путин"), ("Путину", "Путин"), ("Путиным", "Путин"),
    ("Медведевым", "Медведев"), ("Шевченка", "Шевченко"), ("Медведчука", "Медведчук"), ("Бахмуті", "Бахмут"),
    ("Москвы", "Москва"), ("Москве", "Москва"), ("Одесі", "Одеса"), ("Маріуполі", "Маріуполь"), ("Дніпра", "Дніпро"),
    ("Авдіївці", "Авдіївка"), ("Юлії", "Юлія"), ("Андрія", "Андрій"), ("Сергея", "Сергей"), ("Запоріжжі", "Запоріжжя"),
])
func nominatives(inflected: String, nominative: String) {
    let c = NormalizationFixture.rules.lemmatizer.candidates(inflected)
    #expect(c.first == inflected)
    #expect(c.contains(nominative), "\(c)")
}

@Test(arguments: ["Шойгу", "Шевченко", "Kyiv", "Тимошенко"])
func namesThatDoNotDeclineStay(name: String) {
    let c = NormalizationFixture.rules.lemmatizer.candidates(name)
    #expect(c.first == name)
    #expect(NormalizationFixture.rules.lemmatizer.lemma(name) == name)
}

/// Only `sure` endings rewrite unknown names.
@Test(arguments: [
    ("Зеленського", "Зеленський"), ("Петренковського", "Петренковський"), ("Бондаренка", "Бондаренко"),
    ("Путина", "Путина"), ("Києві", "Києві"), ("Сидоренко Івана", "Сидоренко Івана"),
])
func sureLemmas(name: String, lemma: String) {
    #expect(NormalizationFixture.rules.lemmatizer.lemma(name) == lemma)
}

@Test(arguments: [
    ("Mykola Tkatschenko", "Mykola Tkachenko"), ("Mykola Tkaczenko", "Mykola Tkachenko"),
    ("Serhij Selenskyj", "Serhiy Selenskyi"), ("Wolfgang Schmidt", "Wolfgang Schmidt"),
    ("Kaan Terzioğlu", "Kaan Terzioğlu"), ("59th Brigade (Tkatschenko)", "59th Brigade (Tkachenko)"),
])
func spellingForIDs(name: String, respelled: String) {
    #expect(NormalizationFixture.rules.spelling.respell(name) == respelled)
}
