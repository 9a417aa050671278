#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Resuming an interrupted run that writes one line per document.
///
/// Output is written in whole documents, in input order, so an interrupted
/// file is a prefix of the complete output, possibly followed by a partial
/// last line. ``prepare(path:)`` drops that partial line and says how many
/// documents are done; the run then skips that many input documents and
/// appends.
public enum ResumableOutput {
    /// Truncates `path` after its last complete line and returns the number of
    /// complete lines (documents already written). A missing file counts as 0.
    public static func prepare(path: String) throws -> Int {
        let fd = open(path, O_RDWR)
        if fd < 0 {
            if errno == ENOENT { return 0 }
            throw ResumeError(message: "\(path): cannot open for resuming: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var lines = 0
        var lastNewlineEnd: off_t = 0
        var offset: off_t = 0
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 { throw ResumeError(message: "\(path): read error: \(String(cString: strerror(errno)))") }
            if n == 0 { break }
            for i in 0..<n where buffer[i] == 0x0A {
                lines += 1
                lastNewlineEnd = offset + off_t(i) + 1
            }
            offset += off_t(n)
        }
        if lastNewlineEnd < offset, ftruncate(fd, lastNewlineEnd) != 0 {
            throw ResumeError(message: "\(path): cannot drop the partial last line: \(String(cString: strerror(errno)))")
        }
        return lines
    }
}

public struct ResumeError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
