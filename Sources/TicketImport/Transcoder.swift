import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Converts a byte stream in a legacy encoding to UTF-8 with glibc's iconv, chunk by chunk.
///
/// A byte sequence that is invalid in the source encoding becomes the byte 0xFF, which is never valid UTF-8,
/// so the readers downstream reject the row that holds it, with its line and column, exactly as they reject
/// invalid UTF-8. A multi-byte sequence cut by the end of a chunk is kept for the next one.
final class Transcoder {
    let encoding: String
    private let descriptor: iconv_t
    /// Bytes read but not yet converted: an incomplete sequence at the end of the last chunk.
    private var pending: [UInt8] = []
    /// The marker for an invalid sequence.
    static let invalid: UInt8 = 0xFF

    /// Fails with the reason when iconv does not know `encoding`.
    init(from encoding: String) throws {
        self.encoding = encoding
        let handle = iconv_open("UTF-8", encoding)
        guard handle != iconv_t(bitPattern: -1) else {
            throw ImportError.unknownEncoding(encoding)
        }
        descriptor = handle!
    }

    deinit { iconv_close(descriptor) }

    /// Converts `input` (after what is pending) and appends the UTF-8 to `output`. With `final`, an incomplete
    /// sequence left at the end counts as invalid.
    func convert(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], final: Bool = false) {
        if pending.isEmpty {
            convertBytes(input, into: &output, final: final)
        } else {
            var joined = pending
            joined.append(contentsOf: input)
            pending.removeAll()
            joined.withUnsafeBytes { convertBytes($0, into: &output, final: final) }
        }
    }

    /// Reused between chunks: a chunk's UTF-8 takes at most three bytes per input byte (four for UTF-16 pairs,
    /// which take four input bytes).
    private var scratch: [UInt8] = []

    private func convertBytes(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], final: Bool) {
        guard let base = input.baseAddress, input.count > 0 else { return }
        if scratch.count < input.count * 3 + 16 { scratch = [UInt8](repeating: 0, count: input.count * 3 + 16) }
        var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))
        var inLeft = input.count
        while inLeft > 0 {
            let (produced, errorNumber): (Int, Int32) = scratch.withUnsafeMutableBytes { scratchBytes in
                var outPointer: UnsafeMutablePointer<CChar>? = scratchBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                var outLeft = scratchBytes.count
                let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                return (scratchBytes.count - outLeft, result == -1 ? errno : 0)
            }
            output.append(contentsOf: scratch[0..<produced])
            switch errorNumber {
            case 0, E2BIG:
                continue
            case EINVAL:
                // An incomplete sequence at the end: keep it for the next chunk, or mark it at the end.
                if final {
                    output.append(Self.invalid)
                } else {
                    pending = Array(UnsafeRawBufferPointer(start: inPointer!, count: inLeft))
                }
                inLeft = 0
            default:
                // EILSEQ: a sequence the encoding does not have.
                output.append(Self.invalid)
                inPointer! += 1
                inLeft -= 1
            }
        }
    }
}
