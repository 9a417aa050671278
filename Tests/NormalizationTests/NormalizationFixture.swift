import Foundation
import Gazette
import GazetteTestSupport

/// The bundled transliteration rules and name index, loaded once per test process.
enum NormalizationFixture {
    static let directory = TestSupport.lexicons + "/transliteration"
    static let rules = NameRules(directory: directory)

    /// A romanizer over the bundled rules (one per caller: romanizers own ICU objects).
    static func romanizer() -> Romanizer { Romanizer(rules: rules) }

    /// The name index over the bundled lexicons.
    static var index: NameIndex { TestSupport.resources.names }

    /// A normalizer over the bundled lexicons (one per caller).
    static func normalizer() -> NameNormalizer { NameNormalizer(index: index) }
}
