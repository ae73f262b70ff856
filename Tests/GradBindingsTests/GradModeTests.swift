import Testing

@testable import GradBindings

/// `torch.no_grad()`, `enable_grad()`, `inference_mode()` and `set_grad_enabled(mode)` as
/// contexts for `with` and as decorators.
@Suite struct GradModeTests {
  @Test func noGradDecoratesAFunction() {
    let out = run(
      "w = torch.ones(2, requires_grad=True)",
      "@torch.no_grad()\ndef f(k):\n    return (w * k).requires_grad, torch.is_grad_enabled()",
      "print(f(3), torch.is_grad_enabled(), f.__name__ if False else 'ok')")
    #expect(out == "(False, False) True ok\n")
  }

  @Test func enableGradInsideNoGrad() {
    let out = run(
      "w = torch.ones(2, requires_grad=True)",
      "with torch.no_grad():\n    with torch.enable_grad():\n        print((w * 2).requires_grad)\n"
        + "    print((w * 2).requires_grad)")
    #expect(out == "True\nFalse\n")
  }

  @Test func inferenceModeAndSetGradEnabledAreContexts() {
    let out = run(
      "with torch.inference_mode():\n    print(torch.is_grad_enabled(), "
        + "torch.is_inference_mode_enabled())",
      "with torch.set_grad_enabled(False):\n    print(torch.is_grad_enabled())",
      "print(torch.is_grad_enabled(), torch.no_grad())")
    #expect(out == "False True\nFalse\nTrue <torch.autograd.grad_mode.no_grad object>\n")
  }

  @Test func enableGradDecoratorTurnsRecordingBackOn() {
    let out = run(
      "w = torch.ones(2, requires_grad=True)",
      "@torch.enable_grad()\ndef g():\n    return (w * 2).requires_grad",
      "with torch.no_grad():\n    print(g())")
    #expect(out == "True\n")
  }
}
