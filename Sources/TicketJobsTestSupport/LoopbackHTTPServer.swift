import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 for the tests and benchmarks that talk to the production transport or
/// the built binary. It runs on an event loop thread of its own and answers from a synchronous handler there,
/// never on Swift's cooperative pool: in a parallel `swift test` on two cores, tests that block that pool (every
/// CLI test waiting on its process) starved a server whose tasks ran on it, for minutes.
public final class LoopbackHTTPServer: Sendable {
    public struct Request: Sendable {
        public var method: String
        /// Percent-decoded, without the query.
        public var path: String
        public var query: [String: String]
        /// Names in lowercase; a repeated header's values joined by ", ".
        public var headers: [String: String]
        public var body: Data
    }

    public struct Response: Sendable {
        public var status: Int
        public var headers: [String: String]
        public var body: Data
        /// How long the server waits before answering; nil: it never answers (the client has to give up).
        public var delay: Duration?
        /// Sends the body a byte at a time, this far apart (a server that drips its answer).
        public var drip: Duration?
        /// Called on the server's thread once the answer is written, or its connection has gone.
        public var onSent: (@Sendable () -> Void)?

        public init(
            status: Int, headers: [String: String] = [:], body: Data = Data(), delay: Duration? = .zero,
            drip: Duration? = nil, onSent: (@Sendable () -> Void)? = nil
        ) {
            self.status = status
            self.headers = headers
            self.body = body
            self.delay = delay
            self.drip = drip
            self.onSent = onSent
        }
    }

    public typealias Handler = @Sendable (Request) -> Response

    private let group: MultiThreadedEventLoopGroup
    private let channel: any Channel
    /// The port the system gave.
    public let port: Int

    public init(handler: @escaping Handler) async throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            channel = try await ServerBootstrap(group: group)
                .serverChannelOption(.backlog, value: 256)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.configureHTTPServerPipeline(withErrorHandling: true)
                        try channel.pipeline.syncOperations.addHandler(LoopbackHTTPHandler(handler: handler))
                    }
                }
                .bind(host: "127.0.0.1", port: 0).get()
        } catch {
            try? await group.shutdownGracefully()
            throw error
        }
        port = channel.localAddress?.port ?? 0
    }

    /// `http://127.0.0.1:PORT`.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Closes the listening socket and every connection, answered or not.
    public func stop() async {
        try? await channel.close()
        try? await group.shutdownGracefully()
    }
}
