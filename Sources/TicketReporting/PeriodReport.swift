import Foundation
import TicketModel
import TicketDatabase

/// The period report, as the JSON report's schema (`Docs/report.schema.json`, `schema_version` 2) spells it.
public struct PeriodReport: Codable, Sendable, Equatable {
    /// 2 added the flow and backlog over the whole store, the trend, `days_elapsed`, and made `oldest_open`
    /// the oldest of the backlog at the period's end (not only of the tickets created in it).
    public static let schemaVersion = 3

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
        // By the export's own columns, over the whole store; absent when no ticket has the column.
        public var group: [String: DimensionCounts]?
        public var assignee: [String: DimensionCounts]?
        public var channel: [String: DimensionCounts]?
        public var tag: [String: DimensionCounts]?

        public init(
            category: [String: Int], priority: [String: Int], status: [String: Int],
            group: [String: DimensionCounts]? = nil, assignee: [String: DimensionCounts]? = nil,
            channel: [String: DimensionCounts]? = nil, tag: [String: DimensionCounts]? = nil
        ) {
            self.category = category
            self.priority = priority
            self.status = status
            self.group = group
            self.assignee = assignee
            self.channel = channel
            self.tag = tag
        }
    }

    /// One value of a group, assignee, channel or tag: created and resolved in the period, in the backlog at
    /// its end.
    public struct DimensionCounts: Codable, Sendable, Equatable {
        public var created: Int
        public var resolved: Int
        public var backlogEnd: Int

        enum CodingKeys: String, CodingKey {
            case created, resolved
            case backlogEnd = "backlog_end"
        }
    }

    /// The customers' answers for the tickets created in the period: good/bad ratings, 1–5 scores, or both.
    public struct Satisfaction: Codable, Sendable, Equatable {
        public var responses: Int
        public var good: Int
        public var bad: Int
        /// good ÷ (good + bad), 4 decimals; nil without ratings.
        public var shareGood: Double?
        /// Responses given as a score from 1 to 5, and their mean (2 decimals).
        public var scores: Int
        public var meanScore: Double?

        enum CodingKeys: String, CodingKey {
            case responses, good, bad, scores
            case shareGood = "share_good"
            case meanScore = "mean_score"
        }
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
        /// A title longer than this is cut (and ends in "…"): a report is read, and a cell may hold megabytes.
        public static let maxTitleCharacters = 200

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

    /// Tickets coming in and going out over the whole store, and the backlog at both ends of the period.
    public struct Flow: Codable, Sendable, Equatable {
        /// Tickets created in the period (`totals.tickets`).
        public var created: Int
        /// Tickets resolved in the period, whenever they were created.
        public var resolved: Int
        public var backlogStart: Int
        public var backlogEnd: Int
        /// `backlog_end - backlog_start`.
        public var netChange: Int
        /// Tickets created before the period's end that are resolved or closed without a resolution time: never
        /// in the backlog.
        public var closedWithoutTime: Int

        enum CodingKeys: String, CodingKey {
            case created, resolved
            case backlogStart = "backlog_start"
            case backlogEnd = "backlog_end"
            case netChange = "net_change"
            case closedWithoutTime = "closed_without_time"
        }
    }

    /// Backlog tickets by age at the period's end: [0, 1d), [1d, 3d), [3d, 7d), [7d, 30d), 30 days and more.
    public struct AgeBuckets: Codable, Sendable, Equatable {
        public var under1Day = 0
        public var from1To3Days = 0
        public var from3To7Days = 0
        public var from7To30Days = 0
        public var atLeast30Days = 0

        /// The lower bounds of the buckets after the first, in seconds.
        static let bounds: [Int64] = [86_400, 3 * 86_400, 7 * 86_400, 30 * 86_400]
        /// The buckets' JSON keys, in order.
        public static let names = ["lt_1d", "1d_3d", "3d_7d", "7d_30d", "ge_30d"]

        public var values: [Int] { [under1Day, from1To3Days, from3To7Days, from7To30Days, atLeast30Days] }
        public var total: Int { values.reduce(0, +) }

        mutating func add(_ tickets: Int, bucket: Int) {
            switch bucket {
            case 0: under1Day += tickets
            case 1: from1To3Days += tickets
            case 2: from3To7Days += tickets
            case 3: from7To30Days += tickets
            default: atLeast30Days += tickets
            }
        }

        enum CodingKeys: String, CodingKey {
            case under1Day = "lt_1d"
            case from1To3Days = "1d_3d"
            case from3To7Days = "3d_7d"
            case from7To30Days = "7d_30d"
            case atLeast30Days = "ge_30d"
        }
    }

    public struct BacklogAge: Codable, Sendable, Equatable {
        public var total: AgeBuckets
        public var byCategory: [String: AgeBuckets]
        public var byPriority: [String: AgeBuckets]

        enum CodingKeys: String, CodingKey {
            case total
            case byCategory = "by_category"
            case byPriority = "by_priority"
        }
    }

    /// Hours from creation to resolution of the tickets resolved in the period.
    public struct ResolvedStats: Codable, Sendable, Equatable {
        public var count: Int
        public var median: Double?
        public var p90: Double?
    }

    /// One period of the trend: the period itself or one before it, of the same kind.
    public struct TrendPoint: Codable, Sendable, Equatable {
        public var label: String
        public var start: CivilDate
        public var end: CivilDate
        public var created: Int
        public var resolved: Int
        public var backlogEnd: Int

        enum CodingKeys: String, CodingKey {
            case label, start, end, created, resolved
            case backlogEnd = "backlog_end"
        }
    }

    public var schemaVersion = PeriodReport.schemaVersion
    public var generatedAt: String
    /// Days of the period that had begun when the report was made: all of them unless it reaches past then.
    public var daysElapsed: Int
    /// The program and version that wrote the report ("ticketjobs v1.2.0").
    public var generatedBy = BuildInfo.generatedBy
    public var period: Period
    /// The database's taxonomy when the report was made: "category" and "priority" (lowest first) → labels in
    /// its order. Breakdowns and matrices list every one of them, zeros included.
    public var labels: [String: [String]] = [:]
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
    public var flow: Flow
    public var backlogAge: BacklogAge
    /// Hours to resolution of the tickets resolved in the period, by category and by priority.
    public var resolvedHours: [String: [String: ResolvedStats]]
    /// The oldest tickets in the backlog at the period's end, from the whole store (at most 10).
    public var oldestOpen: [OpenTicket]
    /// A day's report: the 13 days before it and itself; a week's: 8 weeks; a month's: 12 months. None for a
    /// range. Oldest first, the period itself last.
    public var trend: [TrendPoint]?
    /// Hours from creation to first response of the tickets created in the period; absent when no ticket of
    /// the store has a first response.
    public var firstResponseHours: ResolvedStats?
    /// Absent when no ticket of the store has a satisfaction answer.
    public var satisfaction: Satisfaction?

    enum CodingKeys: String, CodingKey {
        case schemaVersion = "schema_version"
        case generatedAt = "generated_at"
        case generatedBy = "generated_by"
        case daysElapsed = "days_elapsed"
        case period, labels, totals, daily
        case avgTicketsPerDay = "avg_tickets_per_day"
        case avgTicketsPerActiveDay = "avg_tickets_per_active_day"
        case breakdowns, shares
        case categoryByPriority = "category_by_priority"
        case resolutionHours = "resolution_hours"
        case previousPeriod = "previous_period"
        case labelSources = "label_sources"
        case classification
        case flow
        case backlogAge = "backlog_age"
        case resolvedHours = "resolved_hours"
        case oldestOpen = "oldest_open"
        case trend
        case firstResponseHours = "first_response_hours"
        case satisfaction
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

extension PeriodReport {
    /// The labels of a kind ("category", "priority") in the taxonomy's order; for a report without the list,
    /// those of its breakdown, sorted.
    public func labels(of kind: String) -> [String] {
        labels[kind] ?? (kind == "category" ? breakdowns.category : breakdowns.priority).keys.sorted()
    }
}
