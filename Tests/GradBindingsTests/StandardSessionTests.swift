import GradLanguage
import Testing

@testable import GradBindings

/// The standard session is the language with every engine bound in.
@Suite struct StandardSessionTests {
  @Test func bindsTheEnginesAfterTheLanguage() {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    #expect(
      session.execute("print(torch.tensor([1.0, 2.0]).sum().item(), Value(2.0).data)") == .complete)
    #expect(terminal.take() == "3.0 2.0\n")
  }

  @Test func plotIsListedAfterTheGraphCommands() {
    let names = CommandRegistry.standard.all.map(\.name)
    let language = CommandRegistry.language.all.map(\.name)
    #expect(names.filter { $0 != "plot" } == language)
    #expect(names.firstIndex(of: "plot") == names.firstIndex(of: "gradcheck").map { $0 + 1 })
  }

  @Test func resetKeepsTheBoundEngines() {
    let terminal = MemoryTerminal()
    let session = Session.standard(terminal: terminal)
    _ = session.runCommand(":reset")
    _ = terminal.take()
    #expect(session.execute("torch.zeros(2).shape") == .complete)
    #expect(terminal.take() == "torch.Size([2])\n")
  }
}
