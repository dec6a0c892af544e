import Foundation
import TicketModel
import TicketDatabase

/// The period report, as the JSON report's schema (`Docs/report.schema.json`, `schema_version` 1) spells it.
public struct PeriodReport: Codable, Sendable, Equatable {
    public static let schemaVersion = 1

    public struct Period: Codable, Sendable, Equatable {
        public var label: String
        public var start: CivilDate
        public var end: CivilDate
        public var timezone: String
        public var days: Int
    }

    public struct Totals: Codable, Sendable, Equatable {
        /// Tickets created in the period.
        public var tickets: Int
        /// Of those, tickets lacking a category or a priority.
        public var unlabeled: Int
        /// Of those, tickets not yet resolved at the end of the period.
        public var openAtEnd: Int

        enum CodingKeys: String, CodingKey {
            case tickets, unlabeled
            case openAtEnd = "open_at_end"
        }
    }

    public struct Day: Codable, Sendable, Equatable {
        public var date: CivilDate
        public var tickets: Int
    }

    public struct Breakdowns: Codable, Sendable, Equatable {
        public var category: [String: Int]
        public var priority: [String: Int]
        public var status: [String: Int]
    }

    public struct ResolutionStats: Codable, Sendable, Equatable {
        public var count: Int
        public var mean: Double?
        public var median: Double?
        public var p90: Double?
    }

    public struct Change: Codable, Sendable, Equatable {
        public var absolute: Int
        /// nil when the previous value was 0.
        public var percent: Double?
    }

    public struct PreviousPeriod: Codable, Sendable, Equatable {
        public var label: String
        public var start: CivilDate
        public var end: CivilDate
        public var totals: Totals
        public var change: [String: Change]
    }

    public struct Classification: Codable, Sendable, Equatable {
        public var requests: Int
        public var costUSD: Double

        enum CodingKeys: String, CodingKey {
            case requests
            case costUSD = "cost_usd"
        }
    }

    public struct OpenTicket: Codable, Sendable, Equatable {
        public var id: String
        public var title: String
        public var createdAt: String
        public var category: String?
        public var priority: String?

        enum CodingKeys: String, CodingKey {
            case id, title, category, priority
            case createdAt = "created_at"
        }
    }

    public var schemaVersion = PeriodReport.schemaVersion
    public var generatedAt: String
    /// Days of the period that had begun when the report was made: all of them unless it reaches past then.
    /// Not in the JSON until its schema's next version; the HTML says it.
    public var daysElapsed: Int?
    /// The program and version that wrote the report ("ticketjobs v1.2.0").
    public var generatedBy = BuildInfo.generatedBy
    public var period: Period
    public var totals: Totals
    public var daily: [Day]
    /// Tickets created ÷ calendar days in the period.
    public var avgTicketsPerDay: Double
    /// Tickets created ÷ days with at least one ticket (the support app's rule).
    public var avgTicketsPerActiveDay: Double
    public var breakdowns: Breakdowns
    /// Share of the period's tickets per label, 0…1, rounded to 4 decimals.
    public var shares: Breakdowns.Shares
    public var categoryByPriority: [String: [String: Int]]
    /// Hours from creation to resolution, by category and by priority.
    public var resolutionHours: [String: [String: ResolutionStats]]
    public var previousPeriod: PreviousPeriod
    /// Where the period's labels came from, per label kind: source → count.
    public var labelSources: [String: [String: Int]]
    public var classification: Classification
    /// The oldest tickets of the period still open at its end (at most 10).
    public var oldestOpen: [OpenTicket]

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case generatedAt = "generated_at"
        case generatedBy = "generated_by"
        case period, totals, daily
        case avgTicketsPerDay = "avg_tickets_per_day"
        case avgTicketsPerActiveDay = "avg_tickets_per_active_day"
        case breakdowns, shares
        case categoryByPriority = "category_by_priority"
        case resolutionHours = "resolution_hours"
        case previousPeriod = "previous_period"
        case labelSources = "label_sources"
        case classification
        case oldestOpen = "oldest_open"
    }
}

extension PeriodReport.Breakdowns {
    /// Shares per label, in the same shape as the counts.
    public struct Shares: Codable, Sendable, Equatable {
        public var category: [String: Double]
        public var priority: [String: Double]
        public var status: [String: Double]
    }
}
