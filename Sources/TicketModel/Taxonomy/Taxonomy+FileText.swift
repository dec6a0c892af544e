import Yams

extension Taxonomy {
    /// The taxonomy as the YAML file `taxonomy set` reads (`load(path:)`): labels in order, their definitions and
    /// the examples, so that a team's labels move from one database to another. Written through Yams, which
    /// quotes whatever a definition or an example holds.
    public func fileText(comment: String? = nil) throws -> String {
        func labels(_ labels: [TaxonomyLabel]) -> Node {
            .mapping(Node.Mapping(labels.map { (Node($0.name), Node($0.definition)) }))
        }
        var pairs: [(Node, Node)] = [
            (Node("version"), Node("1", Tag(.int))),
            (Node("categories"), labels(categories)),
            (Node("priorities"), labels(priorities)),
        ]
        if !examples.isEmpty {
            pairs.append((Node("examples"), .sequence(Node.Sequence(examples.map { example in
                .mapping(Node.Mapping([
                    (Node("title"), Node(example.title)), (Node("description"), Node(example.description)),
                    (Node("category"), Node(example.category.rawValue)), (Node("priority"), Node(example.priority.rawValue)),
                ]))
            }))))
        }
        let text = try Yams.serialize(node: .mapping(Node.Mapping(pairs)), width: 120, allowUnicode: true)
        return (comment.map { $0.split(separator: "\n", omittingEmptySubsequences: false).map { "# \($0)\n" }.joined() } ?? "") + text
    }
}
