// Lexicon benchmarks at 10k, 100k and 1M aliases (synthetic lexicons from
// benchmarks/generate_lexicon.py): build time from TSV, compiled-form load
// time, resident memory, and match throughput on one haystack. Figures and
// commands: benchmarks/README.md.
import Benchmark
import Foundation
import Gazette

/// Where generate_lexicon.py wrote its files: `$GAZETTE_BENCH_DATA`, else `benchmarks/.data`.
let dataDirectory: String = {
    if let dir = ProcessInfo.processInfo.environment["GAZETTE_BENCH_DATA"], !dir.isEmpty { return dir }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".data").path
}()

func dataFile(_ name: String) -> String {
    let path = (dataDirectory as NSString).appendingPathComponent(name)
    guard FileManager.default.fileExists(atPath: path) else {
        fatalError("\(path) is missing: run `python3 benchmarks/generate_lexicon.py` (and the Build benchmarks) first")
    }
    return path
}

/// The lexicon sizes: label and file stem.
let sizes = [("10k", "lexicon-10k"), ("100k", "lexicon-100k"), ("1M", "lexicon-1m")]

/// The bundled lexicons (`Lexicons/` of this checkout).
let bundled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Lexicons").path

/// The haystack's documents, tokenized once.
func haystack(_ tokenizer: Tokenizer) throws -> (texts: [TokenizedText], bytes: Int) {
    let text = try String(contentsOfFile: dataFile("haystack.txt"), encoding: .utf8)
    let documents = text.components(separatedBy: "\n\n###\n\n")
    return (try documents.map { try tokenizer.tokenize($0) }, text.utf8.count)
}

/// State of a match benchmark: the lexicon, the tokenized haystack and scratch buffers.
final class MatchState {
    let lexicon: Lexicon
    let texts: [TokenizedText]
    var ids: [Int32] = []
    var matches: [LexiconMatch] = []

    init(lexicon: Lexicon, texts: [TokenizedText]) {
        self.lexicon = lexicon
        self.texts = texts
    }
}

let benchmarks: @Sendable () -> Void = {
    // The bundled lexicons: what every run of `gazette` loads. Build = parse the
    // TSV files and tokenize every alias (a run without a current cache); Load =
    // read the compiled form (a run with one).
    Benchmark("Build bundled",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 0,
                                   maxDuration: .seconds(60), maxIterations: 5)) { benchmark, tokenizer in
        var builder = LexiconBuilder()
        builder.loadDirectory(bundled)
        let lexicon = try! builder.build(tokenizer: tokenizer)
        benchmark.stopMeasurement()
        blackHole(lexicon)
        let compiled = (dataDirectory as NSString).appendingPathComponent("bundled.gzlex")
        if !FileManager.default.fileExists(atPath: compiled) { try! lexicon.write(to: compiled) }
    } setup: {
        try Tokenizer()
    }
    Benchmark("Load bundled",
              configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 1,
                                   maxDuration: .seconds(20), maxIterations: 50)) { benchmark, path in
        let (lexicon, _) = try! Lexicon.read(from: path)
        blackHole(lexicon)
    } setup: {
        dataFile("bundled.gzlex")
    }

    for (label, stem) in sizes {
        // TSV → Lexicon: parse, tokenize every alias, build the automaton. The first
        // run also writes the compiled form that the Load and Match benchmarks read.
        Benchmark("Build \(label)",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 0,
                                       maxDuration: .seconds(120), maxIterations: 3)) { benchmark, tokenizer in
            var builder = LexiconBuilder()
            builder.loadFile(dataFile("\(stem).tsv"))
            let lexicon = try! builder.build(tokenizer: tokenizer)
            benchmark.stopMeasurement()
            blackHole(lexicon)
            let compiled = (dataDirectory as NSString).appendingPathComponent("\(stem).gzlex")
            if !FileManager.default.fileExists(atPath: compiled) { try! lexicon.write(to: compiled) }
        } setup: {
            try Tokenizer()
        }

        // The compiled form → Lexicon: what a run pays at start-up when the cache is current.
        Benchmark("Load \(label)",
                  configuration: .init(metrics: [.wallClock, .cpuTotal, .peakMemoryResident], warmupIterations: 1,
                                       maxDuration: .seconds(20), maxIterations: 20)) { benchmark, path in
            let (lexicon, _) = try! Lexicon.read(from: path)
            blackHole(lexicon)
        } setup: {
            dataFile("\(stem).gzlex")
        }

        // Lexicon.match over the whole haystack (already tokenized): longest-leftmost
        // matching plus the shared-alias policy. One iteration = one pass.
        Benchmark("Match \(label)",
                  configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident], warmupIterations: 2,
                                       maxDuration: .seconds(10), maxIterations: 200)) { (benchmark: Benchmark, state: MatchState) in
            var found = 0
            for t in state.texts {
                state.matches.removeAll(keepingCapacity: true)
                state.lexicon.match(t, ids: &state.ids, into: &state.matches)
                found += state.matches.count
            }
            blackHole(found)
        } setup: {
            let (lexicon, _) = try Lexicon.read(from: dataFile("\(stem).gzlex"))
            return MatchState(lexicon: lexicon, texts: try haystack(Tokenizer()).texts)
        }
    }
}
