import Core

/// `/api/v1/versions` data; defaults to the version this server claims (`ServerVersion`).
public struct VersionInfo: Sendable, Equatable {
    public var major: Int
    public var minor: Int
    public var revision: Int
    public var version: String

    public init(major: Int = ServerVersion.major, minor: Int = ServerVersion.minor,
                revision: Int = ServerVersion.revision, version: String = ServerVersion.string) {
        self.major = major
        self.minor = minor
        self.revision = revision
        self.version = version
    }
}
