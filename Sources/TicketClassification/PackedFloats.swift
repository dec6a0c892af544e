import Foundation

/// Numbers as little-endian bytes, for model parameters stored in JSON (as base64) without text per value.
enum PackedFloats {
    static func data(_ values: [Float]) -> Data {
        data(values.map(\.bitPattern))
    }

    static func floats(_ data: Data) -> [Float] {
        integers(data, as: UInt32.self).map(Float.init(bitPattern:))
    }

    static func data<T: FixedWidthInteger>(_ values: [T]) -> Data {
        var data = Data(capacity: values.count * MemoryLayout<T>.size)
        for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    static func integers<T: FixedWidthInteger>(_ data: Data, as: T.Type) -> [T] {
        data.withUnsafeBytes { raw in
            (0..<(raw.count / MemoryLayout<T>.size)).map { i in
                T(littleEndian: raw.loadUnaligned(fromByteOffset: i * MemoryLayout<T>.size, as: T.self))
            }
        }
    }
}
