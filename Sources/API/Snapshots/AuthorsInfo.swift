import Core

/// `/api/v1/authors` data.
public struct AuthorsInfo: Sendable, Equatable {
    /// SRS 5's `SRS_CONSTRIBUTORS` link.
    public static let srsContributors = "https://github.com/ossrs/srs/blob/develop/trunk/AUTHORS.md#contributors"

    public var license: String
    public var contributors: String

    public init(license: String = ServerVersion.license, contributors: String = AuthorsInfo.srsContributors) {
        self.license = license
        self.contributors = contributors
    }
}
