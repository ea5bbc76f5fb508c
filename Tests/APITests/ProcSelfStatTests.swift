import API
import Testing

@Suite struct ProcSelfStatTests {
    @Test func parsesEveryFieldOfARealSample() throws {
        let stat = try ProcSelfStat.parse(ProcFixtures.selfStat)
        #expect(stat.pid == 26566)
        #expect(stat.comm == "(cat)")
        #expect(stat.state == "R")
        #expect(stat.ppid == 26564)
        #expect(stat[.pgrp] == 26564)
        #expect(stat[.session] == 24610)
        #expect(stat[.tpgid] == -1)
        #expect(stat[.flags] == 4_194_304)
        #expect(stat[.minflt] == 100)
        #expect(stat[.priority] == 20)
        #expect(stat[.numThreads] == 1)
        #expect(stat[.starttime] == 119_143)
        #expect(stat[.vsize] == 3_133_440)
        #expect(stat.rss == 380)
        #expect(stat[.rsslim] == -1, "SRS prints ULONG_MAX through int64_t")
        #expect(stat[.startcode] == 94_164_313_804_800)
        #expect(stat[.exitSignal] == 17)
        #expect(stat[.cguestTime] == 0)
        #expect(stat.numbers.count == ProcSelfStat.Field.allCases.count)
    }

    @Test func findsFieldsAfterTheLastParenthesisWhenCommHasSpacesAndParens() throws {
        let stat = try ProcSelfStat.parse(ProcFixtures.selfStatTrickyComm)
        #expect(stat.pid == 4242)
        #expect(stat.comm == "(a) (b c)")
        #expect(stat.state == "S")
        #expect(stat.utime == 1500)
        #expect(stat.stime == 250)
        #expect(stat[.nice] == -5)
        #expect(stat[.numThreads] == 7)
        #expect(stat[.cguestTime] == 56)
    }

    @Test func fillsMissingTrailingFieldsOfOldKernelsWithZero() throws {
        let stat = try ProcSelfStat.parse("1 (init) S 0 1 1 0 -1 4194560 10 20 30 40 500 600\n")
        #expect(stat.utime == 500)
        #expect(stat.stime == 600)
        #expect(stat[.cutime] == 0)
        #expect(stat[.cguestTime] == 0)
    }

    @Test(arguments: [
        "", "1234", "1234 cat R 1", "x (cat) R 1 2 3 4 5 6 7 8 9 10 11 12", "1 (cat)", "1 (cat) RR 1 2 3",
        "1 (cat) R 1 2 3 4 5 6 7 8 9 10", "1 (cat) R 1 2 3 4 5 6 7 8 9 10 x 12", ") 1 (",
    ])
    func rejectsMalformedText(text: String) {
        #expect(throws: APIError.self) { try ProcSelfStat.parse(text) }
    }

    @Test func neverCrashesOnAnyTruncation() {
        let bytes = Array(ProcFixtures.selfStat.utf8)
        for cut in 0...bytes.count {
            do { _ = try ProcSelfStat.parse(String(decoding: bytes[0..<cut], as: UTF8.self)) } catch {
                #expect(error is APIError)
            }
        }
    }
}
