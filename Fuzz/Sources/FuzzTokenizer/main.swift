// Tokenizer harness: any bytes, decoded as UTF-8 the way the input reader
// does, must tokenize without trapping, into tokens that lie inside the text,
// in order, on scalar boundaries, with folded keys inside the arena.
import FuzzSupport
import Gazette

let plain = try! Tokenizer()
let abbreviating = try! Tokenizer(abbreviations: ["Gen.", "U.S.", "St.", "Lt. Col."])
let noFastPath = try! Tokenizer(useASCIIFastPath: false)
var scratch = TokenizedText()

func checkTokens(_ t: TokenizedText, _ text: String) {
    let bytes = Array(text.utf8)
    check(t.bytes == bytes, "token text differs from the input")
    var previousEnd: Int32 = 0
    for (i, tok) in t.tokens.enumerated() {
        check(tok.start >= previousEnd && tok.start < tok.end && Int(tok.end) <= bytes.count,
              "token \(i) \(tok.start)..<\(tok.end) out of order or outside \(bytes.count) bytes")
        check(bytes[Int(tok.start)] & 0xC0 != 0x80 && (Int(tok.end) == bytes.count || bytes[Int(tok.end)] & 0xC0 != 0x80),
              "token \(i) splits a UTF-8 sequence")
        check(tok.foldStart <= tok.foldEnd && Int(tok.foldEnd) <= t.folded.count, "token \(i) folded key outside the arena")
        previousEnd = tok.end
    }
    var previousSentence: Int32 = -1
    for s in t.sentenceStarts {
        check(s > previousSentence && Int(s) <= t.tokens.count, "sentence start \(s) out of order or range")
        previousSentence = s
    }
}

runFuzzer { data in
    let text = String(decoding: data, as: UTF8.self)
    for tokenizer in [plain, abbreviating, noFastPath] {
        do {
            try tokenizer.tokenize(text, into: &scratch)
            checkTokens(scratch, text)
        } catch {
            // An ICU failure is reported, never a trap; nothing to check.
        }
    }
}
