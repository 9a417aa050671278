import Foundation
import GazetteCore
import Tokenization

/// Loads lexicon directories through a cache of compiled lexicons, so that a
/// run builds the lexicon from TSV only when its sources changed.
///
/// The compiled file for a list of directories is
/// `<cache>/lexicon-<hash of the directory paths>.gzlex`. Its key is a hash of
/// the format version, the running executable's size and modification time (a
/// new build of Gazette rebuilds once), a tokenizer fingerprint (how a fixed
/// probe text tokenizes and folds, so a change in ICU or in folding rebuilds)
/// and, for every source file (``LexiconBuilder/sourceFiles(in:)``), its path, size and
/// modification time in nanoseconds. A file whose key, length or checksums do
/// not match is rebuilt and replaced.
///
/// The cache never fails a run: when the cache directory cannot be created or
/// written, the lexicon is built in memory and ``Outcome/uncached(_:)`` says why.
/// It keeps the ``maximumFiles`` most recently used compiled files.
///
/// The cache directory is `$GAZETTE_CACHE`, else `$XDG_CACHE_HOME/gazette`,
/// else `~/.cache/gazette`; `GAZETTE_CACHE=off` disables the cache.
public struct LexiconCache: Sendable {
    /// Where compiled lexicons are kept; nil disables the cache.
    public let directory: String?

    /// What ``load(directories:tokenizer:)`` did.
    public enum Outcome: Sendable, Equatable {
        /// Read the compiled file.
        case hit
        /// Built from the sources and wrote the compiled file; `reason` says why
        /// the old one was not used (missing, stale, corrupt...).
        case rebuilt(reason: String)
        /// Built from the sources; the compiled file could not be written (or the
        /// cache is off).
        case uncached(String)
    }

    /// A loaded lexicon with the problems found in its sources.
    public struct Loaded: Sendable {
        public let lexicon: Lexicon
        /// Problems in the source files, the same whether the lexicon was built or read.
        public let diagnostics: [DataFileError]
        public let outcome: Outcome
        /// The compiled file used or written, if any.
        public let path: String?
    }

    /// A cache in `directory` (nil: no cache, always build).
    public init(directory: String?) {
        self.directory = directory
    }

