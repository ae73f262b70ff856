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
}
