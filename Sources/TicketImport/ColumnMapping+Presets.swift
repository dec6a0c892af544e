import TicketModel
import TicketDatabase

extension ColumnMapping {
    /// The names `--mapping` accepts besides a file path.
    public static let presetNames = ["ticketjobs", "zendesk", "freshdesk", "jira"]

    /// The preset called `name`, or nil.
    public static func preset(named name: String) -> ColumnMapping? {
        switch name.lowercased() {
        case "ticketjobs", "default", "ours": .ticketjobs
        case "zendesk": .zendesk
        case "freshdesk": .freshdesk
        case "jira", "jira-service-management", "jsm": .jira
        default: nil
        }
    }

    /// Our own column names, as `ticketjobs export` writes them.
    public static let ticketjobs = ColumnMapping(
        name: "ticketjobs",
        columns: Dictionary(uniqueKeysWithValues: TicketField.allCases.map { ($0, [$0.rawValue]) }),
        ignoredColumns: ["label_source"]
    )

    /// Zendesk Support's CSV export (Admin Center → Reports → Export). It has no description column and no
    /// category; its priorities are Low / Normal / High / Urgent.
    public static let zendesk = ColumnMapping(
        name: "zendesk",
        columns: [
            .id: ["Id", "Ticket ID"],
            .title: ["Subject"],
            .description: ["Description"],
            .category: ["Category"],
            .priority: ["Priority"],
            .status: ["Status"],
            .createdAt: ["Created at"],
            .resolvedAt: ["Solved at"],
        ],
        values: [
            .priority: ["low": "low", "normal": "medium", "high": "high", "urgent": "critical", "-": nil],
            .status: [
                "new": "open", "open": "open", "pending": "in_progress", "hold": "in_progress",
                "on-hold": "in_progress", "on hold": "in_progress", "solved": "resolved", "closed": "closed",
                "deleted": "closed",
            ],
        ]
    )

    /// Freshdesk's ticket export (Tickets → Export → CSV). Its default ticket types map onto categories.
    public static let freshdesk = ColumnMapping(
        name: "freshdesk",
        columns: [
            .id: ["Ticket ID", "Ticket Id"],
            .title: ["Subject"],
            .description: ["Description"],
            .category: ["Category", "Type"],
            .priority: ["Priority"],
            .status: ["Status"],
            .createdAt: ["Created time", "Created Time"],
            .resolvedAt: ["Resolved time", "Resolved Time"],
        ],
        values: [
            .category: [
                "refund": "billing", "billing": "billing", "incident": "technical", "problem": "technical",
                "question": "general", "feature request": "general", "account": "account",
            ],
            .priority: ["low": "low", "medium": "medium", "high": "high", "urgent": "critical"],
            .status: [
                "open": "open", "pending": "in_progress", "waiting on customer": "in_progress",
                "waiting on third party": "in_progress", "resolved": "resolved", "closed": "closed",
            ],
        ]
    )

    /// Jira Service Management's issue export (Filters → Export → CSV). Dates are written as
    /// `25/Nov/26 3:04 PM`; request types are free-form, so categories are left to the classifier.
    public static let jira = ColumnMapping(
        name: "jira",
        columns: [
            .id: ["Issue key"],
            .title: ["Summary"],
            .description: ["Description"],
            .priority: ["Priority"],
            .status: ["Status"],
            .createdAt: ["Created"],
            .resolvedAt: ["Resolved"],
        ],
        values: [
            .priority: [
                "highest": "critical", "blocker": "critical", "critical": "critical", "high": "high",
                "major": "high", "medium": "medium", "low": "low", "minor": "low", "lowest": "low",
                "trivial": "low",
            ],
            .status: [
                "open": "open", "to do": "open", "new": "open", "waiting for support": "open",
                "waiting for customer": "in_progress", "in progress": "in_progress", "pending": "in_progress",
                "escalated": "in_progress", "work in progress": "in_progress", "resolved": "resolved",
                "done": "resolved", "closed": "closed", "canceled": "closed", "cancelled": "closed",
                "declined": "closed",
            ],
        ],
        dateFormats: ["dd/MMM/yy h:mm a", "dd/MMM/yy HH:mm", "dd/MMM/yyyy h:mm a"]
    )
}
