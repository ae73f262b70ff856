import Foundation
import GradBase
import Testing

@testable import GradCore

/// A graph of exactly `count` nodes with some sharing: a running sum of
/// products and tanh's.
func sampleGraph(nodes count: Int) -> Value {
  var v = Value(0.5, label: "x")
  var made = 1
  while made + 3 <= count {
    let w = Value(Double(made) * 0.1)
    v = (v * w).tanh()
    made += 3
  }
  while made < count {
    v = v.relu()
    made += 1
  }
  return v
}

@Suite struct ValueDrawingTests {
  @Test func aDescribedGraphDrawsAsTheSameValuesDo() {
    let a = Value(2.0, label: "a")
    let b = Value(-3.0, label: "b")
    let L = (a * b).tanh() + a
    L.label = "L"
    L.backward()
    // The same graph node by node, in the order the Value's drawing meets it.
    let nodes = [
      GraphDescription.Node(label: "L", op: "+", data: L.data, grad: L.grad, children: [1, 3]),
      GraphDescription.Node(
        label: nil, op: "tanh", data: L.children[0].data, grad: L.children[0].grad,
        children: [2]),
      GraphDescription.Node(
        label: nil, op: "*", data: -6, grad: L.children[0].children[0].grad, children: [3, 4]),
      GraphDescription.Node(label: "a", op: "", data: 2, grad: a.grad, children: []),
      GraphDescription.Node(label: "b", op: "", data: -3, grad: b.grad, children: []),
    ]
    let described = GraphDescription(nodes: nodes)
    #expect(described.drawGraph() == L.drawGraph())
    #expect(
      described.drawGraph(maxWidth: 40, maxNodes: 2) == L.drawGraph(maxWidth: 40, maxNodes: 2))
    var cut = described
    cut.isTruncated = true
    #expect(cut.drawGraph().hasSuffix("\n… more nodes not explored"))
    #expect(cut.dot().contains("label=\"… more nodes not explored\""))
    // Children out of range (not explored) are left out, never a trap.
    let dangling = GraphDescription(
      nodes: [GraphDescription.Node(label: "r", op: "f", data: 1, grad: 0, children: [7])],
      isTruncated: true)
    #expect(dangling.drawGraph() == "#1 r (f)  data=1.0  grad=0.0\n… more nodes not explored")
    #expect(GraphDescription(nodes: []).drawGraph() == "(empty graph)")
  }

  @Test func lectureGraphDrawing() {
    let a = Value(2.0, label: "a")
    let b = Value(-3.0, label: "b")
    let c = Value(10.0, label: "c")
    let e = a * b
    e.label = "e"
    let d = e + c
    d.label = "d"
    let f = Value(-2.0, label: "f")
    let L = d * f
    L.label = "L"
    L.backward()
    let expected = """
      #1 L (*)  data=-8.0  grad=1.0
      ├─ #2 d (+)  data=4.0  grad=-2.0
      │  ├─ #3 e (*)  data=-6.0  grad=-2.0
      │  │  ├─ #4 a  data=2.0  grad=6.0
      │  │  └─ #5 b  data=-3.0  grad=-4.0
      │  └─ #6 c  data=10.0  grad=-2.0
      └─ #7 f  data=-2.0  grad=4.0
      """
    #expect(L.drawGraph() == expected)
  }

  @Test func repeatedNodesAreReferencedNotRedrawn() {
    let a = Value(3, label: "a")
    let y = a * a
    let drawing = y.drawGraph()
    #expect(drawing.contains("#2 a  data=3.0"))
    #expect(drawing.contains("#2 (above)"))
  }

  @Test func thirtyNodesFitEightyColumns() {
    for shape in [sampleGraph(nodes: 30), chain(30)] {
      #expect(shape.graphNodeCount == 30)
      let drawing = shape.drawGraph(maxWidth: 80, maxNodes: 30)
      let lines = drawing.split(separator: "\n")
      #expect(lines.allSatisfy { $0.count <= 80 }, "\(drawing)")
      #expect(!drawing.contains("more node"), "\(drawing)")
      // Every node is drawn in full exactly once.
      let full = lines.filter { $0.contains("data=") }
      #expect(full.count == 30, "\(drawing)")
    }
  }

  @Test func deepChainsContinueBelowInsteadOfRunningOff() {
    let drawing = chain(30).drawGraph(maxWidth: 60)
    #expect(drawing.contains("(below)"))
    #expect(drawing.split(separator: "\n").allSatisfy { $0.count <= 60 })
  }

  @Test func largeGraphsAreElidedWithACount() {
    let big = chain(1_234)
    let drawing = big.drawGraph()
    let lines = drawing.split(separator: "\n")
    #expect(lines.last == "… 1,204 more nodes")
    #expect(lines.filter { $0.contains("data=") }.count == 30)
    #expect(lines.allSatisfy { $0.count <= 80 })
    #expect(big.drawGraph(maxNodes: 5).hasSuffix("… 1,229 more nodes"))
  }

  @Test func longLabelsAreClipped() {
    let v = Value(1, label: String(repeating: "w", count: 200))
    let y = v.tanh()
    y.label = String(repeating: "é", count: 100)
    for line in y.drawGraph(maxWidth: 40).split(separator: "\n") { #expect(line.count <= 40) }
  }

  @Test func dotIsStructurallyValid() {
    let a = Value(2, label: "quote \" and \\ backslash")
    let b = Value(-1, label: "two\nlines")
    let y = (a * b).tanh() + a
    y.backward()
    let dot = y.dot()
    #expect(dot.hasPrefix("digraph gradrepl {"))
    #expect(dot.hasSuffix("}\n"))
    #expect(dot.contains(#"label="quote \" and \\ backslash\ndata 2.0\ngrad "#))
    #expect(dot.contains(#"two\nlines"#))
    // Braces balance and every quoted string closes on its line.
    #expect(dot.filter { $0 == "{" }.count == dot.filter { $0 == "}" }.count)
    for line in dot.split(separator: "\n") {
      var quotes = 0
      var escaped = false
      for ch in line {
        if escaped {
          escaped = false
        } else if ch == "\\" {
          escaped = true
        } else if ch == "\"" {
          quotes += 1
        }
      }
      #expect(quotes % 2 == 0, "unbalanced quotes in \(line)")
    }
    // One box per value, one ellipse per op, one edge per operand and op.
    #expect(dot.components(separatedBy: "shape=box").count - 1 == y.graphNodeCount)
    // Ops: *, tanh, +; operands: 2 + 1 + 2.
    #expect(dot.components(separatedBy: "shape=ellipse").count - 1 == 3)
    #expect(dot.components(separatedBy: " -> ").count - 1 == 3 + 5)
  }

  @Test func graphvizAcceptsTheDot() throws {
    guard
      let dotPath = ["/usr/bin/dot", "/usr/local/bin/dot"].first(where: {
        FileManager.default.isExecutableFile(atPath: $0)
      })
    else {
      print("skipped: Graphviz `dot` is not installed")
      return
    }
    let x = Value(0, label: "x <&> {|}")
    let y = x.log() * Value(2, label: "two\"quoted\"")
    y.backward()
    let process = Process()
    process.executableURL = URL(fileURLWithPath: dotPath)
    process.arguments = ["-Tsvg"]
    let input = Pipe()
    let output = Pipe()
    let errors = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    input.fileHandleForWriting.write(Data(y.dot().utf8))
    try input.fileHandleForWriting.close()
    let svg = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    let complaints = String(
      decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "dot said: \(complaints)")
    #expect(svg.contains("<svg"))
    #expect(complaints.isEmpty, "\(complaints)")
  }

  @Test func dotElidesBeyondItsLimit() {
    let dot = chain(50).dot(maxNodes: 10)
    #expect(dot.components(separatedBy: "shape=box").count - 1 == 10)
    #expect(dot.contains("… 40 more nodes not shown"))
  }

  @Test func formattingOfNumbersAndLabels() {
    #expect(groupedThousands(1_234_567) == "1,234,567")
    #expect(groupedThousands(999) == "999")
    #expect(groupedThousands(-1000) == "-1,000")
    #expect(dotQuoted("a\"b\\c\nd") == #""a\"b\\c\nd""#)
    #expect(compactScalar(0.1 + 0.2) == "0.3")
    #expect(clip("abcdef", to: 4) == "abc…")
  }
}

/// x, then relu applied `count − 1` times.
func chain(_ count: Int) -> Value {
  var v = Value(1, label: "x")
  for _ in 1..<count { v = v.relu() }
  return v
}
