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
        var source = pending
        source.append(contentsOf: input)
        pending.removeAll(keepingCapacity: true)
        if source.isEmpty { return }
        var chunk = [UInt8](repeating: 0, count: max(4096, source.count * 4))
        source.withUnsafeMutableBytes { sourceBytes in
            var inPointer: UnsafeMutablePointer<CChar>? = sourceBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            var inLeft = sourceBytes.count
            while inLeft > 0 {
                let (produced, errorNumber): (Int, Int32) = chunk.withUnsafeMutableBytes { chunkBytes in
                    var outPointer: UnsafeMutablePointer<CChar>? = chunkBytes.baseAddress!.assumingMemoryBound(to: CChar.self)
                    var outLeft = chunkBytes.count
                    let result = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                    return (chunkBytes.count - outLeft, result == -1 ? errno : 0)
                }
                output.append(contentsOf: chunk[0..<produced])
                switch errorNumber {
                case 0:
                    break
                case EILSEQ:
                    output.append(Self.invalid)
                    inPointer! += 1
                    inLeft -= 1
                case EINVAL:
                    // An incomplete sequence at the end: keep it for the next chunk, or mark it at the end.
                    if final {
                        output.append(Self.invalid)
                    } else {
                        pending = Array(UnsafeRawBufferPointer(start: inPointer!, count: inLeft))
                    }
                    inLeft = 0
                case E2BIG:
                    continue
                default:
                    output.append(Self.invalid)
                    inPointer! += 1
                    inLeft -= 1
                }
            }
        }
    }
}
