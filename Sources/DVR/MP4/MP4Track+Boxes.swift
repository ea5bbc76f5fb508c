extension MP4Track {
    /// stbl (§8.5.1): stsd, stts, ctts (when any composition offset is set), stss (when not
    /// every sample is a sync sample), stsc, stsz, stco (co64 past 4 GiB).
    func writeSampleTables(to stbl: inout MP4BoxWriter) {
        stbl.fullBox("stsd") { stsd in
            stsd.u32(1)
            entry.write(to: &stsd)
        }
        stbl.fullBox("stts") { stts in
            let runs = timeToSample
            stts.u32(UInt32(runs.count))
            for run in runs {
                stts.u32(run.count)
                stts.u32(UInt32(clamping: run.value))
            }
        }
        if hasCompositionOffsets {
            // Version 1 (signed offsets) only when a composition time is negative.
            let signed = compositionOffsets.contains { $0.value < 0 }
            stbl.fullBox("ctts", version: signed ? 1 : 0) { ctts in
                ctts.u32(UInt32(compositionOffsets.count))
                for run in compositionOffsets {
                    ctts.u32(run.count)
                    ctts.i32(Int32(clamping: run.value))
                }
            }
        }
        if !allSync {
            stbl.fullBox("stss") { stss in
                stss.u32(UInt32(syncSamples.count))
                for number in syncSamples { stss.u32(number) }
            }
        }
        stbl.fullBox("stsc") { stsc in
            let runs = sampleToChunk
            stsc.u32(UInt32(runs.count))
            for run in runs {
                stsc.u32(run.firstChunk)
                stsc.u32(run.samplesPerChunk)
                stsc.u32(1) // sample_description_index
            }
        }
        stbl.fullBox("stsz") { stsz in
            stsz.u32(0) // sample_size: every sample has its own
            stsz.u32(UInt32(sampleSizes.count))
            for size in sampleSizes { stsz.u32(size) }
        }
        if chunkOffsets.last.map({ $0 > Int64(UInt32.max) }) ?? false {
            stbl.fullBox("co64") { co64 in
                co64.u32(UInt32(chunkOffsets.count))
                for offset in chunkOffsets { co64.u64(UInt64(offset)) }
            }
        } else {
            stbl.fullBox("stco") { stco in
                stco.u32(UInt32(chunkOffsets.count))
                for offset in chunkOffsets { stco.u32(UInt32(offset)) }
            }
        }
    }
}
