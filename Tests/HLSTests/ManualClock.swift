/// A clock the tests move by hand.
final class ManualClock {
    var now: Int64
    init(_ now: Int64 = 1_000_000) { self.now = now }
}
