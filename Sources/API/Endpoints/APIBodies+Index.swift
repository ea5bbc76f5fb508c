/// The index pages: `/`, `/api/` and `/api/v1/` (also served for unknown `/api/v1/*` paths).
extension APIBodies {
    /// `GET /`.
    public func rootIndex() -> JSONValue {
        envelope.success([
            ("urls", [
                "api": "the api root",
                "rtc": ["v1": ["play": "Play stream", "publish": "Publish stream", "nack": "Simulate the NACK"]],
            ]),
        ])
    }

    /// `GET /api/`.
    public func apiIndex() -> JSONValue {
        envelope.success([("urls", ["v1": "the api version 1.0"])])
    }

    /// `GET /api/v1/`. SRS compat: `tests` is a sibling of `urls`, not inside it, and `perf`,
    /// `requests` and `tcmalloc` are advertised even though they are not served.
    public func v1Index() -> JSONValue {
        envelope.success([
            ("urls", [
                "versions": "the version of SRS",
                "summaries": "the summary(pid, argv, pwd, cpu, mem) of SRS",
                "rusages": "the rusage of SRS",
                "self_proc_stats": "the self process stats",
                "system_proc_stats": "the system process stats",
                "meminfos": "the meminfo of system",
                "authors": "the license, copyright, authors and contributors",
                "features": "the supported features of SRS",
                "requests": "the request itself, for http debug",
                "vhosts": "manage all vhosts or specified vhost",
                "streams": "manage all streams or specified stream",
                "clients": "manage all clients or specified client, default query top 10 clients",
                "raw": "raw api for srs, support CUID srs for instance the config",
                "clusters": "origin cluster server API",
                "perf": "System performance stat",
                "tcmalloc": "tcmalloc api with params ?page=summary|api",
            ]),
            ("tests", [
                "requests": "show the request info",
                "errors": "always return an error 100",
                "redirects": "always redirect to /api/v1/test/errors",
                "[vhost]": "http vhost for http://error.srs.com:1985/api/v1/tests/errors",
            ]),
        ])
    }
}
