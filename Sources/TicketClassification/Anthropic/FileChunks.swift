import Foundation
import NIOCore

/// A file's bytes as an asynchronous sequence of buffers, read a chunk at a time; each iteration opens the
/// file anew, so a request that is sent again (a redirect) sends it whole again.
struct FileChunks: AsyncSequence, Sendable {
    typealias Element = ByteBuffer
    let file: URL
    var chunkSize = 1 << 20

    struct AsyncIterator: AsyncIteratorProtocol {
        let file: URL
        let chunkSize: Int
        var handle: FileHandle?
        var finished = false

        mutating func next() async throws -> ByteBuffer? {
            if finished { return nil }
            if handle == nil { handle = try FileHandle(forReadingFrom: file) }
            guard let data = try handle?.read(upToCount: chunkSize), !data.isEmpty else {
                try handle?.close()
                finished = true
                return nil
            }
            return ByteBuffer(bytes: data)
        }
    }

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(file: file, chunkSize: chunkSize)
    }
}
