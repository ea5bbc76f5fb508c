import API
import Testing

@Suite struct ProcStatTests {
    @Test func parsesTheAggregateCPULineAndCountsCPUs() throws {
        let stat = try ProcStat.parse(ProcFixtures.stat)
        #expect(stat.cpu == CPUTimes(user: 53798, nice: 0, sys: 16512, idle: 162606, iowait: 746, irq: 0,
                                     softirq: 1984, steal: 69, guest: 0))
        #expect(stat.cpu.total == 53798 + 16512 + 162606 + 746 + 1984 + 69)
        #expect(stat.cpuCount == 2)
    }

    @Test func acceptsOldKernelsWithFewerColumns() throws {
        let stat = try ProcStat.parse("cpu  1 2 3 4\ncpu0 1 2 3 4\n")
        #expect(stat.cpu == CPUTimes(user: 1, nice: 2, sys: 3, idle: 4))
        #expect(stat.cpuCount == 1)
    }

    @Test(arguments: ["", "intr 1 2", "cpu 1 2 3", "cpu a b c d", "cpu0 1 2 3 4"])
    func rejectsMalformedText(text: String) {
        #expect(throws: APIError.self) { try ProcStat.parse(text) }
    }
}
