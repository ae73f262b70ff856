// gradrepl's command line: parsing and wiring only.

import ArgumentParser
import Foundation
import GradCore
import GradLanguage
import GradUI

@main
struct GradREPLCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gradrepl",
    abstract: "See backpropagation happen: a REPL for autograd and neural language models.",
    usage: """
      gradrepl [FILE] [-e CODE] [--no-color]
      gradrepl <subcommand> [options]
      """,
    discussion: """
      With no arguments, starts the interactive REPL (type :help there).
      With FILE, runs it as a script; with -e CODE, evaluates CODE.
      When standard input is not a terminal, reads the program from it.
      """,
    version: GradREPLVersion.string,
    subcommands: [Run.self, Demo.self, Train.self, Predict.self, LessonCommand.self],
    defaultSubcommand: Run.self
  )
}

/// The REPL, a script, or code given with -e.
struct Run: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run", abstract: "Start the REPL, run a script, or evaluate -e CODE (default).")

  @Argument(help: "A script to run (the REPL's language).", completion: .file())
  var file: String?

  @Option(name: [.customShort("e"), .customLong("eval")], help: "Evaluate CODE and exit.")
  var code: String?

  @Flag(name: .customLong("no-color"), help: "Never colour output (NO_COLOR is honoured too).")
  var noColor = false

  func validate() throws {
    if file != nil && code != nil {
      throw ValidationError("give either FILE or -e CODE, not both")
    }
  }

  func run() throws {
    let status = Launcher.run(
      Launcher.Mode(file: file, code: code), color: !noColor,
      interactive: LessonCommand.interactiveREPL)
    if status != 0 { throw ExitCode(status) }
  }
}

/// Demonstrations that run on their own.
struct Demo: ParsableCommand {
  static let configuration = CommandConfiguration(
    abstract: "Run a demonstration.", subcommands: [Moons.self])

  struct Moons: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "micrograd's demo: an MLP learns the two moons with Value autograd.")

    @Option(help: "SGD steps.") var steps = 100
    @Option(help: "Seed for the data and the weights.") var seed: UInt64 = MoonsDemo.defaultSeed

    func validate() throws {
      guard (1...100_000).contains(steps) else {
        throw ValidationError("--steps must be between 1 and 100000")
      }
    }

    func run() throws {
      Signals.install()
      let status = Launcher.runMoonsDemo(steps: steps, seed: seed)
      if status != 0 { throw ExitCode(status) }
    }
  }
}
