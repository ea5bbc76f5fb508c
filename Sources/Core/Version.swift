/// The SRS version this server is compatible with, as reported to clients, the API and `-v`.
///
/// SRS compat: scripts and players parse these exact shapes (`5.0.216`, `SRS/5.0.216(Bee)`).
public enum ServerVersion {
    public static let major = 5
    public static let minor = 0
    public static let revision = 216
    public static let string = "\(major).\(minor).\(revision)"
    public static let codeName = "Bee"
    public static let signature = "SRS/\(string)(\(codeName))"
    public static let key = "SRS"
    public static let license = "MIT"
    public static let url = "https://github.com/ossrs/srs"
    public static let authors = "srs-swift contributors; protocol behaviour after ossrs/srs"
    /// What this implementation is, for logs and the web page.
    public static let implementation = "srs-swift"
}
