// The Gazette library: every pipeline stage, re-exported.
//
//     import Gazette
//
//     let resources = try Resources()            // bundled lexicons
//     let tagger = try Tagger(resources: resources)
//     for e in try tagger.tag("Governor Vyacheslav Gladkov said ...") {
//         print(e.label.name, e.kbID ?? "-")
//     }
@_exported import Evaluation
@_exported import Formats
@_exported import GazetteCore
@_exported import Lexicon
@_exported import Normalization
@_exported import Pipeline
@_exported import Rules
@_exported import Tokenization
