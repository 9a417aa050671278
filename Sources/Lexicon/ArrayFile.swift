#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A file of flat arrays kept beside the compiled lexicon (the name index, the
/// compiled word lists), so that a run reads arrays instead of computing them.
///
/// Layout (little-endian):
///
/// ```
/// 0   magic                               8 bytes
/// 8   format version                      UInt32
/// 12  array count                         UInt32
/// 16  key                                 UInt64
/// 24  per array: element size, count, checksum (UInt64 each)
/// ... the arrays, in order, each at a multiple of 8
/// ```
///
/// A reader checks the magic, version, key, length and every array's
/// checksum; its caller checks what the arrays mean.
public enum ArrayFile {
    /// One array to write: its element size, count, checksum and bytes.
    public struct Section {
        let size: Int
        let count: Int
        let checksum: UInt64
        let bytes: ((UnsafeRawBufferPointer) -> Void) -> Void
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public static func section<T>(_ a: [T]) -> Section {
        Section(size: MemoryLayout<T>.stride, count: a.count, checksum: Checksum.hash(a), bytes: { body in a.withUnsafeBytes(body) })
    }

    /// Two sections for a list of strings: their UTF-8 bytes back to back, and
    /// where each ends (read back with ``Reader/strings()``).
    public static func strings(_ list: [String]) -> [Section] {
        var arena: [UInt8] = []
        var ends: [UInt32] = []
        for s in list {
            arena.append(contentsOf: s.utf8)
            ends.append(UInt32(arena.count))
        }
        return [section(arena), section(ends)]
    }

    /// A value kept in a file at `path`: read back when the file is current,
    /// else made and written there for next time (`path` nil: made, not kept).
    /// A file that cannot be read or written never fails the caller: the value
    /// is made, and the outcome says why. Only making the value can throw.
    public static func cached<T, E: Error>(at path: String?, read: (String) throws -> T, make: () throws(E) -> T,
                                           write: (T, String) throws -> Void) throws(E) -> (value: T, outcome: LexiconCache.Outcome) {
        guard let path else { return (try make(), .uncached("cache off")) }
        let reason: String
        do {
            return (try read(path), .hit)
        } catch {
            reason = "\(error)"
        }
        let value = try make()
        do {
            try write(value, path)
            return (value, .rebuilt(reason: reason))
        } catch {
            return (value, .uncached("cannot write \(path): \(error)"))
        }
    }

    /// Writes `sections` to `path` atomically (a temporary file beside it, renamed over it).
    public static func write(_ sections: [Section], magic: [UInt8], version: UInt32, key: UInt64, to path: String) throws {
        precondition(magic.count == 8)
        var header: [UInt8] = magic
        func le<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { header.append(contentsOf: $0) } }
        le(version)
        le(UInt32(sections.count))
        le(key)
        for a in sections {
            le(UInt64(a.size))
            le(UInt64(a.count))
            le(a.checksum)
        }
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
        var failed: String? = nil
        func put(_ p: UnsafeRawBufferPointer) {
            var done = 0
            while failed == nil && done < p.count {
                let n = systemWrite(fd, p.baseAddress! + done, p.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { failed = String(cString: strerror(errno)) } else { done += n }
            }
        }
        header.withUnsafeBytes(put)
        let zeros = [UInt8](repeating: 0, count: 8)
        var position = header.count
        for a in sections {
            let pad = (8 - position % 8) % 8
            zeros.withUnsafeBytes { put(UnsafeRawBufferPointer(rebasing: $0[..<pad])) }
            a.bytes(put)
            position += pad + a.size * a.count
        }
        close(fd)
        if let failed {
            unlink(temporary)
            throw Failure(description: failed)
        }
        guard rename(temporary, path) == 0 else {
            let message = String(cString: strerror(errno))
            unlink(temporary)
            throw Failure(description: message)
        }
    }

    /// Reads the arrays of a file in the order they were written.
    public final class Reader {
        let path: String
        let fd: Int32
        let length: Int
        var header: [UInt8]
        var position: Int
        var slot = 0
        let count: Int

        /// Opens `path` and checks its header: `what` names the kind of file in errors.
        public init(path: String, magic: [UInt8], version: UInt32, key: UInt64, arrays: Int, what: String) throws {
            self.path = path
            fd = open(path, O_RDONLY)
            guard fd >= 0 else { throw Failure(description: "\(path): \(String(cString: strerror(errno)))") }
            count = arrays
            header = []
            position = 24 + 24 * arrays
            var st = stat()
            guard fstat(fd, &st) == 0 else {
                close(fd)
                throw Failure(description: "\(path): cannot stat")
            }
            length = Int(st.st_size)
            do {
                guard length >= position else { throw Failure(description: "\(path): truncated") }
                header = [UInt8](repeating: 0, count: position)
                try header.withUnsafeMutableBytes { try read($0, at: 0) }
                guard Array(header[0..<8]) == magic else { throw Failure(description: "\(path): not \(what)") }
                guard le(UInt32.self, 8) == version, le(UInt32.self, 12) == UInt32(arrays) else {
                    throw Failure(description: "\(path): other format version")
                }
                guard le(UInt64.self, 16) == key else { throw Failure(description: "\(path): built from other sources") }
            } catch {
                close(fd)
                throw error
            }
        }

        deinit { close(fd) }

        private func le<T: FixedWidthInteger>(_: T.Type, _ at: Int) -> T {
            var v: T = 0
            for i in (0..<MemoryLayout<T>.size).reversed() { v = v << 8 | T(header[at + i]) }
            return v
        }

        /// The next array, checked against its size and checksum.
        public func next<T>(_: T.Type) throws -> [T] {
            guard slot < count else { throw Failure(description: "\(path): more arrays read than written") }
            let at = 24 + 24 * slot
            slot += 1
            let size = le(UInt64.self, at), n = le(UInt64.self, at + 8), checksum = le(UInt64.self, at + 16)
            guard size == UInt64(MemoryLayout<T>.stride), n <= UInt64(length) else { throw Failure(description: "\(path): bad array entry") }
            position += (8 - position % 8) % 8
            let bytes = Int(n) * MemoryLayout<T>.stride
            guard position + bytes <= length else { throw Failure(description: "\(path): truncated") }
            let out = try [T](unsafeUninitializedCapacity: Int(n)) { buffer, initialized in
                try read(UnsafeMutableRawBufferPointer(buffer), at: position)
                initialized = Int(n)
            }
            position += bytes
            guard Checksum.hash(out) == checksum else { throw Failure(description: "\(path): checksum mismatch") }
            return out
        }

        /// The next two arrays as a list of strings (see ``ArrayFile/strings(_:)``).
        public func strings() throws -> [String] {
            let arena = try next(UInt8.self), ends = try next(UInt32.self)
            guard StringList.consistent(arena: arena, ends: ends) else { throw Failure(description: "\(path): bad strings") }
            var out: [String] = []
            out.reserveCapacity(ends.count)
            var start = 0
            for e in ends {
                out.append(String(decoding: arena[start..<Int(e)], as: UTF8.self))
                start = Int(e)
            }
            return out
        }

        /// Checks that every array was read and nothing follows.
        public func finish() throws {
            guard slot == count, position == length else { throw Failure(description: "\(path): trailing bytes") }
        }

        private func read(_ buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws {
            var done = 0
            while done < buffer.count {
                let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else { throw Failure(description: "\(path): \(n == 0 ? "truncated" : String(cString: strerror(errno)))") }
                done += n
            }
        }
    }

    private static func systemWrite(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, p, n)
        #else
        Darwin.write(fd, p, n)
        #endif
    }
}
