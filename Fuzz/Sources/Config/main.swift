import FuzzSupport
import Config

/// Config files: tokenizer, parser, include expansion (files served from memory), legacy
/// transforms, schema checks and the typed config with its cross checks, as `srs -c` and reload
/// load them.
///
/// Input: the main file, then included files, separated by 0 bytes. An include of any path reads
/// one of the included files, chosen by a hash of the path, so includes (and include cycles)
/// resolve without a filesystem; with no included file, every include fails to read.
///
/// The include budget is 24 files here instead of the server's 1,000: the same code and the same
/// limit check, but an input that fans out (files including two files each, a dozen levels deep)
/// stops after 24 parses instead of 1,000, which keeps executions ~10× faster.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzConfig(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let input = FuzzInput.bytes(data, size)
    let files = FuzzInput.parts(input[...], limit: 8).map(FuzzInput.text)
    let included = Array(files.dropFirst())
    let reader: ConfigLoader.FileReader = { path in
        guard !included.isEmpty else { throw FuzzReadError.missing(path) }
        let hash = path.utf8.reduce(UInt32(5381)) { $0 &* 33 &+ UInt32($1) }
        return included[Int(hash % UInt32(included.count))]
    }
    _ = try? ConfigLoader.load(text: files[0], file: "conf/fuzz.conf", maxIncludedFiles: 24, readFile: reader)
    return 0
}

private enum FuzzReadError: Error {
    case missing(String)
}
