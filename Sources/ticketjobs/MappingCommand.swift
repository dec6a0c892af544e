import ArgumentParser

struct MappingCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mapping",
        abstract: "Draft a mapping file for an export no preset knows.",
        discussion: """
            'mapping draft FILE' reads an export's header and first rows and writes a mapping file to start \
            from: its columns matched with ours by name, the values of its label columns with the label each \
            reads as, and, commented out, what a person has to decide. 'import FILE --mapping DRAFT' reads it.
            """,
        subcommands: [MappingDraftCommand.self])
}
