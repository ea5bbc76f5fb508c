import IO
import Testing

@Suite struct EventLoopTests {
    @Test func timersFireInDeadlineOrderAndCancelledOnesNever() throws {
        let loop = try EventLoop()
        var fired: [Int] = []
        loop.schedule(after: 30) { fired.append(3) }
        loop.schedule(after: 10) { fired.append(1) }
        let cancelled = loop.schedule(after: 20) { fired.append(2) }
        loop.cancel(cancelled)
        loop.schedule(after: 40) { loop.stop() }
        loop.run()
        #expect(fired == [1, 3])
    }

    @Test func repeatingTimerRunsUntilCancelled() throws {
        let loop = try EventLoop()
        var count = 0
        var timer: Timer?
        timer = loop.scheduleRepeating(every: 5) {
            count += 1
            if count == 3 { loop.cancel(timer); loop.schedule(after: 20) { loop.stop() } }
        }
        loop.run()
        #expect(count == 3)
    }

    @Test func deferredWorkRunsAfterTheIteration() throws {
        let loop = try EventLoop()
        var order: [String] = []
        loop.schedule(after: 0) {
            loop.deferToIterationEnd { order.append("deferred") }
            order.append("timer")
        }
        loop.schedule(after: 10) { loop.stop() }
        loop.run()
        #expect(order == ["timer", "deferred"])
    }
}
