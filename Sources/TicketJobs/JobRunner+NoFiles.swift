extension JobRunner {
    /// An import step with `require_files: true` whose paths matched no file.
    public struct NoFiles: Error, CustomStringConvertible {
        public var patterns: String
        public var description: String { "import matches no file (require_files): \(patterns)" }
    }
}
