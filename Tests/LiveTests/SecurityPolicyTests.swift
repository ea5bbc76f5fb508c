import Live
import Testing

@Suite struct SecurityPolicyTests {
    @Test func disabledAllowsEverything() throws {
        try SecurityPolicy(enabled: false).check(.publish, ip: "1.2.3.4")
    }

    @Test func enabledWithoutRulesDeniesEverything() {
        #expect(throws: SecurityError.self) { try SecurityPolicy(enabled: true).check(.play, ip: "1.2.3.4") }
    }

    @Test func denyIsCheckedBeforeAllow() {
        let policy = SecurityPolicy(enabled: true, rules: [
            .init(allow: true, method: .publish, address: nil),
            .init(allow: false, method: .publish, address: "1.2.3.4"),
            .init(allow: true, method: .play, address: nil),
        ])
        #expect(throws: SecurityError.self) { try policy.check(.publish, ip: "1.2.3.4") }
        #expect(throws: Never.self) { try policy.check(.publish, ip: "5.6.7.8") }
        #expect(throws: Never.self) { try policy.check(.play, ip: "1.2.3.4") }
    }

    @Test func onlyListedAddressesAreAllowed() {
        let policy = SecurityPolicy(enabled: true, rules: [.init(allow: true, method: .play, address: "127.0.0.1")])
        #expect(throws: Never.self) { try policy.check(.play, ip: "127.0.0.1") }
        #expect(throws: SecurityError.self) { try policy.check(.play, ip: "10.0.0.1") }
        #expect(throws: SecurityError.self) { try policy.check(.publish, ip: "127.0.0.1") }
    }
}
