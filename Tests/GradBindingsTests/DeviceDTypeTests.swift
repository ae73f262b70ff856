import GradLanguage
import Testing

@testable import GradBindings

/// dtype and device conversions: the CPU is the only device, and asking for a GPU says so.
@Suite struct DeviceDTypeTests {
  static let setup = ["x = torch.tensor([[1.5, -2.0], [3.0, 0.25]])"]

  @Test(.enabled(if: pytorchPresent, "\(pytorchAbsent)"))
  func echoesMatchPyTorch() throws {
    try expectEchoesMatchPyTorch(
      [
        "x.device", "str(x.device)", "torch.device('cpu')", "x.type()", "x.double().type()",
        "x.long()", "x.to(torch.float64)", "x.to('cpu') is x", "x.cpu() is x",
        "x.to(torch.tensor([1]))", "x.float().dtype", "x.type(torch.int64)",
        "x.new_zeros(2, 3)", "x.new_ones((2,))", "x.double().new_tensor([1, 2])",
        "x.device == torch.device('cpu')", "(x > 0).type()", "x.is_cuda",
        "torch.cuda.is_available()", "x.to(device='cpu', dtype=torch.float64)",
      ], setup: Self.setup)
  }

  @Test func movingToAGPUIsAClearError() {
    for line in ["x.cuda()", "x.to('cuda')", "x.to(torch.device('cuda:0'))"] {
      let out = run(Self.setup[0], line)
      #expect(out.contains("RuntimeError") && out.contains("CPU only"), "\(line): \(out)")
    }
  }

  @Test func printShowsTheDeviceName() {
    #expect(run(Self.setup[0], "print(x.device)") == "cpu\n")
  }
}

/// torch.set_num_threads sets the threads a matrix product may use, as in PyTorch.
@Suite(.serialized) struct ThreadCountTests {
  @Test func setAndGetNumThreads() {
    let session = Session.standard(terminal: MemoryTerminal())
    let terminal = session.terminal as? MemoryTerminal
    _ = session.execute("torch.set_num_threads(2)")
    _ = session.execute("print(torch.get_num_threads())")
    _ = session.execute("torch.set_num_threads(1)")
    _ = session.execute("print(torch.get_num_threads())")
    _ = session.execute("torch.set_num_threads(0)")
    let out = terminal?.output ?? ""
    #expect(out.hasPrefix("2\n1\n"), "\(out)")
    #expect(out.contains("RuntimeError: set_num_threads expects a positive integer"), "\(out)")
  }
}
