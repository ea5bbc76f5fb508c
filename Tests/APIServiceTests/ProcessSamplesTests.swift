@testable import APIService
import Core
import IO
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `ProcessSamples`: one `/proc` sample per round for every worker's API.
@Suite struct ProcessSamplesTests {
    @Test func aRoundIsSampledOnceWhateverTheNumberOfTimersAsking() {
        let samples = ProcessSamples(minimumAgeMillis: 2_500)
        samples.sampleIfDue(nowMillis: 10_000)
        let first = samples.figures
        #expect(first.selfProc.ok && first.selfProc.sampleTime == 10_000)
        #expect(first.selfProc.stat.rss > 0, "this process has resident pages")
        #expect(first.memInfo.ok && first.memInfo.sampleTime == 10_000)
        samples.sampleIfDue(nowMillis: 11_500)  // another worker's timer, 1.5 s later
        #expect(samples.figures.selfProc.sampleTime == 10_000, "the round's sample stays")
        samples.sampleIfDue(nowMillis: 12_499)
        #expect(samples.figures.memInfo.sampleTime == 10_000)
        samples.sampleIfDue(nowMillis: 13_000)  // the next round
        #expect(samples.figures.selfProc.sampleTime == 13_000)
        #expect(samples.figures.net.sampleTime == 13_000)
    }

    @Test func aClockThatWentBackSamplesAgain() {
        let samples = ProcessSamples(minimumAgeMillis: 2_500)
        samples.sampleIfDue(nowMillis: 50_000)
        samples.sampleIfDue(nowMillis: 40_000)  // the wall clock was set back
        #expect(samples.figures.selfProc.sampleTime == 40_000)
    }

    @Test func theCPUPercentComesFromTwoRounds() {
        let samples = ProcessSamples(minimumAgeMillis: 0)
        let start = Clock.monotonicMillis()
        samples.sampleIfDue(nowMillis: start)
        #expect(samples.figures.selfProc.percent == 0, "no previous sample yet")
        var spin = 0
        while Clock.monotonicMillis() - start < 300 { spin &+= 1 }
        samples.sampleIfDue(nowMillis: Clock.monotonicMillis())
        // 300 ms of one busy thread: about 1.0 of a core (the clock ticks are 10 ms).
        #expect(samples.figures.selfProc.percent > 0.5, "\(samples.figures.selfProc.percent), \(spin)")
    }

    /// Under `make test-tsan`: workers' timers sample and their API replies read at once.
    @Test func workersSampleAndReadFromTheirOwnThreads() throws {
        let samples = ProcessSamples(minimumAgeMillis: 5)
        let threads = 4, rounds = 200
        let done = Counter()
        for worker in 0..<threads {
            try WorkerThread.start {
                for round in 0..<rounds {
                    samples.sampleIfDue(nowMillis: Int64(round * 10 + worker))
                    _ = samples.figures.selfProc.stat.rss
                }
                done.add()
            }
        }
        let deadline = Clock.monotonicMillis() + 20_000
        while done.value < threads && Clock.monotonicMillis() < deadline { usleep(1_000) }
        #expect(done.value == threads)
        #expect(samples.figures.selfProc.ok)
    }
}

private final class Counter: @unchecked Sendable {
    private let lock = Lock()
    private var count = 0
    func add() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
