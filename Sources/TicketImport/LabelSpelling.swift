/// How a label written by a person or another help desk reads as one of ours: case and surrounding spaces do
/// not matter, "In Progress" is `in_progress`, and "Technical-Support" is `technical_support` when that is how the
/// taxonomy spells it (while "returns-2" stays itself when the taxonomy has it so). Shared by `import` (after a
/// mapping's `values:`) and `review import`, so a spreadsheet's label reads the same in both.
public enum LabelSpelling {
    /// The label `value` stands for, if `allows` takes one of its spellings.
    public static func resolve(_ value: String, allows: (String) -> Bool) -> String? {
        let key = ColumnMapping.normalize(value)
        if allows(key) { return key }
        let spaced = key.replacingOccurrences(of: " ", with: "_")
        if allows(spaced) { return spaced }
        let canonical = spaced.replacingOccurrences(of: "-", with: "_")
        return allows(canonical) ? canonical : nil
    }

    /// The label name a taxonomy would give `value` for `resolve` to read it as that label: lowercase, spaces and
    /// dashes as underscores ("Tech Help" is `tech_help`).
    public static func canonical(_ value: String) -> String {
        ColumnMapping.normalize(value).replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }
}
