#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Gazette

/// A one-line progress display on stderr (documents, MB, MB/s, ETA when the
/// input size is known), shown only when stderr is a terminal.
final class Progress {
    private let enabled: Bool
    private let totalBytes: Int?
    private let start = Throughput.now()
    private var lastShown = 0.0
    private(set) var documents = 0
    private(set) var bytes = 0

    /// - Parameter totalBytes: the input size, when known (files, not stdin).
    init(quiet: Bool, totalBytes: Int?) {
        enabled = !quiet && isatty(2) == 1
        self.totalBytes = totalBytes
    }

    /// Counts one finished document; redraws at most five times a second.
    func add(bytes: Int) {
        documents += 1
        self.bytes += bytes
        guard enabled else { return }
        let now = Throughput.now()
        if now - lastShown >= 0.2 { show(now, final: false) }
    }

    /// Draws the last state and ends the line.
    func finish() {
        guard enabled else { return }
        show(Throughput.now(), final: true)
    }

    private func show(_ now: Double, final: Bool) {
        lastShown = now
        let elapsed = max(now - start, 1e-6)
        let mbps = Double(bytes) / 1_000_000 / elapsed
        var line = String(format: "\r%d documents, %.1f MB, %.1f MB/s", documents, Double(bytes) / 1_000_000, mbps)
        if let total = totalBytes, total > 0, !final {
            let done = min(1, Double(bytes) / Double(total))
            let eta = done > 0 ? elapsed * (1 - done) / done : 0
            line += String(format: ", %.0f%%, ETA %@", done * 100, Self.duration(eta))
        }
        line += final ? "\n" : "\u{1B}[K"
        FileHandle.standardError.write(Data(line.utf8))
    }

    static func duration(_ s: Double) -> String {
        let t = Int(s.rounded())
        return t >= 3600 ? String(format: "%d:%02d:%02d", t / 3600, t / 60 % 60, t % 60) : String(format: "%d:%02d", t / 60, t % 60)
    }

    /// The total size of the input files under `paths`, or nil when stdin is read.
    static func inputSize(_ paths: [String]) -> Int? {
        if paths.isEmpty || paths.contains("-") { return nil }
        let fm = FileManager.default
        var total = 0
        for p in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: p, isDirectory: &isDir) else { continue }
            if isDir.boolValue {
                for case let rel as String in fm.enumerator(atPath: p) ?? FileManager.DirectoryEnumerator()
                where rel.hasSuffix(".txt") || rel.hasSuffix(".jsonl") {
                    total += (try? fm.attributesOfItem(atPath: (p as NSString).appendingPathComponent(rel))[.size] as? Int) ?? 0
                }
            } else {
                total += (try? fm.attributesOfItem(atPath: p)[.size] as? Int) ?? 0
            }
        }
        return total
    }
}

/// The `--stats` report: time per stage, throughput and peak memory.
enum RunStats {
    static func report(_ times: StageTimes, wallSeconds: Double, jobs: Int) -> String {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peakMB = Double(usage.ru_maxrss) / 1024  // kilobytes on Linux
        var lines = [String(format: "%d documents, %.2f MB in %.2f s with %d job%@: %.0f documents/s, %.2f MB/s; peak RSS %.0f MB",
                            times.documents, Double(times.bytes) / 1_000_000, wallSeconds, jobs, jobs == 1 ? "" : "s",
                            Double(times.documents) / max(wallSeconds, 1e-9), Double(times.bytes) / 1_000_000 / max(wallSeconds, 1e-9),
                            peakMB)]
        lines.append("time per stage (all workers): " + times.stages.map {
            String(format: "%@ %.2f s (%.0f%%)", $0.0, $0.1, 100 * $0.1 / max(times.total, 1e-9))
        }.joined(separator: ", "))
        return lines.joined(separator: "\n")
    }
}
