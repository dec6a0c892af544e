import TicketModel
import TicketDatabase

extension ColumnMapping {
    /// The names `--mapping` accepts besides a file path.
    public static let presetNames = ["ticketjobs", "zendesk", "freshdesk", "jira", "servicenow", "hubspot"]

    /// The preset other than `name` whose columns a file has: the one that gives every row what it needs and
    /// the most fields besides (a Freshdesk ticket has Zendesk's `subject` too), the first listed on a tie.
    /// `columns` says which of the file's columns a mapping takes for each field.
    static func bestPreset(
        besides name: String, columns: (ColumnMapping) -> [TicketField: String]
    ) -> (name: String, columns: [TicketField: String])? {
        var best: (name: String, columns: [TicketField: String])?
        for other in presetNames where other != name {
            guard let preset = preset(named: other) else { continue }
            let theirs = columns(preset)
            guard ColumnResolver(mapping: preset).fieldsEveryRowLacks(present: Set(theirs.keys)).isEmpty else { continue }
            if theirs.count > best?.columns.count ?? -1 { best = (other, theirs) }
        }
        return best
    }

    /// The preset called `name`, or nil.
    public static func preset(named name: String) -> ColumnMapping? {
        switch name.lowercased() {
        case "ticketjobs", "default", "ours": .ticketjobs
        case "zendesk": .zendesk
        case "freshdesk": .freshdesk
        case "jira", "jira-service-management", "jsm": .jira
        case "servicenow", "snow": .servicenow
        case "hubspot": .hubspot
        default: nil
        }
    }

    /// Our own column names, as `ticketjobs export` writes them.
    public static let ticketjobs = {
        var mapping = ColumnMapping(
            name: "ticketjobs",
            columns: Dictionary(uniqueKeysWithValues: TicketField.allCases.map { ($0, [$0.rawValue]) }),
            ignoredColumns: ["label_source"]
        )
        mapping.labelSource = ["label_source"]
        return mapping
    }()

    /// Zendesk Support's CSV export (Admin Center → Reports → Export) and its JSON export (one ticket object
    /// per line: `subject`, `via.channel`, `satisfaction_rating.score`, `metric_set.solved_at`, ...). The CSV has
    /// no description column and no category; its priorities are Low / Normal / High / Urgent; its first reply
    /// is a duration in minutes.
    public static let zendesk = {
        var mapping = ColumnMapping(
            name: "zendesk",
            columns: [
                .id: ["Id", "Ticket ID"],
                .title: ["Subject"],
                .description: ["Description"],
                .category: ["Category"],
                .priority: ["Priority"],
                .status: ["Status"],
                .createdAt: ["Created at", "created_at"],
                .resolvedAt: ["Solved at", "metric_set.solved_at"],
                .assignee: ["Assignee", "assignee_id"],
                .group: ["Group", "group_id"],
                .channel: ["Via", "via.channel"],
                .tags: ["Tags"],
                .satisfaction: ["Satisfaction Score", "satisfaction_rating.score"],
            ],
            values: zendeskValues)
        mapping.firstResponseMinutes = ["First reply time in minutes", "metric_set.reply_time_in_minutes.calendar"]
        return mapping
    }()

    private static let zendeskValues: [TicketField: [String: String?]] = [
            .channel: ["mail": "email", "web form": "web", "web_form": "web", "web widget": "web", "phone call (incoming)": "voice"],
            .satisfaction: ["offered": nil, "unoffered": nil],
            .priority: ["low": "low", "normal": "medium", "high": "high", "urgent": "critical", "-": nil],
            .status: [
                "new": "open", "open": "open", "pending": "in_progress", "hold": "in_progress",
                "on-hold": "in_progress", "on hold": "in_progress", "solved": "resolved", "closed": "closed",
                "deleted": "closed",
            ],
        ]

    /// Freshdesk's ticket export (Tickets → Export → CSV). Its default ticket types map onto categories.
    public static let freshdesk = ColumnMapping(
        name: "freshdesk",
        columns: [
            .id: ["Ticket ID", "Ticket Id", "id"],
            .title: ["Subject"],
            .description: ["description_text", "Description"],
            .category: ["Category", "Type"],
            .priority: ["Priority"],
            .status: ["Status"],
            .createdAt: ["Created time", "Created Time", "created_at"],
            .resolvedAt: ["Resolved time", "Resolved Time", "stats.resolved_at"],
            .assignee: ["Agent", "responder_id"],
            .group: ["Group", "group_id"],
            .channel: ["Source"],
            .tags: ["Tags"],
            .firstResponseAt: ["Initial response time", "stats.first_responded_at"],
        ],
        // The API (`GET /api/v2/tickets`) numbers the priority, status and source.
        values: [
            .channel: ["1": "email", "2": "portal", "3": "phone", "7": "chat", "9": "feedback_widget", "10": "outbound_email"],
            .category: [
                "refund": "billing", "billing": "billing", "incident": "technical", "problem": "technical",
                "question": "general", "feature request": "general", "account": "account",
            ],
            .priority: [
                "low": "low", "medium": "medium", "high": "high", "urgent": "critical", "1": "low", "2": "medium",
                "3": "high", "4": "critical",
            ],
            .status: [
                "open": "open", "pending": "in_progress", "waiting on customer": "in_progress",
                "waiting on third party": "in_progress", "resolved": "resolved", "closed": "closed", "2": "open",
                "3": "in_progress", "4": "resolved", "5": "closed",
            ],
        ]
    )

