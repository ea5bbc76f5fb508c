import IO
import Testing

@Suite struct ResolverTests {
    /// Runs the loop until `done` or 5 s.
    static func spin(_ loop: EventLoop, until done: () -> Bool) {
        let deadline = loop.now + 5000
        while !done() && loop.now < deadline { loop.runOnce(maxWait: 20) }
    }

    @Test func numericHostsAnswerWithoutTheThread() throws {
        let loop = try EventLoop()
        let resolver = Resolver(loop: loop, overrides: [:])
        var answers: [[String]] = []
        resolver.resolve("127.0.0.1") { answers.append((try? $0.get()) ?? []) }
        resolver.resolve("[::1]") { answers.append((try? $0.get()) ?? []) }
        #expect(answers.isEmpty, "never answers inside resolve()")
        Self.spin(loop) { answers.count == 2 }
        #expect(answers == [["127.0.0.1"], ["::1"]])
    }

    @Test func namesResolveOnTheThreadAndComeBackOnTheLoop() throws {
        let loop = try EventLoop()
        let resolver = Resolver(loop: loop, overrides: [:])
        var results: [Result<[String], any Error>] = []
        // Many at once: the worker serves them in turn while the loop keeps running.
        for _ in 0..<32 { resolver.resolve("localhost") { results.append($0) } }
        var ticks = 0
        loop.scheduleRepeating(every: 1) { ticks += 1 }
        Self.spin(loop) { results.count == 32 }
        #expect(results.count == 32)
        for result in results {
            let hosts = try result.get()
            #expect(hosts.contains("127.0.0.1") || hosts.contains("::1"))
        }
        #expect(resolver.pendingCount == 0)
    }

    @Test func unknownNamesFailWithTheResolverMessage() throws {
        let loop = try EventLoop()
        let resolver = Resolver(loop: loop, overrides: [:])
        var failure: String?
        resolver.resolve("no-such-host.invalid") { result in
            if case .failure(let error) = result { failure = "\(error)" } else { failure = "resolved" }
        }
        Self.spin(loop) { failure != nil }
        #expect(failure?.hasPrefix("resolve no-such-host.invalid failed") == true)
    }

    @Test func cancelledRequestsNeverAnswer() throws {
        let loop = try EventLoop()
        let resolver = Resolver(loop: loop, overrides: [:])
        var called = false
        let id = resolver.resolve("localhost") { _ in called = true }
        resolver.cancel(id)
        var other = false
        resolver.resolve("localhost") { _ in other = true }
        Self.spin(loop) { other }
        #expect(!called && other)
    }

    @Test func overridesStandForSeveralAddresses() throws {
        let loop = try EventLoop()
        let resolver = Resolver(loop: loop, overrides: Resolver.parseOverrides("origins=127.0.0.1,::1; b = 10.0.0.1"))
        var hosts: [String] = []
        resolver.resolve("origins") { hosts = (try? $0.get()) ?? [] }
        Self.spin(loop) { !hosts.isEmpty }
        #expect(hosts == ["127.0.0.1", "::1"])
    }

    @Test(arguments: [
        ("a=1.1.1.1", ["a": ["1.1.1.1"]]),
        ("a=1.1.1.1,2.2.2.2;b=::1", ["a": ["1.1.1.1", "2.2.2.2"], "b": ["::1"]]),
        ("junk;=1.1.1.1;c=;d", [:]),
        ("", [:]),
    ])
    func parsesOverrides(text: String, expected: [String: [String]]) {
        #expect(Resolver.parseOverrides(text) == expected)
    }
}
