// Match throughput of two compiled lexicons on the same haystack, measured in
// alternation in one process, so that a busy machine slows both alike:
//
//   swift run -c release lexicon-ratio [SMALL.gzlex] [LARGE.gzlex] [ROUNDS]
//
// (defaults: .data/lexicon-10k.gzlex, .data/lexicon-1m.gzlex, 40 rounds).
// Prints each lexicon's fastest and median pass over the haystack in MB/s,
// and the ratio large/small of the fastest passes (the acceptance figure:
// at least 0.8 for 1M against 10k aliases), twice: for Lexicon.match alone on
// text tokenized beforehand, and for tokenizing and matching (what the lexicon
// stage costs a caller that starts from text). The Build benchmarks write the
// compiled files; generate_lexicon.py writes the haystack.
import Foundation
import Gazette

let data = ProcessInfo.processInfo.environment["GAZETTE_BENCH_DATA"].flatMap { $0.isEmpty ? nil : $0 }
    ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".data").path
let args = CommandLine.arguments
let paths = [args.count > 1 ? args[1] : "\(data)/lexicon-10k.gzlex", args.count > 2 ? args[2] : "\(data)/lexicon-1m.gzlex"]
let rounds = args.count > 3 ? Int(args[3]) ?? 40 : 40

let tokenizer = try Tokenizer()
let text = try String(contentsOfFile: "\(data)/haystack.txt", encoding: .utf8)
let texts = try text.components(separatedBy: "\n\n###\n\n").map { try tokenizer.tokenize($0) }
let megabytes = Double(text.utf8.count) / 1e6
let lexicons = try paths.map { try Lexicon.read(from: $0).lexicon }

/// Runs `pass` for each lexicon in alternation and prints the figures.
func measure(_ title: String, _ pass: (Lexicon) -> Int) {
    var times: [[Double]] = [[], []]
    var found = [0, 0]
    for round in 0..<(rounds + 2) {
        for (k, lexicon) in lexicons.enumerated() {
            let start = DispatchTime.now().uptimeNanoseconds
            let n = pass(lexicon)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if round >= 2 { times[k].append(seconds) }  // two warm-up rounds
            found[k] = n
        }
    }
    print(title)
    for (k, path) in paths.enumerated() {
        let sorted = times[k].sorted()
        print(String(format: "  %@: %d aliases, %d matches per pass; fastest %.1f MB/s, median %.1f MB/s",
                     (path as NSString).lastPathComponent, lexicons[k].aliasCount, found[k],
                     megabytes / sorted[0], megabytes / sorted[sorted.count / 2]))
    }
    let best = times.map { $0.min()! }
    let medians = times.map { $0.sorted()[$0.count / 2] }
    print(String(format: "  throughput ratio large/small: %.2f (fastest passes), %.2f (medians)",
                 best[0] / best[1], medians[0] / medians[1]))
}

var ids: [Int32] = []
var matches: [LexiconMatch] = []
measure("Lexicon.match on tokenized text") { lexicon in
    var n = 0
    for t in texts {
        matches.removeAll(keepingCapacity: true)
        lexicon.match(t, ids: &ids, into: &matches)
        n += matches.count
    }
    return n
}
let documents = text.components(separatedBy: "\n\n###\n\n")
var scratch = TokenizedText()
measure("tokenize + Lexicon.match") { lexicon in
    var n = 0
    for d in documents {
        try! tokenizer.tokenize(d, into: &scratch)
        matches.removeAll(keepingCapacity: true)
        lexicon.match(scratch, ids: &ids, into: &matches)
        n += matches.count
    }
    return n
}