    /// The cache directory from the environment (see the type's documentation).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(directory: Self.defaultDirectory(environment))
    }

    /// `$GAZETTE_CACHE` (`off` for none), else `$XDG_CACHE_HOME/gazette`, else `~/.cache/gazette`.
    public static func defaultDirectory(_ environment: [String: String]) -> String? {
        if let dir = environment["GAZETTE_CACHE"], !dir.isEmpty { return dir == "off" ? nil : dir }
        if let xdg = environment["XDG_CACHE_HOME"], !xdg.isEmpty { return (xdg as NSString).appendingPathComponent("gazette") }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return (home as NSString).appendingPathComponent(".cache/gazette")
    }

    /// The compiled file for these directories.
    public func path(for directories: [String]) -> String? {
        guard let directory else { return nil }
        let joined = directories.map { URL(fileURLWithPath: $0).standardizedFileURL.path }.joined(separator: "\n")
        let name = String(Checksum.hash(Array(joined.utf8)), radix: 16)
        return (directory as NSString).appendingPathComponent("lexicon-\(name).gzlex")
    }

    /// A file kept beside the compiled file `path` (the name index: `.names`,
    /// the compiled word lists: `.words`), removed with it.
    public static func companion(of path: String, suffix: String) -> String {
        (path.hasSuffix(".gzlex") ? String(path.dropLast(6)) : path) + suffix
    }

    /// The key of the current sources: format version, tokenizer fingerprint,
    /// and each source file's path, size and modification time.
    public static func key(directories: [String], tokenizer: Tokenizer) -> UInt64 {
        var text = "format \(CompiledLexiconFormat.version)\n" + fingerprint(tokenizer) + "\n"
        // The program itself: a new build of Gazette may compile the same sources
        // differently, so it rebuilds once rather than trusting an old file.
        if let exe = executableStamp() { text += "exe \(exe)\n" }
        for d in directories {
            text += "dir \(d)\n"
            for file in LexiconBuilder.sourceFiles(in: d) {
                if let stamp = fileStamp(file) {
                    text += "\(file)\t\(stamp)\n"
                } else {
                    text += "\(file)\tunreadable\n"
                }
            }
        }
        return Checksum.hash(Array(text.utf8))
    }

    /// A file's size and modification time in nanoseconds ("123\t1700000000.5"), or nil
    /// when it cannot be read: what cache keys record of their source files.
    public static func fileStamp(_ file: String) -> String? {
        var st = stat()
        guard stat(file, &st) == 0 else { return nil }
        #if os(Linux)
        let mtime = st.st_mtim
        #else
        let mtime = st.st_mtimespec
        #endif
        return "\(st.st_size)\t\(mtime.tv_sec).\(mtime.tv_nsec)"
    }

    /// The running executable's path, size and modification time.
    static func executableStamp() -> String? {
        #if os(Linux)
        let path = "/proc/self/exe"
        #else
        guard let path = Bundle.main.executablePath else { return nil }
        #endif
        return fileStamp(path)
    }

    /// How the tokenizer splits and folds a probe of the cases lexicons rely on.
    static func fingerprint(_ tokenizer: Tokenizer) -> String {
        let probe = "Szijjártó KYIV's U.S. Знам’янка Ёлка MiG-29 straße Łódź İstanbul São 北京 ŞİŞLİ"
        guard let t = try? tokenizer.tokenize(probe) else { return "no tokenizer" }
        return t.tokens.map { "\($0.start)-\($0.end):\(t.foldedText(of: $0)):\($0.shape.rawValue):\($0.kind.rawValue)" }
            .joined(separator: " ")
    }

    /// How many compiled files the cache keeps; older ones are removed when a new one is written.
    public static let maximumFiles = 16
    /// The suffixes of the files kept beside a compiled file.
    public static let companionSuffixes = [".names", ".words"]

    /// Removes all but the ``maximumFiles`` most recently used compiled files
    /// (other than `path`), and temporary files left by interrupted writes.
    func prune(keeping path: String) {
        guard let directory, let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        var files: [(path: String, used: Date)] = []
        for name in names where name.hasPrefix("lexicon-") {
            let p = (directory as NSString).appendingPathComponent(name)
            guard p != path, let used = (try? FileManager.default.attributesOfItem(atPath: p))?[.modificationDate] as? Date else { continue }
            if name.contains(".tmp-") {
                if used.timeIntervalSinceNow < -3600 { try? FileManager.default.removeItem(atPath: p) }
            } else if name.hasSuffix(".gzlex") {
                files.append((p, used))
            }
        }
        files.sort { $0.used > $1.used }
        for f in files.dropFirst(Self.maximumFiles - 1) {
            try? FileManager.default.removeItem(atPath: f.path)
            for suffix in Self.companionSuffixes {
                try? FileManager.default.removeItem(atPath: Self.companion(of: f.path, suffix: suffix))
            }
        }
    }

    /// Loads `directories` (as ``LexiconBuilder/loadDirectory(_:)`` does, in
    /// order): from the compiled file when it is current, else by building from
    /// the sources and writing the compiled file for next time.
    ///
    /// - Throws: only what building throws (ICU errors); never a cache problem.
    public func load(directories: [String], tokenizer: Tokenizer) throws -> Loaded {
        let key = Self.key(directories: directories, tokenizer: tokenizer)
        var reason = "cache off"
        if let path = path(for: directories) {
            do {
                let (lexicon, diagnostics) = try Lexicon.read(from: path, key: key)
                // Mark it used, so pruning removes the files no run reads any more.
                utimes(path, nil)
                return Loaded(lexicon: lexicon, diagnostics: diagnostics, outcome: .hit, path: path)
            } catch let error as CompiledLexiconError {
                if case .io = error, !FileManager.default.fileExists(atPath: path) { reason = "no compiled file" } else { reason = error.description }
            } catch {
                reason = "\(error)"
            }
        }
        var builder = LexiconBuilder()
        for d in directories { builder.loadDirectory(d) }
        var diagnostics = builder.diagnostics
        let lexicon = try builder.build(tokenizer: tokenizer, diagnostics: &diagnostics)
        guard let directory, let path = path(for: directories) else {
            return Loaded(lexicon: lexicon, diagnostics: diagnostics, outcome: .uncached(reason), path: nil)
        }
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try lexicon.write(to: path, key: key, diagnostics: diagnostics)
            prune(keeping: path)
            return Loaded(lexicon: lexicon, diagnostics: diagnostics, outcome: .rebuilt(reason: reason), path: path)
        } catch {
            return Loaded(lexicon: lexicon, diagnostics: diagnostics,
                          outcome: .uncached("cannot write \(path): \(error)"), path: nil)
        }
    }
}
