/// Fixed values of the transport stream layout (ISO 13818-1 §2.4.3).
public enum TSPacket {
    /// Bytes in every transport packet.
    public static let size = 188
    /// sync_byte.
    public static let syncByte: UInt8 = 0x47
    /// PID of the program association table.
    public static let patPID: UInt16 = 0x0000
    /// SRS compat: the program map table PID.
    public static let pmtPID: UInt16 = 0x1001
    /// The one program SRS declares.
    public static let programNumber: UInt16 = 1
    /// transport_stream_id in the PAT.
    public static let transportStreamID: UInt16 = 1
}
