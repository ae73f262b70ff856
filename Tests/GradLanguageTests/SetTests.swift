import Testing

@testable import GradLanguage

@Suite struct SetTests {
  @Test func literalsMethodsAndMembership() {
    #expect(eval("{3, 1, 3, 2}") == "{3, 1, 2}")
    #expect(eval("set()") == "set()")
    #expect(eval("len({x % 3 for x in range(10)})") == "3")
    #expect(eval("2 in {1, 2}, 5 in {1, 2}, [1] in {1}") == "(True, False, False)")
    #expect(
      run("s = set([1, 2])", "s.add(3); s.add(1); s.discard(7); s.remove(2)", "s", "len(s)")
        == "{1, 3}\n2\n")
    #expect(eval("{1, 2, 3}.intersection([2, 3, 4]), {1, 2} - {2}") == "({2, 3}, {1})")
    #expect(eval("{1, 2} == {2, 1}, {1} == {1, 2}, {1} != [1]") == "(True, False, True)")
    #expect(eval("sorted({'b', 'a'})") == "['a', 'b']")
    #expect(run("{[1]}") == "TypeError: unhashable type: 'list'\n")
    #expect(run("s = {1}", "s.remove(5)") == "KeyError: 5\n")
  }

  /// The lecture builds the backward order by hand with a visited set.
  @Test func lectureTopologicalSort() {
    let out = run(
      """
      a = Value(2.0); b = Value(-3.0); c = Value(10.0)
      e = a * b; d = e + c; f = Value(-2.0); L = d * f
      topo = []
      visited = set()
      def build_topo(v):
          if v not in visited:
              visited.add(v)
              for child in v._prev:
                  build_topo(child)
              topo.append(v)
      build_topo(L)
      L.grad = 1.0
      for node in reversed(topo):
          node._backward()
      print(len(topo), len(visited), a.grad, b.grad, c.grad, f.grad)
      """)
    #expect(out == "7 7 6.0 -4.0 -2.0 4.0\n")
  }

  @Test func helpAndTyposComeFromTheMemberTable() {
    #expect(
      run("help({1})")
        == "set: distinct values; .add(x) .remove(x) .discard(x) .update(xs) .union(xs) "
        + ".intersection(xs) .difference(xs) .copy() .clear(); x in s; len(s)\n")
    #expect(
      run("s = {1}", "s.ad(2)")
        == "AttributeError: 'set' object has no attribute 'ad'. Did you mean 'add'?\n")
    #expect(run("s = {1}", "f = s.update", "f([2, 3])", "len(s)") == "3\n")
  }
}
