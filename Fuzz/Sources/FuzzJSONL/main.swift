// JSONL reader harness: the input is a JSONL file. Every non-blank line
// becomes exactly one document or one error naming its line; nothing traps,
// nothing recurses on nesting; a line that parses re-serializes to a line that
// parses to the same id and text.
import FuzzSupport
import Glibc
import Gazette

let dir = scratchDirectory("jsonl")
let path = dir + "/fuzz.jsonl"
let parser = JSONLineParser()

runFuzzer { data in
    writeFile(path, data)
    var expected = 0
    var lines: [ArraySlice<UInt8>] = data.split(separator: 0x0A, omittingEmptySubsequences: false)
    if lines.last?.isEmpty == true { lines.removeLast() }
    for line in lines where !line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { expected += 1 }
    var count = 0
    for doc in InputReader(paths: [path], format: .jsonl) {
        check(doc.index == count, "document index \(doc.index), expected \(count)")
        if let e = doc.error { check(e.hasPrefix(path + ":"), "error does not name the file and line: \(e)") }
        count += 1
    }
    check(count == expected, "\(expected) non-blank lines gave \(count) documents")

    // The parser alone, on the first line as given (invalid UTF-8 included).
    let line = Array(lines.first ?? [])
    guard let record = try? line.withUnsafeBufferPointer({ try parser.parse($0) }) else { return }
    var out: [UInt8] = Array(#"{"id":"#.utf8)
    JSONLineParser.appendString(record.id ?? "", to: &out)
    out += Array(#","text":"#.utf8)
    JSONLineParser.appendString(record.text ?? "", to: &out)
    out.append(0x7D)
    do {
        let again = try out.withUnsafeBufferPointer { try parser.parse($0) }
        check(again.id == (record.id ?? "") && again.text == (record.text ?? ""), "re-serialized record differs")
    } catch {
        check(false, "re-serialized record does not parse: \(error)")
    }
}
