import Testing

@testable import GradLanguage

/// `__setattr__` and `__delattr__` defined by a class, as Python runs them.
@Suite struct AttributeHookTests {
  @Test func assignmentAndSetattrCallTheClassHook() {
    let out = run(
      """
      class Logged:
          def __setattr__(self, name, value):
              print('set', name, value)
              object.__setattr__(self, name, value * 2)
      o = Logged()
      o.x = 1
      setattr(o, 'y', 5)
      print(o.x, o.y)
      """)
    #expect(out == "set x 1\nset y 5\n2 10\n")
  }

  @Test func superReachesObjectsPlainStore() {
    let out = run(
      """
      class Base:
          def __setattr__(self, name, value):
              super().__setattr__(name, value + 1)
      class Child(Base):
          pass
      c = Child()
      c.n = 1
      print(c.n, c.__dict__)
      """)
    #expect(out == "2 {'n': 2}\n")
  }

  @Test func deletionAndDelattrCallTheClassHook() {
    let out = run(
      """
      class Guarded:
          def __delattr__(self, name):
              print('del', name)
              object.__delattr__(self, name)
      g = Guarded()
      g.a = 1
      g.b = 2
      del g.a
      delattr(g, 'b')
      print(hasattr(g, 'a'), hasattr(g, 'b'))
      """)
    #expect(out == "del a\ndel b\nFalse False\n")
  }

  @Test func aHookAddedLaterAppliesToExistingInstances() {
    let out = run(
      """
      class Late:
          pass
      o = Late()
      o.x = 1
      def refuse(self, name, value):
          raise AttributeError('read-only: ' + name)
      Late.__setattr__ = refuse
      try:
          o.x = 2
      except AttributeError as e:
          print(e)
      print(o.x)
      """)
    #expect(out == "read-only: x\n1\n")
  }

  @Test func plainStoreKeepsPropertiesWorking() {
    let out = run(
      """
      class Temperature:
          def __init__(self):
              self._c = 0
          @property
          def c(self):
              return self._c
          @c.setter
          def c(self, value):
              self._c = value
          def __setattr__(self, name, value):
              object.__setattr__(self, name, value)
      t = Temperature()
      t.c = 21
      print(t.c, t._c)
      """)
    #expect(out == "21 21\n")
  }

  @Test func aDefaultReprNamesTheModuleTheClassWasMadeIn() {
    #expect(run("class Foo: pass", "Foo").hasSuffix("<class '__main__.Foo'>\n"))
    #expect(run("class Foo: pass", "Foo.__module__") == "'__main__'\n")
  }
}
