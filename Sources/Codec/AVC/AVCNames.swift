/// SRS's display names for H.264 profiles and levels (srs_avc_profile2str, srs_avc_level2str),
/// used in logs and the HTTP API.
public enum AVCNames {
    /// The name of a profile.
    ///
    /// SRS compat: SRS passes the 8-bit profile_idc from the avcC, so the constrained/intra
    /// variants (ffmpeg-style values 578, 2158, ...) only appear if a caller computes them.
    public static func profile(_ profile: Int) -> String {
        switch profile {
        case 66: return "Baseline"
        case 578: return "Baseline(Constrained)"
        case 77: return "Main"
        case 88: return "Extended"
        case 100: return "High"
        case 110: return "High(10)"
        case 2158: return "High(10+Intra)"
        case 122: return "High(422)"
        case 2170: return "High(422+Intra)"
        case 144: return "High(444)"
        case 244: return "High(444+Predictive)"
        case 2192: return "High(444+Intra)"
        default: return "Other"
        }
    }

    /// The name of a level_idc: "3.1" for 31, "3" for 30; "Other" outside SRS's table.
    public static func level(_ levelIDC: UInt8) -> String {
        switch levelIDC {
        case 10, 20, 30, 40, 50: return "\(levelIDC / 10)"
        case 11, 12, 13, 21, 22, 31, 32, 41, 51: return "\(levelIDC / 10).\(levelIDC % 10)"
        default: return "Other"
        }
    }
}
