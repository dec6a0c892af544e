import ArgumentParser
import Foundation
import Logging
import TicketModel
import TicketDatabase
import TicketImport
import TicketExport
import TicketClassification
import TicketReporting
import TicketEvaluation
import TicketJobs

/// Options every subcommand takes.
struct GlobalOptions: ParsableArguments {
    @Option(name: .long, help: "The SQLite database (default: $TICKETJOBS_DB, else tickets.sqlite).")
    var db: String?

    @Option(name: .long, help: "The least severe log lines shown on stderr.")
    var logLevel: Logger.Level = .info

    func validate() throws {
        try PathArgument.requireNonEmpty(db, "--db")
        if db == nil, ProcessInfo.processInfo.environment["TICKETJOBS_DB"] == "" {
            throw ValidationError("TICKETJOBS_DB is set but empty: name the database file in it, or unset it for tickets.sqlite")
        }
    }

    var databasePath: String {
        db ?? ProcessInfo.processInfo.environment["TICKETJOBS_DB"] ?? "tickets.sqlite"
    }

    /// Opens the database; only a command that writes tickets passes `create`, so that a mistyped path fails
    /// instead of reading as an empty database. `waitingForImport`: wait while an import's load has the database
    /// (see `waitForImport`); without, such a load stops the command at once (exit 75).
    func openStore(create: Bool = false, forImport: Bool = false, waitingForImport: Bool = true) throws -> TicketStore {
        try waitForImport(limit: waitingForImport ? nil : .zero)
        return try TicketStore(path: databasePath, create: create, forImport: forImport)
    }

    /// Opens the database for a command that only reads it: read-only when this user may not write the file.
    func openStoreToRead() throws -> TicketStore {
        try waitForImport()
        return try TicketStore(path: databasePath, create: false, access: .readWriteIfPermitted)
    }

    /// Waits while an import's load has the database to itself (see `LoadWait`), saying so on stderr; at most
    /// `limit`, else as the environment says.
    private func waitForImport(limit: Duration? = nil) throws {
        let wait = try limit.map { LoadWait(limit: $0) } ?? LoadWait.from(environment: ProcessInfo.processInfo.environment)
        try wait.untilLoadEnds(path: databasePath, logger: makeLogger("store"), metadata: ["db": "\(databasePath)"])
    }

    /// A logger to stderr; `repeatedOnStdout` names the info messages whose facts the command prints on stdout
    /// too, which a terminal then shows once.
    func makeLogger(_ label: String, repeatedOnStdout: Set<String> = []) -> Logger {
        var logger = Logger(label: label) { label in
            var handler = StderrLogHandler(label: label)
            handler.repeatedOnStdout = repeatedOnStdout
            return handler
        }
        logger.logLevel = logLevel
        return logger
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
