import Foundation
import Testing

@testable import GradLanguage

@Suite struct ExceptionTests {
  @Test func argumentsSurviveTheRaiseAndTheCatch() {
    #expect(
      run(
        "d = {}\ntry:\n    d['k']\nexcept KeyError as e:\n    print(e.args, repr(e), str(e))",
        "try:\n    raise TypeError('custom', 3)\nexcept TypeError as e:\n"
          + "    print(e.args, repr(e), str(e))",
        "try:\n    {1}.remove(3)\nexcept KeyError as e:\n    print(e.args, e)",
        "try:\n    raise KeyError('z')\nexcept LookupError as e:\n    print(e.args, e)",
        "raise ValueError(1, 2)")
          == """
          ('k',) KeyError('k') 'k'
          ('custom', 3) TypeError('custom', 3) ('custom', 3)
          (3,) 3
          ('z',) 'z'
          ValueError: (1, 2)

          """)
  }

  @Test func exceptCatchesByKindAndBindsTheException() {
    #expect(
      run(
        """
        try:
            x = 1 / 0
        except ZeroDivisionError as e:
            print('caught', e, repr(e), type(e))
        """)
        == "caught division by zero ZeroDivisionError('division by zero') "
        + "<class 'ZeroDivisionError'>\n")
    #expect(
      run(
        """
        try:
            [1][5]
        except (KeyError, IndexError) as e:
            print(type(e), e.args)
        """) == "<class 'IndexError'> ('list index out of range',)\n")
  }

  @Test func hierarchyDecidesWhichHandlerRuns() {
    let program = """
      def kind(thunk):
          try:
              thunk()
          except ArithmeticError:
              return 'arithmetic'
          except LookupError:
              return 'lookup'
          except Exception:
              return 'other'
          return 'none'
      """
    #expect(
      run(
        program,
        "print(kind(lambda: 1 // 0), kind(lambda: 2 ** 64), kind(lambda: {}['k']), "
          + "kind(lambda: int('x')), kind(lambda: 0))")
        == "arithmetic arithmetic lookup other none\n")
  }

  @Test func elseFinallyAndControlFlow() {
    #expect(
      run(
        """
        def f(n):
            try:
                if n == 0: return 'zero'
                r = 10 / n
            except ZeroDivisionError:
                return 'never'
            else:
                return 'ok ' + str(r)
            finally:
                print('finally', n)
        """, "print(f(0))", "print(f(5))") == "finally 0\nzero\nfinally 5\nok 2.0\n")
    #expect(
      run(
        """
        out = []
        for i in range(5):
            try:
                if i == 1: continue
                if i == 3: break
                out.append(i)
            finally:
                out.append('f')
        print(out)
        """) == "[0, 'f', 'f', 2, 'f', 'f']\n")
  }

  @Test func raiseAndReraise() {
    #expect(run("raise ValueError('bad input')") == "ValueError: bad input\n")
    #expect(run("raise KeyError") == "KeyError\n")
    #expect(
      run(
        """
        try:
            raise RuntimeError('inner')
        except RuntimeError:
            raise
        """) == "RuntimeError: inner\n")
    #expect(run("raise") == "RuntimeError: No active exception to reraise\n")
    #expect(run("raise 5") == "TypeError: exceptions must derive from BaseException, not 'int'\n")
    #expect(
      run("try:\n    1/0\nexcept 5:\n    pass")
        == "TypeError: catching classes that do not inherit from BaseException is not allowed\n")
    #expect(
      run("try:\n    1/0\nfinally:\n    print('cleanup')")
        == "cleanup\nZeroDivisionError: division by zero\n")
  }

  @Test func errorsInHandlersAndUnmatchedErrorsPropagate() {
    #expect(
      run("try:\n    1/0\nexcept ZeroDivisionError:\n    undefined_thing")
        == "NameError: name 'undefined_thing' is not defined\n")
    #expect(
      run("try:\n    [][0]\nexcept KeyError:\n    pass") == "IndexError: list index out of range\n")
  }

  @Test func protectiveErrorsCanBeCaught() {
    #expect(
      run(
        "def down(n):\n    return down(n + 1)",
        "try:\n    down(0)\nexcept RecursionError as e:\n    print('caught:', e)",
        "try:\n    x = [0] * 10**12\nexcept MemoryError:\n    print('too big')",
        "try:\n    2 ** 64\nexcept OverflowError:\n    print('use floats')")
        == "caught: maximum recursion depth exceeded\ntoo big\nuse floats\n")
  }

  @Test func bareExceptDoesNotSwallowControlC() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal)
    let flag = session.interruptFlag
    // Press the session's stop button once the loop is running.
    Thread {
      Thread.sleep(forTimeInterval: 0.1)
      flag.request()
    }.start()
    let status = session.execute(
      """
      n = 0
      while True:
          try:
              n += 1
          except:
              pass
      """)
    #expect(status == .failed)
    #expect(terminal.take() == "KeyboardInterrupt\n")
    _ = session.execute("n > 0")
    #expect(terminal.take() == "True\n")
  }

  @Test func aTryBlockWaitsForItsHandlers() {
    let screen = transcript([
      "try:", "    x = 1 / 0", "except ZeroDivisionError:", "    x = 0", "", "x",
    ])
    #expect(screen.hasSuffix(">>> x\n0\n"))
    #expect(transcript(["try:", "    x = 1", ""]).contains("expected 'except' or 'finally' block"))
  }
  // MARK: Exception classes of your own

  private static let appErrors = """
    class AppError(Exception):
        pass
    class NotFound(AppError):
        def __init__(self, key):
            super().__init__(f"no such key: {key}")
            self.key = key
        def hint(self):
            return "try " + self.key.upper()
    class MyError(KeyError):
        pass
    """

  @Test func aRaisedInstanceIsTheOneCaught() {
    #expect(
      run(
        Self.appErrors,
        """
        obj = NotFound("b")
        try:
            raise obj
        except AppError as e:
            print(e is obj, e.key, e.hint(), e.args)
            print(str(e), repr(e), type(e).__name__)
        """)
          == """
          True b try B ('no such key: b',)
          no such key: b NotFound('no such key: b') NotFound

          """)
  }

  @Test func argumentsAndBareClassesRaiseAsPythonDoes() {
    #expect(
      run(
        Self.appErrors,
        """
        try:
            raise AppError("plain", 2)
        except Exception as e:
            print(e, repr(e), e.args)
        try:
            raise AppError
        except AppError as e:
            print(repr(e), e.args)
        try:
            raise NotFound
        except TypeError as e:
            print("TypeError")
        """)
          == """
          ('plain', 2) AppError('plain', 2) ('plain', 2)
          AppError() ()
          TypeError

          """)
  }

  @Test func handlersFollowTheClassChainToTheBuiltinKind() {
    #expect(
      run(
        Self.appErrors,
        """
        try:
            raise MyError("k")
        except LookupError as e:
            print("lookup", e, repr(e))
        try:
            raise MyError("k")
        except (TypeError, MyError) as e:
            print("tuple", type(e).__name__)
        try:
            try:
                raise NotFound("q")
            except ValueError:
                print("wrong")
        except NotFound as e:
            print("outer", e.key)
        """)
          == """
          lookup 'k' MyError('k')
          tuple MyError
          outer q

          """)
  }

  @Test func isinstanceAndIssubclassKnowExceptionClasses() {
    #expect(
      run(
        Self.appErrors,
        """
        e = NotFound("x")
        print(isinstance(e, AppError), isinstance(e, Exception), isinstance(e, ValueError))
        print(issubclass(MyError, LookupError), issubclass(MyError, ValueError))
        print(issubclass(ValueError, MyError), issubclass(NotFound, BaseException))
        print(ValueError.__name__, type(KeyError("k")).__name__)
        """)
          == """
          True True False
          True False
          False True
          ValueError KeyError

          """)
  }

  @Test func aClassStrSaysTheMessage() {
    #expect(
      run(
        """
        class Loud(ValueError):
            def __str__(self):
                return "LOUD"
        try:
            raise Loud("quiet")
        except ValueError as e:
            print(e, repr(e), e.args)
        """,
        "raise Loud('x')")
          == """
          LOUD Loud('quiet') ('quiet',)
          Loud: LOUD

          """)
  }

  @Test func anUncaughtInstanceNamesItsClass() {
    let terminal = MemoryTerminal()
    let session = Session(terminal: terminal, errorStyle: .traceback)
    for source in [
      Self.appErrors,
      """
      def find(key):
          raise NotFound(key)
      find("b")
      """,
    ] {
      _ = session.execute(source)
    }
    let output = terminal.output
    #expect(output.hasPrefix("Traceback (most recent call last):"))
    #expect(output.hasSuffix("NotFound: no such key: b\n"))
  }

  @Test func exitSeesTheInstanceAndItsClass() {
    #expect(
      run(
        Self.appErrors,
        """
        class Ctx:
            def __enter__(self):
                return self
            def __exit__(self, t, v, tb):
                print(t.__name__, v.key, tb is not None)
                return True
        with Ctx():
            raise NotFound("w")
        print("after")
        """)
        == "NotFound w True\nafter\n")
  }

  @Test func stopIterationCarriesTheReturnValue() {
    #expect(
      run(
        """
        def gen():
            yield 1
            return 42
        g = gen()
        first = next(g)
        try:
            next(g)
        except StopIteration as e:
            print(e.value, e.args, e)
        print(StopIteration(5).value, StopIteration().value)
        """)
        == "42 (42,) 42\n5 None\n")
  }
}
