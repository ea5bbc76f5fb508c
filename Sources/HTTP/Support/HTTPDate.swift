import Glibc

/// HTTP dates for Last-Modified / If-Modified-Since (RFC 9110 §5.6.7), as Unix seconds, without Foundation.
public enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let longWeekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// IMF-fixdate: `Sun, 06 Nov 1994 08:49:37 GMT`.
    public static func format(_ epochSeconds: Int) -> String {
        var time = time_t(epochSeconds)
        var parts = tm()
        guard gmtime_r(&time, &parts) != nil, (0..<7).contains(parts.tm_wday), (0..<12).contains(parts.tm_mon) else {
            return "Thu, 01 Jan 1970 00:00:00 GMT"
        }
        return "\(weekdays[Int(parts.tm_wday)]), \(pad(parts.tm_mday)) \(months[Int(parts.tm_mon)]) "
            + "\(parts.tm_year + 1900) \(pad(parts.tm_hour)):\(pad(parts.tm_min)):\(pad(parts.tm_sec)) GMT"
    }

    /// Parses IMF-fixdate and, as RFC 9110 requires of recipients, the obsolete RFC 850
    /// (`Sunday, 06-Nov-94 08:49:37 GMT`, two-digit years < 70 are 20xx) and asctime
    /// (`Sun Nov  6 08:49:37 1994`) forms. Nil for anything else or an impossible date (Feb 30).
    public static func parse(_ text: String) -> Int? {
        let tokens = text.split(separator: " ", omittingEmptySubsequences: true)
        if tokens.count == 6, tokens[0].hasSuffix(","), weekdays.contains(String(tokens[0].dropLast())),
           tokens[5] == "GMT", let month = months.firstIndex(of: String(tokens[2])) {
            return make(year: number(tokens[3], digits: 4), month: month, day: number(tokens[1], digits: 2),
                        clock: tokens[4])
        }
        if tokens.count == 4, tokens[0].hasSuffix(","), longWeekdays.contains(String(tokens[0].dropLast())),
           tokens[3] == "GMT" {
            let date = tokens[1].split(separator: "-", omittingEmptySubsequences: false)
            guard date.count == 3, let month = months.firstIndex(of: String(date[1])),
                  let shortYear = number(date[2], digits: 2) else { return nil }
            return make(year: shortYear < 70 ? 2000 + shortYear : 1900 + shortYear, month: month,
                        day: number(date[0], digits: 2), clock: tokens[2])
        }
        if tokens.count == 5, weekdays.contains(String(tokens[0])), let month = months.firstIndex(of: String(tokens[1])) {
            let day = tokens[2].utf8.count == 1 ? number(tokens[2], digits: 1) : number(tokens[2], digits: 2)
            return make(year: number(tokens[4], digits: 4), month: month, day: day, clock: tokens[3])
        }
        return nil
    }

    /// Seconds since the epoch for a UTC date and `HH:MM:SS`, nil when out of range.
    private static func make(year: Int?, month: Int, day: Int?, clock: Substring) -> Int? {
        let fields = clock.split(separator: ":", omittingEmptySubsequences: false)
        guard let year, let day, fields.count == 3, let hour = number(fields[0], digits: 2),
              let minute = number(fields[1], digits: 2), let second = number(fields[2], digits: 2),
              hour < 24, minute < 60, second < 61, (1...31).contains(day) else { return nil }
        var parts = tm()
        parts.tm_year = Int32(year - 1900)
        parts.tm_mon = Int32(month)
        parts.tm_mday = Int32(day)
        parts.tm_hour = Int32(hour)
        parts.tm_min = Int32(minute)
        parts.tm_sec = Int32(Swift.min(second, 59))
        var time = timegm(&parts)
        // timegm normalises out-of-range fields (Feb 30 → Mar 2); such a date is invalid.
        var check = tm()
        guard gmtime_r(&time, &check) != nil, check.tm_mday == Int32(day), check.tm_mon == Int32(month) else { return nil }
        return Int(time)
    }

    /// A decimal of exactly `digits` ASCII digits.
    private static func number(_ text: Substring, digits: Int) -> Int? {
        guard text.utf8.count == digits, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }

    private static func pad(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
