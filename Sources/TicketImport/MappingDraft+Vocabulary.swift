import TicketModel

/// What the draft knows of how exports name things: the columns of each field and the words of priorities and
/// statuses, in English and in the German, French and Spanish of the exports teams bring (Excel's included).
extension MappingDraft {
    /// The names a field's column goes by: ours, common ones of help desks, then the presets' (whose
    /// Freshdesk `Type` is a category, while a `queue` beside it says more about what a ticket is about).
    static func names(for field: TicketField) -> [String] {
        let presets = ColumnMapping.presetNames.flatMap { ColumnMapping.preset(named: $0)?.columns[field] ?? [] }
        let common: [String] =
            switch field {
            case .id:
                [
                    "ticket id", "ticket number", "ticket no", "ticket nr", "case id", "case number", "case no",
                    "number", "key", "reference",
                ]
            case .title: ["subject", "summary", "short description", "topic", "headline", "name"]
            case .description: ["body", "content", "details", "message", "text", "problem", "issue"]
            case .category: ["queue", "category name", "issue type", "request type", "ticket type", "type"]
            case .priority: ["urgency", "severity", "importance"]
            case .status: ["state", "ticket status"]
            case .createdAt:
                [
                    "created", "creation date", "created date", "date created", "opened", "opened at", "submitted",
                    "submitted at", "date",
                ]
            case .resolvedAt:
                ["resolved", "resolution date", "solved", "solved at", "closed", "closed at", "date closed"]
            case .assignee: ["agent", "owner", "assigned to", "assignee name", "responder"]
            case .group: ["team", "assignment group", "department", "group name"]
            case .channel: ["source", "via", "origin", "medium"]
            case .tags: ["labels", "keywords"]
            case .firstResponseAt: ["first response", "first responded at", "first reply at"]
            case .satisfaction: ["csat", "satisfaction rating", "rating"]
            }
        return [field.rawValue] + common + (otherLanguages[field] ?? []) + presets
    }

    /// Column names of exports in German, French and Spanish.
    static let otherLanguages: [TicketField: [String]] = [
        .id: ["ticket-nr", "ticketnummer", "nummer", "nr", "numéro", "numéro du ticket", "número", "número de ticket"],
        .title: ["betreff", "titel", "objet", "sujet", "titre", "asunto", "título"],
        .description: ["beschreibung", "nachricht", "descriptif", "descripción", "mensaje"],
        .category: ["kategorie", "catégorie", "categoría", "warteschlange", "file d'attente", "cola"],
        .priority: ["priorität", "dringlichkeit", "priorité", "urgence", "prioridad", "urgencia"],
        .status: ["statut", "état", "estado"],
        .createdAt: [
            "erstellt", "erstellt am", "erstelldatum", "créé", "créé le", "date de création", "creado",
            "fecha de creación",
        ],
        .resolvedAt: ["gelöst", "gelöst am", "résolu", "résolu le", "resuelto", "fecha de resolución"],
        .assignee: ["bearbeiter", "zugewiesen an", "agent assigné", "assigné à", "asignado a", "agente"],
        .group: ["gruppe", "groupe", "équipe", "grupo", "equipo"],
        .channel: ["kanal", "canal", "quelle", "origine"],
    ]

    /// Priority and status words of other help desks and languages, lowercased, beside the presets' readings.
    static let commonValues: [TicketField: [String: String]] = [
        .priority: [
            "p1": "critical", "p2": "high", "p3": "medium", "p4": "low", "blocker": "critical", "major": "high",
            "minor": "low", "niedrig": "low", "mittel": "medium", "normal": "medium", "hoch": "high",
            "kritisch": "critical", "dringend": "critical", "basse": "low", "faible": "low", "moyenne": "medium",
            "normale": "medium", "haute": "high", "élevée": "high", "urgente": "critical", "critique": "critical",
            "baja": "low", "media": "medium", "alta": "high", "crítica": "critical",
        ],
        .status: [
            "new": "open", "offen": "open", "neu": "open", "in bearbeitung": "in_progress", "wartend": "in_progress",
            "gelöst": "resolved", "erledigt": "resolved", "geschlossen": "closed", "ouvert": "open", "nouveau": "open",
            "en cours": "in_progress", "en attente": "in_progress", "résolu": "resolved", "fermé": "closed",
            "clos": "closed", "abierto": "open", "nuevo": "open", "en curso": "in_progress",
            "en progreso": "in_progress",
            "pendiente": "in_progress", "resuelto": "resolved", "cerrado": "closed",
        ],
    ]
}
