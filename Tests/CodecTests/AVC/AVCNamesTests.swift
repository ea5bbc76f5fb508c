import Codec
import Testing

@Suite struct AVCNamesTests {
    @Test func profileNamesMatchSRS() {
        let expected: [Int: String] = [
            66: "Baseline", 578: "Baseline(Constrained)", 77: "Main", 88: "Extended", 100: "High",
            110: "High(10)", 2158: "High(10+Intra)", 122: "High(422)", 2170: "High(422+Intra)",
            144: "High(444)", 244: "High(444+Predictive)", 2192: "High(444+Intra)", 0: "Other", 118: "Other",
        ]
        for (profile, name) in expected { #expect(AVCNames.profile(profile) == name) }
    }

    @Test func levelNamesMatchSRS() {
        let expected: [UInt8: String] = [
            10: "1", 11: "1.1", 12: "1.2", 13: "1.3", 20: "2", 21: "2.1", 22: "2.2", 30: "3", 31: "3.1",
            32: "3.2", 40: "4", 41: "4.1", 50: "5", 51: "5.1", 0: "Other", 9: "Other", 42: "Other", 52: "Other",
        ]
        for (level, name) in expected { #expect(AVCNames.level(level) == name) }
    }
}
