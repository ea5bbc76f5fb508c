import Testing
@testable import Cluster

@Suite("Round robin")
struct RoundRobinTests {
    @Test func picksInOrderAndWraps() {
        var balancer = RoundRobin<String>()
        let picks = (0..<5).compactMap { _ in balancer.next(of: ["a", "b", "c"]) }
        #expect(picks == ["a", "b", "c", "a", "b"])
    }

    @Test func emptyListHasNoPick() {
        var balancer = RoundRobin<Int>()
        #expect(balancer.next(of: []) == nil)
        #expect(balancer.count == 0)
    }

    @Test func carriesOnWhenTheListChanges() {
        var balancer = RoundRobin<String>()
        _ = balancer.next(of: ["a", "b"])
        // A reload (or a re-resolved name) grows the list: the counter continues (SRS count++ % n).
        #expect(balancer.next(of: ["a", "b", "c"]) == "b")
        #expect(balancer.next(of: ["a", "b", "c"]) == "c")
        #expect(balancer.next(of: ["x"]) == "x")
    }
}
