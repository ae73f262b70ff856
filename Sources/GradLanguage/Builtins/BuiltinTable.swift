// The table of built-in names. Each family of built-ins is a `BuiltinProvider`
// in its own file; a session is built from a list of them. The language's own
// families are `BuiltinTable.languageProviders`; families that bind an engine
// (tensors, models) live outside the language and are appended to that list by
// whoever builds the session.

/// Registers a family of built-in functions and constants.
public protocol BuiltinProvider {
  static func register(in table: inout BuiltinTable)
}

/// Built-in names and their values, filled by the providers.
public struct BuiltinTable {
  /// The language's own families, in registration order: print/len/range..., the scalar
  /// `Value` and micrograd's `nn`, exceptions, sets.
  public static var languageProviders: [any BuiltinProvider.Type] {
    [
      CoreBuiltins.self,
      ValueBuiltins.self,
      NNBuiltins.self,
      ExceptionBuiltins.self,
      SetBuiltins.self,
      IteratorBuiltins.self,
      ClassBuiltins.self,
    ]
  }

  private(set) var entries: [(name: String, value: RValue)] = []

  /// Adds a function.
  public mutating func add(
    _ name: String, signature: String, doc: String,
    _ body: @escaping (Arguments, Interpreter) throws(ReplError) -> RValue
  ) {
    entries.append((name, .builtin(BuiltinFunction(name, signature: signature, doc: doc, body))))
  }

  /// Adds any value under a name (a module, a constant).
  public mutating func add(_ name: String, value: RValue) {
    entries.append((name, value))
  }

  /// The table the providers fill, in order (later ones may replace earlier names).
  static func filled(by providers: [any BuiltinProvider.Type]) -> BuiltinTable {
    var table = BuiltinTable()
    for provider in providers { provider.register(in: &table) }
    return table
  }
}

// MARK: - Argument conversion shared by the providers

extension RValue {
  /// The number as a Double, or a TypeError naming the function and argument.
  public func number(for function: String) throws(ReplError) -> Double {
    if let x = asDouble { return x }
    throw ReplError.type("\(function)() expected a number, got '\(typeName)'")
  }

  /// The integer, or a TypeError.
  public func integer(for function: String) throws(ReplError) -> Int {
    if let n = asInt { return n }
    if case .float = self {
      throw ReplError.type("'float' object cannot be interpreted as an integer (in \(function)())")
    }
    throw ReplError.type("\(function)() expected an integer, got '\(typeName)'")
  }
}
