/// Ways a cache file beside the compiled lexicon can be damaged, for tests
/// that check it is rebuilt rather than trusted.
public enum FileDamage: String, CaseIterable, Sendable {
    case empty, header, truncated, byteFlipped, byteAppended

    /// Damages the bytes of a file this way.
    public func apply(to bytes: inout [UInt8]) {
        switch self {
        case .empty: bytes = []
        case .header: bytes = Array(bytes[..<min(100, bytes.count)])
        case .truncated: bytes.removeLast(bytes.count / 3)
        case .byteFlipped: bytes[bytes.count / 2] ^= 0x20
        case .byteAppended: bytes.append(0)
        }
    }
}
