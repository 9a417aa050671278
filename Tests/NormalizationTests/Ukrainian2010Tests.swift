import Testing
import Gazette
import GazetteTestSupport

/// Every example of the table approved by resolution No. 55 of the Cabinet of
/// Ministers of Ukraine (27 January 2010), with the two examples of its note on
/// зг, romanized by `Lexicons/transliteration/uk-2010.txt`.
@Test(arguments: [
    ("Алушта", "Alushta"), ("Андрій", "Andrii"),
    ("Борщагівка", "Borshchahivka"), ("Борисенко", "Borysenko"),
    ("Вінниця", "Vinnytsia"), ("Володимир", "Volodymyr"),
    ("Гадяч", "Hadiach"), ("Богдан", "Bohdan"), ("Згурський", "Zghurskyi"),
    ("Ґалаґан", "Galagan"), ("Ґорґани", "Gorgany"),
    ("Донецьк", "Donetsk"), ("Дмитро", "Dmytro"),
    ("Рівне", "Rivne"), ("Олег", "Oleh"), ("Есмань", "Esman"),
    ("Єнакієве", "Yenakiieve"), ("Гаєвич", "Haievych"), ("Короп'є", "Koropie"),
    ("Житомир", "Zhytomyr"), ("Жанна", "Zhanna"), ("Жежелів", "Zhezheliv"),
    ("Закарпаття", "Zakarpattia"), ("Казимирчук", "Kazymyrchuk"),
    ("Медвин", "Medvyn"), ("Михайленко", "Mykhailenko"),
    ("Іванків", "Ivankiv"), ("Іващенко", "Ivashchenko"),
    ("Їжакевич", "Yizhakevych"), ("Кадиївка", "Kadyivka"), ("Мар'їне", "Marine"),
    ("Йосипівка", "Yosypivka"), ("Стрий", "Stryi"), ("Олексій", "Oleksii"),
    ("Київ", "Kyiv"), ("Коваленко", "Kovalenko"),
    ("Лебедин", "Lebedyn"), ("Леонід", "Leonid"),
    ("Миколаїв", "Mykolaiv"), ("Маринич", "Marynych"),
    ("Ніжин", "Nizhyn"), ("Наталія", "Nataliia"),
    ("Одеса", "Odesa"), ("Онищенко", "Onyshchenko"),
    ("Полтава", "Poltava"), ("Петро", "Petro"),
    ("Решетилівка", "Reshetylivka"), ("Рибчинський", "Rybchynskyi"),
    ("Суми", "Sumy"), ("Соломія", "Solomiia"),
    ("Тернопіль", "Ternopil"), ("Троць", "Trots"),
    ("Ужгород", "Uzhhorod"), ("Уляна", "Uliana"),
    ("Фастів", "Fastiv"), ("Філіпчук", "Filipchuk"),
    ("Харків", "Kharkiv"), ("Христина", "Khrystyna"),
    ("Біла Церква", "Bila Tserkva"), ("Стеценко", "Stetsenko"),
    ("Чернівці", "Chernivtsi"), ("Шевченко", "Shevchenko"),
    ("Шостка", "Shostka"), ("Кишеньки", "Kyshenky"),
    ("Щербухи", "Shcherbukhy"), ("Гоща", "Hoshcha"), ("Гаращенко", "Harashchenko"),
    ("Юрій", "Yurii"), ("Корюківка", "Koriukivka"),
    ("Яготин", "Yahotyn"), ("Ярошенко", "Yaroshenko"), ("Костянтин", "Kostiantyn"),
    ("Знам'янка", "Znamianka"), ("Феодосія", "Feodosiia"),
    // Note 1: зг is zgh, to tell it from ж (zh).
    ("Згорани", "Zghorany"), ("Розгон", "Rozghon"),
])
func ukrainian2010OfficialExample(ukrainian: String, latin: String) throws {
    #expect(try NormalizationFixture.romanizer().romanize(ukrainian, scheme: "uk-2010", language: .ukrainian) == latin)
}

/// The resolution's rules around the examples: apostrophe forms, capitals, and
/// word-initial letters after a hyphen or a space.
@Test(arguments: [
    ("Знам’янка", "Znamianka"),            // typographic apostrophe
    ("Знамʼянка", "Znamianka"),            // modifier letter apostrophe
    ("КИЇВ", "KYIV"),                      // all capitals
    ("ЗГУРСЬКИЙ", "ZGHURSKYI"),
    ("Ярошенко-Юрченко", "Yaroshenko-Yurchenko"),  // word-initial after a hyphen
    ("Юрій Яготинський", "Yurii Yahotynskyi"),
    ("Київ (Kyiv), 2023", "Kyiv (Kyiv), 2023"),   // other text passes through
    ("", ""),
])
func ukrainian2010Rules(ukrainian: String, latin: String) throws {
    #expect(try NormalizationFixture.romanizer().romanize(ukrainian, scheme: "uk-2010", language: .ukrainian) == latin)
}
