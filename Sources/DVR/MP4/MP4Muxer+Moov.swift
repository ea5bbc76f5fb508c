extension MP4Muxer {
    /// The tracks that got samples, video first.
    var recordedTracks: [MP4Track] { [video, audio].compactMap { $0 }.filter { !$0.isEmpty } }

    /// The movie box (§8.2.1): mvhd, then one trak per recorded track.
    func moovBox() -> [UInt8] {
        let tracks = recordedTracks
        // The movie starts with the earliest first sample; a later track starts after an empty edit.
        let movieStart = tracks.compactMap(\.firstDTS).min() ?? 0
        let durations = tracks.map { ($0.firstDTS ?? movieStart) - movieStart + $0.mediaDuration }
        var writer = MP4BoxWriter()
        writer.box("moov") { moov in
            moov.fullBox("mvhd") { mvhd in
                mvhd.u32(creationTime)
                mvhd.u32(creationTime)
                mvhd.u32(Self.timescale)
                mvhd.u32(UInt32(clamping: durations.max() ?? 0))
                mvhd.u32(0x0001_0000) // rate 1.0
                mvhd.u16(0x0100) // volume 1.0
                mvhd.zeros(10)
                mvhd.unityMatrix()
                mvhd.zeros(24) // pre_defined
                mvhd.u32(UInt32((tracks.map(\.id).max() ?? 0) + 1)) // next_track_ID
            }
            for (track, duration) in zip(tracks, durations) {
                writeTrak(track, duration: duration, emptyEdit: (track.firstDTS ?? movieStart) - movieStart, to: &moov)
            }
        }
        return writer.bytes
    }

    /// trak (§8.3.1): tkhd, an edit list when the track starts late, mdia.
    private func writeTrak(_ track: MP4Track, duration: Int64, emptyEdit: Int64, to writer: inout MP4BoxWriter) {
        writer.box("trak") { trak in
            // flags: track_enabled | track_in_movie.
            trak.fullBox("tkhd", flags: 0x03) { tkhd in
                tkhd.u32(creationTime)
                tkhd.u32(creationTime)
                tkhd.u32(track.id)
                tkhd.u32(0)
                tkhd.u32(UInt32(clamping: duration))
                tkhd.zeros(8)
                tkhd.u16(0) // layer
                tkhd.u16(0) // alternate_group
                tkhd.u16(track.kind == .audio ? 0x0100 : 0) // volume
                tkhd.u16(0)
                tkhd.unityMatrix()
                if case let .avc(_, width, height) = track.entry {
                    tkhd.u32(UInt32(clamping: width) << 16)
                    tkhd.u32(UInt32(clamping: height) << 16)
                } else {
                    tkhd.zeros(8)
                }
            }
            if emptyEdit > 0 {
                // §8.6.6: an empty edit (media_time -1) delays the track, then the whole media.
                trak.box("edts") { edts in
                    edts.fullBox("elst") { elst in
                        elst.u32(2)
                        for (segment, mediaTime) in [(emptyEdit, Int32(-1)), (track.mediaDuration, Int32(0))] {
                            elst.u32(UInt32(clamping: segment))
                            elst.i32(mediaTime)
                            elst.u16(1) // media_rate_integer
                            elst.u16(0) // media_rate_fraction
                        }
                    }
                }
            }
            trak.box("mdia") { mdia in writeMdia(track, to: &mdia) }
        }
    }

    /// mdia (§8.4): mdhd, hdlr, minf.
    private func writeMdia(_ track: MP4Track, to mdia: inout MP4BoxWriter) {
        mdia.fullBox("mdhd") { mdhd in
            mdhd.u32(creationTime)
            mdhd.u32(creationTime)
            mdhd.u32(Self.timescale)
            mdhd.u32(UInt32(clamping: track.mediaDuration))
            mdhd.u16(0x55C4) // language "und" (ISO 639-2/T, 5 bits per letter)
            mdhd.u16(0)
        }
        mdia.fullBox("hdlr") { hdlr in
            hdlr.u32(0) // pre_defined
            hdlr.fourCC(track.kind == .video ? "vide" : "soun")
            hdlr.zeros(12)
            hdlr.append(Array((track.kind == .video ? "VideoHandler" : "SoundHandler").utf8) + [0])
        }
        mdia.box("minf") { minf in
            if track.kind == .video {
                minf.fullBox("vmhd", flags: 1) { $0.zeros(8) } // graphicsmode, opcolor
            } else {
                minf.fullBox("smhd") { $0.zeros(4) } // balance, reserved
            }
            minf.box("dinf") { dinf in
                dinf.fullBox("dref") { dref in
                    dref.u32(1)
                    dref.fullBox("url ", flags: 1) { _ in } // media in this file
                }
            }
            minf.box("stbl") { stbl in track.writeSampleTables(to: &stbl) }
        }
    }
}
