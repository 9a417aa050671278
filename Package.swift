// swift-tools-version:6.0
// Gazette: batch named-entity tagging for news, with every spelling of a name
// linked to one entity. One target per pipeline stage, in pipeline order:
//
//   text ─► Tokenization ─► Lexicon ─► Rules ─► Pipeline (resolution, linking,
//           batch runner) ─► Formats (JSONL, ...)          ▲
//                                  Normalization (keys) ───┘
import PackageDescription

let package = Package(
    name: "Gazette",
    products: [
        .library(name: "Gazette", targets: ["Gazette"]),
        .executable(name: "gazette", targets: ["gazette"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // The only C in the package: a shim over Debian's libicu-dev. Only
        // shim.c includes <unicode/*.h>; the header exposes opaque handles.
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icuuc"), .linkedLibrary("icui18n"), .linkedLibrary("icudata")]
        ),
        // Documents, tokens, spans, labels, offsets: the vocabulary every stage shares.
        .target(name: "GazetteCore"),
        // Stage 1: ICU word and sentence boundaries, token shapes, folded keys.
        .target(name: "Tokenization", dependencies: ["CICU", "GazetteCore"]),
        // Stage 2: gazetteers of aliases compiled into a token-level automaton.
        .target(name: "Lexicon", dependencies: ["GazetteCore", "Tokenization"]),
        // Stage 3: recognizers for names, organizations, dates, handles, codes.
        .target(name: "Rules", dependencies: ["GazetteCore", "Tokenization", "Lexicon"]),
        // Name keys and transliteration used for linking variant spellings.
        .target(name: "Normalization", dependencies: ["CICU", "GazetteCore", "Tokenization", "Lexicon"]),
        // Stage 4: resolution, in-document aliasing, the pipeline and the batch runner.
        .target(name: "Pipeline", dependencies: ["GazetteCore", "Tokenization", "Lexicon", "Rules", "Normalization", "Formats"]),
        // Readers and writers: JSONL in, JSONL out.
        .target(name: "Formats", dependencies: ["GazetteCore"]),
        // Scoring predictions against gold annotations.
        .target(name: "Evaluation", dependencies: ["GazetteCore", "Formats"]),
        // The library product: re-exports every stage.
        .target(name: "Gazette", dependencies: ["GazetteCore", "Tokenization", "Lexicon", "Rules", "Normalization", "Pipeline", "Formats", "Evaluation"]),
        // The command-line tool: a thin layer over the library.
        .executableTarget(name: "gazette", dependencies: [
            "Gazette", "CICU", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "GazetteTestSupport", dependencies: ["Gazette"], path: "Tests/GazetteTestSupport"),
        .testTarget(name: "GazetteCoreTests", dependencies: ["GazetteCore", "GazetteTestSupport"]),
        .testTarget(name: "TokenizationTests", dependencies: ["Tokenization", "GazetteTestSupport"]),
        .testTarget(name: "LexiconTests", dependencies: ["Lexicon", "GazetteTestSupport"]),
        .testTarget(name: "RulesTests", dependencies: ["Rules", "GazetteTestSupport"]),
        .testTarget(name: "NormalizationTests", dependencies: ["Normalization", "GazetteTestSupport"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "GazetteTestSupport"]),
        .testTarget(name: "FormatsTests", dependencies: ["Formats", "GazetteTestSupport"]),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "GazetteTestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["GazetteTestSupport"]),
    ]
)
