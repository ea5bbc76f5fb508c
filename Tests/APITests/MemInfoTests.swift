import API
import Testing

@Suite struct MemInfoTests {
    @Test func parsesTheFieldsAndDerivesSRSFigures() throws {
        let m = try MemInfo.parse(ProcFixtures.meminfo)
        #expect(m == MemInfo(memTotal: 24_684_084, memFree: 23_234_516, buffers: 6972, cached: 1_211_572,
                             swapTotal: 0, swapFree: 0))
        #expect(m.memActive == 24_684_084 - 23_234_516)
        #expect(m.realInUse == 24_684_084 - 23_234_516 - 6972 - 1_211_572)
        #expect(m.notInUse == 24_684_084 - m.realInUse)
        #expect(abs(m.percentRAM - Double(m.realInUse) / 24_684_084) < 1e-12)
        #expect(m.percentSwap == 0)
    }

    @Test func doesNotConfuseSwapCachedWithCached() throws {
        let m = try MemInfo.parse("MemTotal: 100 kB\nSwapCached: 7 kB\nCached: 20 kB\nSwapTotal: 50 kB\nSwapFree: 10 kB\n")
        #expect(m.cached == 20)
        #expect(m.percentSwap == 0.8)
    }

    @Test func rejectsTextWithoutMemTotal() {
        #expect(throws: APIError.self) { try MemInfo.parse("MemFree: 1 kB\n") }
    }
}
