import Testing
@testable import Config

/// `workers N | auto` (beyond SRS, the performance issue's item 4).
@Suite struct WorkersConfigTests {
    @Test func defaultIsOnePerCPU() throws {
        #expect(try Fixture.load("listen 1935;").config.workers == 0, "auto")
        #expect(try ConfigLoader.loadEnvironmentOnly([:]).config.workers == 0)
    }

    @Test func countsAndAuto() throws {
        #expect(try Fixture.load("listen 1935; workers 2;").config.workers == 2)
        #expect(try Fixture.load("listen 1935; workers 64;").config.workers == 64)
        #expect(try Fixture.load("listen 1935; workers auto;").config.workers == 0, "0 means one per CPU")
    }

    @Test func badCountsAreErrorsNamingTheDirective() {
        for bad in ["0", "65", "-1", "two", "2.5"] {
            let errors = Fixture.errors("listen 1935; workers \(bad);")
            #expect(errors.contains { $0.contains("workers=\(bad) is invalid, use 1 to 64 or auto") }, "workers \(bad): \(errors)")
        }
    }

    @Test func aChangedCountNeedsARestart() throws {
        let old = try Fixture.load("listen 1935; workers 1;").config
        let new = try Fixture.load("listen 1935; workers 2;").config
        #expect(ConfigDiff(old: old, new: new).needsRestart == ["workers"])
    }
}
