import Testing

@testable import GradBindings

/// `with torch.no_grad():` as PyTorch writes it: recording is off in the block only.
@Suite struct NoGradContextTests {
  @Test func recordingIsOffInsideTheBlockAndBackAfter() {
    let out = run(
      "w = torch.ones(2, requires_grad=True)",
      "with torch.no_grad():\n    y = w * 2\n    print(torch.is_grad_enabled(), y.requires_grad)",
      "print(torch.is_grad_enabled(), (w * 2).requires_grad)",
      "def f():\n    with torch.no_grad() as g:\n        return torch.is_grad_enabled()",
      "print(f(), torch.is_grad_enabled())",
      "try:\n    with torch.no_grad():\n        raise ValueError('x')\nexcept ValueError:\n"
        + "    print('caught', torch.is_grad_enabled())")
    #expect(out == "False False\nTrue True\nFalse True\ncaught True\n")
  }
}
