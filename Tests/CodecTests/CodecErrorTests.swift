import Codec
import Core
import Testing

@Suite struct CodecErrorTests {
    @Test func descriptionsNameTheProblemAndItsData() {
        #expect(CodecError.truncated(context: "amf0 string", offset: 3, needed: 5, available: 2).description
            == "amf0 string: truncated at offset 3: need 5 bytes, have 2")
        #expect(CodecError.amf0UnknownMarker(0x1F).description == "amf0: unknown marker 0x1f")
        #expect(CodecError.flvBadSignature([0x46, 0x4C, 0x58]).description == "flv: bad signature 46 4c 58")
        #expect(CodecError.avcSPSValueOutOfRange(field: "chroma_format_idc", value: 4).description
            == "avc: sps chroma_format_idc=4 out of range")
        #expect(CodecError.adtsFrameTooLarge(payloadLength: 9000).description
            == "adts: payload of 9000 bytes exceeds the 13-bit frame length")
    }

    @Test func wrappingKeepsTheCodecErrorAsTheRoot() {
        let wrapped = CodecError.amf0NestingTooDeep(limit: 64).wrapped("rtmp: connect")
        #expect(wrapped.description == "rtmp: connect: amf0: nesting deeper than 64")
        #expect(wrapped.root as? CodecError == .amf0NestingTooDeep(limit: 64))
    }
}
