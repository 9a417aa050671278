/// The first index in `0..<count` for which `isBefore` is false, where `isBefore`
/// is true for a prefix of the indices (binary search).
@inlinable @inline(__always)
public func lowerBound(_ count: Int, _ isBefore: (Int) -> Bool) -> Int {
    var lo = 0, hi = count
    while lo < hi {
        let mid = (lo + hi) / 2
        if isBefore(mid) { lo = mid + 1 } else { hi = mid }
    }
    return lo
}
