import Testing
import Gazette
@testable import Pipeline

/// The overlap rule as the resolver documents it, done the plain way: every
/// candidate of a strength in one order (longest, then higher priority, then
/// earlier, then as proposed), each taken unless it overlaps one already taken;
/// strong candidates first. Returns the indices taken, by start.
private func longestFirst(_ candidates: [Entity]) -> [Int] {
    var taken: [Int] = []
    for strong in [true, false] {
        let order = candidates.indices.filter { (candidates[$0].priority >= Priority.strong) == strong }.sorted { i, j in
            let a = candidates[i], b = candidates[j]
            if a.length != b.length { return a.length > b.length }
            if a.priority != b.priority { return a.priority > b.priority }
            if a.start != b.start { return a.start < b.start }
            return i < j
        }
        for i in order where candidates[i].length > 0 && !taken.contains(where: { candidates[$0].overlaps(candidates[i]) }) {
            taken.append(i)
        }
    }
    return taken.sorted { candidates[$0].start < candidates[$1].start }
}

/// The resolver settles overlaps cluster by cluster; whatever the candidates
/// (nested, chained, equal, empty, strong and weak mixed, in any order), it
/// takes what the longest-first order over all of them takes.
@Test func overlapsSettleAsLongestFirstOverAllCandidates() {
    var rng = SystemRandomNumberGenerator()
    var resolver = Resolver()
    let priorities: [Int16] = [Priority.strong - 10, Priority.strong, Priority.shape, Priority.contextual, 60]
    var overlapping = 0
    for round in 0..<2000 {
        let span = round % 3 == 0 ? 30 : 300
        let count = Int.random(in: 0...(round % 5 == 0 ? 60 : 12), using: &rng)
        let candidates = (0..<count).map { _ in
            let start = Int.random(in: 0..<span, using: &rng)
            return Entity(start: start, end: start + Int.random(in: 0...12, using: &rng), label: .person,
                          source: .rule, priority: priorities.randomElement(using: &rng)!)
        }
        let expected = longestFirst(candidates)
        #expect(resolver.settle(candidates) == expected, "\(candidates.map { ($0.start, $0.end, $0.priority) })")
        if expected.count < candidates.filter({ $0.length > 0 }).count { overlapping += 1 }
    }
    #expect(overlapping > 1000)
}
