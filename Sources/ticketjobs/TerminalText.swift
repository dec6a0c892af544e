/// Text for a person's terminal. Ticket text and export headers are untrusted: an escape sequence in a rejected
/// value (`ESC]0;…BEL` retitles the window, others rewrite the screen or the clipboard) would be run by the
/// terminal, not shown. Control characters are written out as `\u{1B}` instead.
enum TerminalText {
    /// `text` with every control character but those in `keeping` written out.
    static func escapingControls(_ text: String, keeping: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { isControl($0) && !keeping.contains($0) }) else { return text }
        var result = ""
        result.unicodeScalars.reserveCapacity(text.unicodeScalars.count)
        for scalar in text.unicodeScalars {
            if isControl(scalar) && !keeping.contains(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// C0, DEL and C1 (whose 0x9B is a one-byte CSI).
    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
    }
}
