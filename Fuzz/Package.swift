// swift-tools-version:6.0
// libFuzzer harnesses for Gazette: a package of its own, so that plain
// `swift build` and `swift test` at the top level never build them (they need
// `-sanitize=fuzzer`, whose runtime brings its own `main`). Build and run with
// `scripts/fuzz` (see docs/robustness.md):
//
//   scripts/fuzz tokenizer 600      # ten minutes of the tokenizer harness
//
// One executable per harness; FuzzSupport holds the libFuzzer entry glue.
import PackageDescription

let package = Package(
    name: "GazetteFuzz",
    dependencies: [.package(name: "Gazette", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(name: "FuzzTokenizer", dependencies: ["FuzzSupport", .product(name: "Gazette", package: "Gazette")]),
        .executableTarget(name: "FuzzLexiconLoader", dependencies: ["FuzzSupport", .product(name: "Gazette", package: "Gazette")]),
        .executableTarget(name: "FuzzRuleLoader", dependencies: ["FuzzSupport", .product(name: "Gazette", package: "Gazette")]),
        .executableTarget(name: "FuzzRuleFiles", dependencies: ["FuzzSupport", .product(name: "Gazette", package: "Gazette")]),
        .executableTarget(name: "FuzzJSONL", dependencies: ["FuzzSupport", .product(name: "Gazette", package: "Gazette")]),
        .executableTarget(name: "FuzzPipeline", dependencies: ["FuzzSupport", .product(name: "Gazette", package: "Gazette")]),
    ],
    // Harnesses are single-threaded scripts over global state: Swift 5 mode.
    swiftLanguageModes: [.v5]
)
