import Codec

/// A file format as the recorder drives it: pure, packets in and bytes out, no IO. The recorder
/// writes the bytes, in order, to the file's temporary path, then applies the patches at close.
public protocol DVRMuxer {
    /// Bytes produced so far: the file offset of the next byte.
    var offset: Int64 { get }
    /// Whether any audio or video frame went into the file.
    var hasMedia: Bool { get }
    /// Appends the bytes a file starts with.
    mutating func start(into bytes: inout [UInt8])
    /// Whether `packet` cannot go into this file and needs a new one (a changed codec config
    /// that the format cannot switch to mid-file).
    func needsNewFile(for packet: MediaPacket) -> Bool
    /// Appends what `packet` (timestamp already corrected) adds to the file, maybe nothing.
    mutating func write(_ packet: MediaPacket, into bytes: inout [UInt8]) throws(DVRError)
    /// Appends what ends the file and returns the patches to bytes written earlier.
    mutating func finish(durationMillis: Int64, into bytes: inout [UInt8]) -> [DVRPatch]
}
