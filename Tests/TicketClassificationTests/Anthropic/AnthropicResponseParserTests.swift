import Foundation
import Testing

@testable import TicketClassification
@testable import TicketModel

/// Answers of every shape a server may send: none of them may crash, and only a valid one becomes a label.
@Suite struct AnthropicResponseParserTests {
    func message(usage: String, content: String? = nil) -> Data {
        let content = content ?? """
            [{"type":"tool_use","id":"t1","name":"\(ClassificationPrompt.toolName)",\
            "input":{"category":"billing","priority":"high","reason":"refund"}}]
            """
        return Data(#"{"type":"message","stop_reason":"tool_use","content":\#(content),"usage":\#(usage)}"#.utf8)
    }

    @Test func aValidAnswerGivesItsLabelAndUsage() throws {
        let parsed = AnthropicResponseParser.parse(message(usage: #"{"input_tokens":120,"output_tokens":30,"cache_read_input_tokens":900}"#))
        let label = try parsed.result.get()
        #expect(label.category == .billing && label.priority == .high)
        #expect(parsed.usage == TokenUsage(inputTokens: 120, outputTokens: 30, cacheReadInputTokens: 900))
    }

    /// The tool's confidence is the label's; one outside 0…1, or of another type, is none (an unsure answer).
    @Test(arguments: [("0.72", 0.72), ("1", 1.0), ("1.5", nil), ("-0.1", nil), ("\"high\"", nil), ("null", nil)] as [(String, Double?)])
    func theConfidenceIsReadWhenItIsAProbability(value: String, expected: Double?) throws {
        let content = """
            [{"type":"tool_use","id":"t1","name":"\(ClassificationPrompt.toolName)",\
            "input":{"category":"billing","priority":"high","confidence":\(value)}}]
            """
        let label = try AnthropicResponseParser.parse(message(usage: #"{"input_tokens":1,"output_tokens":1}"#, content: content)).result.get()
        #expect(label.confidence == expected)
    }

    @Test func theToolAsksForAConfidence() throws {
        let schema = ClassificationPrompt.tool()["input_schema"] as! [String: Any]
        #expect((schema["required"] as! [String]).contains("confidence"))
        let confidence = (schema["properties"] as! [String: Any])["confidence"] as! [String: Any]
        #expect(confidence["type"] as? String == "number")
    }

    /// Only what the model answered counts toward setting a ticket aside: JSON with no content list is a gateway's
    /// or proxy's own answer, not a Message; a refusal's empty content list is the model's.
    @Test func jsonThatIsNoMessageIsNotTheModelsAnswer() {
        for body in [#"{}"#, #"{"error":"upstream timeout"}"#, #"{"content":"text","stop_reason":"end_turn"}"#] {
            guard case .failure(let problem) = AnthropicResponseParser.parse(Data(body.utf8)).result else {
                Issue.record("accepted \(body)")
                continue
            }
            #expect(problem == .notAMessage && !problem.isTheModelsAnswer, "\(body)")
        }
        for body in [#"{"content":[],"stop_reason":"refusal"}"#, #"{"content":[{"type":"text","text":"no"}]}"#] {
            guard case .failure(let problem) = AnthropicResponseParser.parse(Data(body.utf8)).result else {
                Issue.record("accepted \(body)")
                continue
            }
            #expect(problem.isTheModelsAnswer, "\(body)")
        }
    }

    @Test(arguments: ["null", "{}"])
    func missingOrNullUsageKeepsTheLabelWithoutTokens(usage: String) throws {
        let parsed = AnthropicResponseParser.parse(message(usage: usage))
        #expect(try parsed.result.get().category == .billing)
        #expect(parsed.usage == nil || parsed.usage == .zero)
    }

    @Test(arguments: [
        (#""lots""#, "not an object"),
        (#"[1,2]"#, "not an object"),
        (#"{"input_tokens":1e30}"#, "input_tokens 1e+30 is out of range"),
        (#"{"input_tokens":9223372036854775807}"#, "out of range"),
        (#"{"output_tokens":-5}"#, "output_tokens -5 is out of range"),
        (#"{"output_tokens":1.5}"#, "out of range"),
        (#"{"input_tokens":"12"}"#, "input_tokens is not a number"),
        (#"{"input_tokens":true}"#, "input_tokens is not a number"),
    ])
    func usageOfTheWrongShapeOrOutOfRangeFailsTheAnswer(usage: String, problem: String) {
        let parsed = AnthropicResponseParser.parse(message(usage: usage))
        guard case .failure(let failure) = parsed.result else {
            Issue.record("accepted usage \(usage)")
            return
        }
        #expect(failure.description.contains(problem), "\(failure)")
        #expect(parsed.usage == nil)
    }

    @Test(arguments: [
        "[]", "null", "42", #""text""#, "{", "",
        #"{"content":"not a list"}"#,
        #"{"content":[1,2,3]}"#,
        #"{"content":[{"type":"tool_use","name":"record_classification","input":"category=billing"}]}"#,
        #"{"content":[{"type":"tool_use","name":"record_classification","input":{"category":7,"priority":null}}]}"#,
        #"{"stop_reason":12,"content":null,"usage":{"input_tokens":null}}"#,
    ])
    func answersOfTheWrongShapeFailWithoutCrashing(body: String) {
        let parsed = AnthropicResponseParser.parse(Data(body.utf8))
        guard case .failure = parsed.result else {
            Issue.record("accepted \(body)")
            return
        }
    }

    @Test func aBatchResultWithNullUsageIsCollected() throws {
        let line = #"{"custom_id":"t-1","result":{"type":"succeeded","message":"#
            + String(decoding: message(usage: "null"), as: UTF8.self) + "}}"
        let result = try #require(BatchResult(line: Data(line.utf8)))
        #expect(result.kind == .succeeded)
        #expect(result.usage == .zero)
    }

    @Test func aBatchResultWithHostileUsageIsInvalidNotACrash() throws {
        let line = #"{"custom_id":"t-1","result":{"type":"succeeded","message":"#
            + String(decoding: message(usage: #"{"input_tokens":1e300}"#), as: UTF8.self) + "}}"
        let result = try #require(BatchResult(line: Data(line.utf8)))
        #expect(result.kind == .invalid)
        #expect(result.problem?.contains("out of range") == true)
    }

    /// An error's message reaches stderr, logs and the calls table: a server cannot make it megabytes.
    @Test func anErrorMessageIsBounded() {
        let long = String(repeating: "m", count: 5_000_000)
        let body = Data(#"{"type":"error","error":{"type":"not_found_error","message":"\#(long)"}}"#.utf8)
        #expect(AnthropicResponseParser.errorMessage(body).count == 1000)
        #expect(AnthropicResponseParser.errorMessage(Data(#"{"error":{"message":"model: x"}}"#.utf8)) == "model: x")
        #expect(AnthropicResponseParser.errorMessage(Data(("<html>" + long).utf8)).count == 200)
    }
}
