// swift-tools-version:6.1
// Gazette's benchmarks: a package of its own so that the library never
// depends on the benchmark harness. Run from this folder:
//
//   swift package --scratch-path .build benchmark --target LexiconBenchmarks
//
// One executable target per area under Benchmarks/; see README.md for the
// figures and the commands that produce them.
import PackageDescription

let package = Package(
    name: "GazetteBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "Gazette", path: ".."),
        // package-benchmark, under its current name (the old package-benchmark
        // URL still resolves but the plugin warns that it will go). Naming the
        // trait turns off the default RuntimeInterposer trait, whose dependency
        // (ordo-one/swift-runtime-interposer) is not available on this machine.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Lexicon build time, compiled-form load time, memory and match
        // throughput at 10k, 100k and 1M aliases.
        .executableTarget(
            name: "LexiconBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Gazette", package: "Gazette"),
            ],
            path: "Benchmarks/LexiconBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Each stage of the pipeline on one synthetic corpus, cumulatively, and
        // the batch runner with 1 and 2 jobs.
        .executableTarget(
            name: "PipelineBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Gazette", package: "Gazette"),
            ],
            path: "Benchmarks/PipelineBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Match throughput of two lexicon sizes measured in alternation in one
        // process: the 1M/10k ratio, robust to other load on the machine.
        .executableTarget(
            name: "lexicon-ratio",
            dependencies: [.product(name: "Gazette", package: "Gazette")],
            path: "Sources/lexicon-ratio"
        ),
    ]
)
