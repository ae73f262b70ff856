import Testing

@testable import GradLanguage

/// A Value's members, as the student reaches them: help, read-only attributes, typos.
@Suite struct ValueMemberTests {
  @Test func helpListsEveryMemberInOrder() {
    let text = run("help(Value(2.0))")
    #expect(
      text.hasSuffix(
        """
        Value attributes and methods:
          .data  the forward value (settable)
          .grad  ∂L/∂self after L.backward() (settable)
          .label  a name shown in graph drawings (settable)
          .op  the operation that made it ('' for a leaf)
          .children  the Values it was made from
          .backward()  backpropagate: fill .grad of every node
          ._backward()  one chain-rule step: child.grad += ∂self/∂child · self.grad, for each child
          .zero_grad()  set .grad to 0 on every node of the graph
          .tanh()  tanh(self), d/dx = 1 − tanh²x
          .exp()  e**self, d/dx = e**x
          .log()  natural log, d/dx = 1/x
          .relu()  max(0, self), d/dx = 1 if x > 0 else 0
          .sigmoid()  1/(1+e**−x), d/dx = σ(x)(1−σ(x))
          .item()  the forward value as a float
        Operators: + - * / ** with numbers or Values on either side.

        """))
    #expect(run("help(Value(2.0).tanh)") == "Value.tanh(): tanh(self), d/dx = 1 − tanh²x\n")
  }

  @Test func readOnlyMembersAndTypos() {
    #expect(
      run("a = Value(2.0)", "a.op = '+'", "a._prev = []", "a.tanh = 1", "a.gard", "a.data = 'x'")
        == "AttributeError: Value.op is read-only\n"
        + "AttributeError: Value._prev is read-only\n"
        + "AttributeError: 'Value' object attribute 'tanh' is read-only\n"
        + "AttributeError: 'Value' object has no attribute 'gard'. Did you mean 'grad'?\n"
        + "TypeError: Value.data must be a number, not 'str'\n")
    #expect(
      run("a = Value(2.0)", "b = a * 3", "print(len(b._prev), b._op, a.exp().data > 7)")
        == "2 * True\n")
  }

  @Test func networksReadTheirMembersFromTheirTables() {
    #expect(
      run("m = MLP(2, [3, 1])", "m.layers = []", "m.zero_grda()", "f = m.parameters", "len(f())")
        == "AttributeError: 'MLP' object attribute 'layers' is read-only\n"
        + "AttributeError: 'MLP' object has no attribute 'zero_grda'. Did you mean 'zero_grad'?\n"
        + "13\n")
    #expect(
      run("n = MLP(2, [1]).layers[0].neurons[0]", "len(n.w), n.b.data == 0 or True")
        == "(2, True)\n")
  }

  @Test func listsStringsAndDictsReadTheirMethodsFromTheirTables() {
    #expect(
      run("help([])", "help('')", "help({})")
        == "list: .append() .extend() .pop() .insert() .remove() .index() .count() .reverse() "
        + ".sort() .copy() .clear()\n"
        + "str: .upper() .lower() .strip() .lstrip() .rstrip() .split() .join() .replace() "
        + ".startswith() .endswith() .format() .count() .index() .find()\n"
        + "dict: .keys() .values() .items() .get() .pop() .update() .copy()\n")
    #expect(
      run("xs = [3, 1]", "xs.apend(2)", "'a'.uper()", "{}.itmes()", "xs.sort()", "xs")
        == "AttributeError: 'list' object has no attribute 'apend'. Did you mean 'append'?\n"
        + "AttributeError: 'str' object has no attribute 'uper'. Did you mean 'upper'?\n"
        + "AttributeError: 'dict' object has no attribute 'itmes'. Did you mean 'items'?\n"
        + "[1, 3]\n")
  }
}