    /// Jira Service Management's issue export (Filters → Export → CSV). Dates are written as
    /// `25/Nov/26 3:04 PM`; request types are free-form, so categories are left to the classifier.
    public static let jira = ColumnMapping(
        name: "jira",
        columns: [
            .id: ["Issue key", "key"],
            .title: ["Summary", "fields.summary"],
            .description: ["Description", "fields.description"],
            .priority: ["Priority", "fields.priority.name"],
            .status: ["Status", "fields.status.name"],
            .createdAt: ["Created", "fields.created"],
            .resolvedAt: ["Resolved", "fields.resolutiondate"],
            .assignee: ["Assignee", "fields.assignee.displayName"],
            .group: ["Team", "Custom field (Team)"],
            .channel: ["Request channel", "Custom field (Request channel)"],
            .tags: ["Labels", "fields.labels"],
            .satisfaction: ["Satisfaction", "Custom field (Satisfaction)"],
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

    /// ServiceNow's incident list export (List → Export → CSV), by field names or by their labels. Priorities
    /// are `1 - Critical` … `5 - Planning`; categories of the base system map onto ours where they can.
    public static let servicenow = ColumnMapping(
        name: "servicenow",
        // The Table API gives a reference as an object: its name with `sysparm_display_value=true`, else its id.
        // With `sysparm_display_value=all` every field is an object of both: text and names as displayed, choices
        // by their values (the displayed labels are translated), times as stored (in UTC; displayed in the
        // user's zone).
        columns: [
            .id: ["number", "number.value"],
            .title: ["short_description", "Short description", "short_description.display_value"],
            .description: ["description", "description.display_value"],
            .category: ["category", "category.value"],
            .priority: ["priority", "priority.value"],
            .status: ["state", "incident_state", "state.value", "incident_state.value"],
            .createdAt: ["opened_at", "Opened", "opened_at.value"],
            .resolvedAt: ["resolved_at", "Resolved", "resolved_at.value"],
            .assignee: ["assigned_to", "Assigned to", "assigned_to.display_value", "assigned_to.value"],
            .group: ["assignment_group", "Assignment group", "assignment_group.display_value", "assignment_group.value"],
            .channel: ["contact_type", "Channel", "contact_type.value"],
            .tags: ["sys_tags", "Tags", "sys_tags.display_value"],
        ],
        values: [
            .category: [
                "inquiry": "general", "inquiry / help": "general", "software": "technical", "hardware": "technical",
                "network": "technical", "database": "technical",
            ],
            .priority: [
                "1 - critical": "critical", "2 - high": "high", "3 - moderate": "medium", "4 - low": "low",
                "5 - planning": "low", "1": "critical", "2": "high", "3": "medium", "4": "low", "5": "low",
            ],
            .status: [
                "new": "open", "1": "open", "in progress": "in_progress", "2": "in_progress", "on hold": "in_progress",
                "3": "in_progress", "resolved": "resolved", "6": "resolved", "closed": "closed", "7": "closed",
                "canceled": "closed", "8": "closed",
            ],
            .channel: ["self-service": "web", "walk-in": "walk_in", "virtual agent": "chat"],
        ]
    )

    /// HubSpot's ticket export (Tickets → Export). Statuses are pipeline stages; the default pipeline's are
    /// mapped, others can be added in a mapping file that extends this one.
    public static let hubspot = ColumnMapping(
        name: "hubspot",
        columns: [
            .id: ["Ticket ID", "id"],
            .title: ["Ticket name", "properties.subject"],
            .description: ["Ticket description", "properties.content"],
            .category: ["Category", "properties.hs_ticket_category"],
            .priority: ["Priority", "properties.hs_ticket_priority"],
            .status: ["Ticket status", "properties.hs_pipeline_stage"],
            .createdAt: ["Create date", "properties.createdate"],
            .resolvedAt: ["Close date", "properties.closed_date"],
            .assignee: ["Ticket owner", "properties.hubspot_owner_id"],
            .group: ["HubSpot team", "properties.hubspot_team_id"],
            .channel: ["Source", "properties.source_type"],
            .firstResponseAt: ["First agent reply date"],
        ],
        // The CRM API (`/crm/v3/objects/tickets`) gives internal values: the category's and the default
        // pipeline's stage ids (another pipeline's need a mapping file).
        values: [
            .category: [
                "product issue": "technical", "billing issue": "billing", "feature request": "general",
                "general inquiry": "general", "product_issue": "technical", "billing_issue": "billing",
                "feature_request": "general", "general_inquiry": "general",
            ],
            .priority: ["low": "low", "medium": "medium", "high": "high", "urgent": "critical"],
            .status: [
                "new": "open", "waiting on contact": "in_progress", "waiting on us": "open", "closed": "closed",
                "1": "open", "2": "in_progress", "3": "open", "4": "closed",
            ],
        ],
        dateFormats: ["yyyy-MM-dd HH:mm", "MM/dd/yyyy HH:mm", "yyyy-MM-dd"]
    )
}
