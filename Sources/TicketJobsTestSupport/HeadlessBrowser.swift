import Foundation

/// Debian's Chromium, headless, for the checks only a browser can make: how wide a report lays out.
public enum HeadlessBrowser {
    /// The installed browser, if any (`make test` installs it).
    public static var path: String? {
        ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.fileExists(atPath: $0) }
    }

    public static let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]

    /// How wide the page at `path` lays out in a window `width` pixels wide, every `<details>` open: its scroll
    /// width against the width it is shown in (equal when nothing reaches past the window's edge). The reports
    /// carry no script, so a page of the test's own frames the report and measures it.
    public static func layoutWidth(of path: String, windowWidth width: Int = 1280) throws -> (scroll: Int, client: Int) {
        guard let browser = Self.path else { throw Failure(message: "chromium is not installed: `make test` installs it") }
        let directory = try TemporaryDirectory()
        let frame = URL(fileURLWithPath: path).absoluteString
        let harness = try directory.write("measure.html", """
            <!DOCTYPE html><html><body><iframe id="f" src="\(frame)" style="width:\(width)px;height:900px"></iframe>
            <script>
            document.getElementById("f").onload = function () {
              this.contentDocument.querySelectorAll("details").forEach(function (d) { d.open = true; });
              var page = this.contentDocument.documentElement, out = document.createElement("pre");
              out.id = "layout"; out.textContent = page.scrollWidth + " " + page.clientWidth;
              document.body.appendChild(out);
            };
            </script></body></html>
            """)
        let result = try Shell.run(
            browser, flags + ["--allow-file-access-from-files", "--virtual-time-budget=10000", "--dump-dom",
                              URL(fileURLWithPath: harness).absoluteString], in: directory.url)
        guard let match = result.stdout.firstMatch(of: #/<pre id="layout">(\d+) (\d+)</pre>/#),
            let scroll = Int(match.1), let client = Int(match.2)
        else { throw Failure(message: "no layout measured for \(path): \(result.stderr.suffix(500))") }
        return (scroll, client)
    }

    /// Why a page could not be measured.
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }
}
