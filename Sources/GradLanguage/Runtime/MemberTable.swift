// A runtime object's members, declared once. Each row names a member, says
// whether it is a method, a read-only attribute or a settable property, how it
// is written and what it does, and carries its body. Dispatch (`attribute`,
// `callMethod`, `setAttribute`), the names `dir()` and completion list, the
// did-you-mean suggestion for a typo and the lists in `help(x)` all come from
// the same rows, so a member cannot be listed without working, or work
// without being listed.

/// What a member of a runtime object is.
public enum MemberKind: Sendable {
  /// Called with arguments: `x.backward()`.
  case method
  /// Read, never written: `x.shape`.
  case attribute
  /// Read and written: `x.requires_grad = True`.
  case property
}

/// One row of a member table.
public struct Member<Receiver>: Sendable {
  /// The name after the dot.
  public let name: String
  public let kind: MemberKind
  /// How it is written, for help: `sum(dim=None, keepdim=False)`, or the name itself.
  public let signature: String
  /// One line saying what it does.
  public let doc: String
  fileprivate let body: Body

  fileprivate enum Body: Sendable {
    case method(@Sendable (Receiver, Arguments, Interpreter) throws(ReplError) -> RValue)
    case value(
      get: @Sendable (Receiver) throws(ReplError) -> RValue,
      set: (@Sendable (Receiver, RValue) throws(ReplError) -> Void)?)
  }

  /// A method: `body` gets the receiver, the arguments and the interpreter.
  public static func method(
    _ name: String, _ signature: String, _ doc: String,
    _ body: @escaping @Sendable (Receiver, Arguments, Interpreter) throws(ReplError) -> RValue
  ) -> Member {
    Member(name: name, kind: .method, signature: signature, doc: doc, body: .method(body))
  }

  /// A read-only attribute.
  public static func attribute(
    _ name: String, _ doc: String,
    _ get: @escaping @Sendable (Receiver) throws(ReplError) -> RValue
  ) -> Member {
    Member(
      name: name, kind: .attribute, signature: name, doc: doc, body: .value(get: get, set: nil))
  }

  /// An attribute that can be assigned: `set` checks and stores the new value.
  public static func property(
    _ name: String, _ doc: String,
    get: @escaping @Sendable (Receiver) throws(ReplError) -> RValue,
    set: @escaping @Sendable (Receiver, RValue) throws(ReplError) -> Void
  ) -> Member {
    Member(name: name, kind: .property, signature: name, doc: doc, body: .value(get: get, set: set))
  }
}

/// Every member of one kind of runtime object, by name.
public struct MemberTable<Receiver>: Sendable {
  /// The rows in declaration order.
  public let rows: [Member<Receiver>]
  private let positions: [String: Int]

  /// A table of `rows`; each name must appear once (the first row of a name wins).
  public init(_ rows: [Member<Receiver>]) {
    self.rows = rows
    positions = Dictionary(
      rows.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The row named `name`, if there is one.
  public func member(named name: String) -> Member<Receiver>? {
    positions[name].map { rows[$0] }
  }

  /// Every name, sorted: what `dir()` and completion show.
  public var names: [String] { rows.map(\.name).sorted() }

  /// The names of the given kinds, in declaration order.
  public func names(of kinds: Set<MemberKind>) -> [String] {
    rows.filter { kinds.contains($0.kind) }.map(\.name)
  }

  /// The value of an attribute or property; nil for a method or a name not in the table
  /// (the evaluator then binds the method, or reports an AttributeError with a suggestion).
  public func value(_ name: String, of receiver: Receiver) throws(ReplError) -> RValue? {
    guard let row = member(named: name), case .value(let get, _) = row.body else { return nil }
    return try get(receiver)
  }

  /// Calls a method; nil when `name` is not a method in the table.
  public func call(
    _ name: String, on receiver: Receiver, _ arguments: Arguments, in interpreter: Interpreter
  ) throws(ReplError) -> RValue? {
    guard let row = member(named: name), case .method(let body) = row.body else { return nil }
    return try body(receiver, arguments, interpreter)
  }

  /// Assigns a property; false when `name` is not a property in the table (the evaluator
  /// then says the attribute is read-only, or that there is no such attribute).
  public func set(_ name: String, on receiver: Receiver, to value: RValue) throws(ReplError)
    -> Bool
  {
    guard let row = member(named: name), case .value(_, let set?) = row.body else {
      return false
    }
    try set(receiver, value)
    return true
  }
}

/// A runtime object whose members are all in one table: its attribute reads and writes,
/// method calls and attribute names come from `members`, with nothing to write by hand.
public protocol MemberTableObject: RuntimeObject {
  /// Every member of this kind of object.
  static var members: MemberTable<Self> { get }
}

extension MemberTableObject {
  public var attributeNames: [String] { Self.members.names }

  public func memberHelp(_ name: String) -> String? {
    Self.members.member(named: name).map { "\(typeName).\($0.signature): \($0.doc)" }
  }

  public func attribute(_ name: String, in interpreter: Interpreter) throws(ReplError) -> RValue? {
    try Self.members.value(name, of: self)
  }

  public func setAttribute(_ name: String, to value: RValue) throws(ReplError) -> Bool {
    try Self.members.set(name, on: self, to: value)
  }

  public func callMethod(_ name: String, _ arguments: Arguments, in interpreter: Interpreter)
    throws(ReplError) -> RValue?
  {
    try Self.members.call(name, on: self, arguments, in: interpreter)
  }
}
