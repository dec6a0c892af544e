import Foundation
import NIOCore
import NIOHTTP1

/// One connection of `LoopbackHTTPServer`: collects a request whole, asks the handler, and writes the answer
/// at once, later, a byte at a time, or never. Behind NIO's pipelining handler, so a keep-alive connection's
/// next request waits for this answer.
final class LoopbackHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let handler: LoopbackHTTPServer.Handler
    private var head: HTTPRequestHead?
    private var body = Data()

    init(handler: @escaping LoopbackHTTPServer.Handler) {
        self.handler = handler
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
        case .body(let buffer):
            body.append(contentsOf: buffer.readableBytesView)
        case .end:
            guard let head else { return }
            self.head = nil
            let response = handler(request(head))
            guard let delay = response.delay else { return }
            let keepAlive = head.isKeepAlive
            let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            if delay == .zero {
                answer(response, keepAlive: keepAlive, context: context)
            } else {
                context.eventLoop.scheduleTask(in: .nanoseconds(delay.nanoseconds)) {
                    let (handler, context) = bound.value
                    handler.answer(response, keepAlive: keepAlive, context: context)
                }.futureResult.whenFailure { _ in response.onSent?() }
            }
        }
    }

    private func request(_ head: HTTPRequestHead) -> LoopbackHTTPServer.Request {
        let components = URLComponents(string: head.uri)
        var query: [String: String] = [:]
        for item in components?.queryItems ?? [] { query[item.name] = item.value ?? "" }
        var headers: [String: String] = [:]
        for (name, value) in head.headers {
            let name = name.lowercased()
            headers[name] = headers[name].map { "\($0), \(value)" } ?? value
        }
        return LoopbackHTTPServer.Request(
            method: head.method.rawValue, path: components?.path ?? head.uri, query: query, headers: headers,
            body: body)
    }

    private func answer(_ response: LoopbackHTTPServer.Response, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else {
            response.onSent?()
            return
        }
        var headers = HTTPHeaders()
        for (name, value) in response.headers.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        headers.replaceOrAdd(name: "content-length", value: String(response.body.count))
        headers.replaceOrAdd(name: "connection", value: keepAlive ? "keep-alive" : "close")
        let head = HTTPResponseHead(
            version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if let interval = response.drip {
            context.flush()
            drip(response.body[...], every: interval, response: response, context: context)
            return
        }
        context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: response.body)))), promise: nil)
        finish(response, keepAlive: keepAlive, context: context)
    }

    private func finish(_ response: LoopbackHTTPServer.Response, keepAlive: Bool, context: ChannelHandlerContext) {
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
            response.onSent?()
            if !keepAlive { channel.close(promise: nil) }
        }
    }

    private func drip(
        _ rest: Data.SubSequence, every interval: Duration, response: LoopbackHTTPServer.Response,
        context: ChannelHandlerContext
    ) {
        guard context.channel.isActive else {
            response.onSent?()
            return
        }
        guard let byte = rest.first else {
            finish(response, keepAlive: false, context: context)
            return
        }
        context.writeAndFlush(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(bytes: [byte])))), promise: nil)
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        let next = rest.dropFirst()
        context.eventLoop.scheduleTask(in: .nanoseconds(interval.nanoseconds)) {
            let (handler, context) = bound.value
            handler.drip(next, every: interval, response: response, context: context)
        }.futureResult.whenFailure { _ in response.onSent?() }
    }
}

extension Duration {
    /// Whole nanoseconds, for NIO's `TimeAmount`.
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
