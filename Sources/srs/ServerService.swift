import Config

/// One feature service of the server as the root drives it: started once, told about every
/// reload, drained at the start of a graceful quit, stopped at the end. The root holds them as a
/// list instead of one optional and one special case per feature.
protocol ServerService: AnyObject {
    /// Applies a validated reload (`config` is the new config).
    func apply(_ diff: ConfigDiff, config: ServerConfig)
    /// Graceful quit began: stop taking new work that would outlive the current clients.
    func drain()
    /// The process is ending (fast quit, or the end of a graceful one).
    func stop()
}
