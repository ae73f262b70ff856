import GradLanguage
import Testing

@testable import GradBindings

/// dir(), help(x.method) and dispatch read the same member-table rows.
@Suite struct MemberTableTests {
  @Test func dirListsEveryRowOfTheTable() {
    let listed = eval("dir(torch.zeros(2))")
    for row in TensorObject.members.rows {
      #expect(listed.contains("'\(row.name)'"), "dir() misses \(row.name)")
    }
    #expect(eval("dir(torch.Size([2, 3]))") == "['numel']")
    #expect(eval("dir(torch.float32)") == "['is_floating_point']")
  }

  @Test func dirWithoutArgumentsListsTheUsersNames() {
    #expect(run("b = 1", "a = torch.ones(1)", "dir()") == "['a', 'b']\n")
  }

  @Test func helpOfAMethodShowsItsSignatureAndDoc() {
    let row = TensorObject.members.member(named: "view")
    #expect(row != nil)
    #expect(
      run("help(torch.zeros(4).view)")
        == "Tensor.\(row?.signature ?? ""): \(row?.doc ?? "")\n")
    #expect(
      run("help(torch.Size([2]).numel)")
        == "torch.Size.numel(): the number of elements a tensor of this shape has\n")
  }

  @Test func smallObjectsDispatchThroughTheirTables() {
    #expect(eval("torch.Size([2, 3, 4]).numel()") == "24")
    #expect(eval("torch.int64.is_floating_point") == "False")
    #expect(eval("(torch.ones(2, requires_grad=True) * 2).grad_fn.name()") == "'MulBackward0'")
    #expect(
      run("torch.Size([2]).numl()")
        == "AttributeError: 'torch.Size' object has no attribute 'numl'. Did you mean 'numel'?\n")
  }
}
