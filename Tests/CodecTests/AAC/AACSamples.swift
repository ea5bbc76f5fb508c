import TestSupport
import Codec

enum AACSamples {
    /// The AudioSpecificConfig (body after the 2-byte audio tag header) of the clip's AAC sequence header.
    static func audioSpecificConfig(_ clip: String) -> [UInt8]? {
        guard let file = MediaClips.load(clip), let tags = try? FLVFileReader.readAll(file).tags else { return nil }
        for tag in tags where tag.kind == .audio {
            if let header = try? AudioTagHeader(parsing: tag.body), header.isSequenceHeader {
                return Array(tag.body.dropFirst(header.size))
            }
        }
        return nil
    }

    /// The raw AAC frames of a clip (bodies of the non-sequence-header AAC tags).
    static func rawFrames(_ clip: String) -> [ArraySlice<UInt8>] {
        guard let file = MediaClips.load(clip), let tags = try? FLVFileReader.readAll(file).tags else { return [] }
        return tags.compactMap { tag in
            guard tag.kind == .audio, let header = try? AudioTagHeader(parsing: tag.body),
                  header.isAAC, !header.isSequenceHeader else { return nil }
            return tag.body.dropFirst(header.size)
        }
    }
}
