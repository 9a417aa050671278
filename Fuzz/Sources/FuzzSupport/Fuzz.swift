#if canImport(Glibc)
import Glibc
#endif

@_silgen_name("LLVMFuzzerRunDriver")
private func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

/// Runs libFuzzer with the process's arguments, calling `body` once per input.
///
/// SwiftPM links an executable's top-level code as `main`, which displaces
/// libFuzzer's own `main`; so each harness's `main.swift` calls this, which
/// hands control to libFuzzer's driver. (`scripts/fuzz` links with
/// `--allow-multiple-definition` for the same reason.)
public func runFuzzer(_ body: @escaping ([UInt8]) -> Void) -> Never {
    FuzzState.body = body
    var argc = CommandLine.argc
    var argv = CommandLine.unsafeArgv
    exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in
        FuzzState.body?(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    })
}

enum FuzzState {
    nonisolated(unsafe) static var body: (([UInt8]) -> Void)?
}

/// Fails the run (libFuzzer records the input as a crash) when `condition` is false.
public func check(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String,
                  file: StaticString = #file, line: UInt = #line) {
    if !condition() {
        fputs("invariant violated: \(message())\n", stderr)
        abort()
    }
}

/// A scratch directory of this process, emptied and reused by every input.
public func scratchDirectory(_ name: String) -> String {
    let dir = "/tmp/gazette-fuzz-\(getpid())-\(name)"
    mkdir(dir, 0o700)
    return dir
}

/// Writes `bytes` to `path`, replacing it.
public func writeFile(_ path: String, _ bytes: [UInt8]) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
    guard fd >= 0 else { fputs("cannot write \(path)\n", stderr); abort() }
    var off = 0
    while off < bytes.count {
        let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + off, bytes.count - off) }
        if n <= 0 { break }
        off += n
    }
    close(fd)
}
