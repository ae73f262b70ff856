// The standard session: the language with every engine bound into it. The
// language knows none of the families below; a session is built from a list
// of providers and a command registry, and this file is where the REPL, the
// lessons, the benchmarks and the tests get the full lists.

import GradLanguage

extension BuiltinTable {
  /// The language's own families, then those that bind the engines and the plot: tensors
  /// (`torch`, `nn`), plots, language models and training, gradient-norm diagnostics.
  public static var standardProviders: [any BuiltinProvider.Type] {
    languageProviders + [
      TorchBuiltins.self,
      NumpyBuiltins.self,
      PlotBuiltins.self,
      ModelBuiltins.self,
      GradNormBuiltins.self,
    ]
  }
}

extension CommandRegistry {
  /// Every command the REPL knows: the language's, with `:plot` listed after the graph
  /// commands.
  public static let standard = CommandRegistry.language.inserting(
    [GradNormCommand.command], after: "gradcheck")
}

extension Session {
  /// A fresh session writing to `terminal`, with every engine bound in.
  /// - Parameter commands: the `:` commands (`.standard`, or more via `adding(_:)`).
  public static func standard(terminal: Terminal, commands: CommandRegistry = .standard)
    -> Session
  {
    Session(
      terminal: terminal, builtins: BuiltinTable.standardProviders, commands: commands,
      errorStyle: .traceback)
  }
}
