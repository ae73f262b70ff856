// Generators: functions with `yield`, run lazily, one step per `next()`.
//
// The evaluator walks the syntax tree recursively, so a generator stopped at a
// `yield` has a Swift call stack (the loops, the try blocks, the statement it
// stopped in) that must survive until the next `next()`. A generator that starts
// therefore runs its body on a thread of its own, and the two sides pass a baton:
// the consumer hands over a command and waits; the generator runs until its next
// `yield` (or its end), hands back the outcome and waits. Exactly one side runs
// interpreter code at any time, so the interpreter needs no locks; what belongs to
// one thread (its stack bounds, the exceptions its `except` blocks handle, which
// generator is running) is swapped at every hand-over, and a running generator
// counts as one call towards the recursion limit, as in CPython.
//
// A generator dropped while suspended has a thread waiting for a command that
// would never come. Its object's deinit must not run user code (it may fire in the
// middle of any assignment), so it queues the coroutine in the interpreter's
// registry, and the next safe point (a loop iteration or a call, where user code
// may run anyway) closes it: GeneratorExit is raised at its `yield`, its `finally`
// blocks run and the thread ends.

import Foundation
import Synchronization

/// The generators an interpreter has started, and the ones dropped while suspended.
final class GeneratorRegistry: @unchecked Sendable {
  private let lock = NSLock()
  /// Started, not finished: each has a thread (guarded by `lock`).
  private var live: [ObjectIdentifier: Coroutine] = [:]
  /// Dropped while suspended, waiting to be closed at a safe point (guarded by `lock`).
  private var abandoned: [Coroutine] = []
  private let abandonedFlag = Atomic<Bool>(false)

  /// At most this many generators may be started and unfinished at once (each holds a
  /// thread); a little above the recursion limit, so that a chain of `yield from` as deep as
  /// that limit is a RecursionError first.
  static let maximumLive = 1100

  /// Whether some dropped generator waits to be closed (cheap: checked at every safe point).
  var hasAbandoned: Bool { abandonedFlag.load(ordering: .relaxed) }

  var liveCount: Int { lock.withLock { live.count } }

  func started(_ c: Coroutine) { lock.withLock { live[ObjectIdentifier(c)] = c } }

  func finished(_ c: Coroutine) {
    _ = lock.withLock { live.removeValue(forKey: ObjectIdentifier(c)) }
  }

  func abandon(_ c: Coroutine) {
    lock.withLock {
      abandoned.append(c)
      abandonedFlag.store(true, ordering: .relaxed)
    }
  }

  func takeAbandoned() -> [Coroutine] {
    lock.withLock {
      let taken = abandoned
      abandoned = []
      abandonedFlag.store(false, ordering: .relaxed)
      return taken
    }
  }

  var allLive: [Coroutine] { lock.withLock { Array(live.values) } }
}

/// A generator body running on its own thread, stepped by strict hand-over.
final class Coroutine: @unchecked Sendable {
  /// What the consumer asks for.
  enum Command {
    /// Run to the next `yield`; the `yield` evaluates to the value (`send`; None for `next`).
    case resume(RValue)
    /// Raise GeneratorExit at the `yield` so that `finally` blocks run, then end.
    case close
  }

  /// How a step ended.
  enum Outcome {
    case yielded(RValue)
    case returned(RValue)
    case raised(ReplError)
  }

  enum State { case notStarted, suspended, running, finished }

  /// Each generator thread's stack: room for the full recursion limit in a debug build.
  static let stackSize = 64 << 20

  /// The generator's name, for its repr and messages.
  let name: String
  let registry: GeneratorRegistry
  /// Read and written only by the side that holds the baton.
  private(set) var state = State.notStarted
  /// The code and frame until the thread starts (then they belong to the thread).
  private var code: FunctionCode?
  private var frame: Frame?
  /// The frame a `yield` must be in to suspend this generator.
  let frameID: ObjectIdentifier

  // The baton, guarded by `condition`.
  private let condition = NSCondition()
  private var generatorsTurn = false
  private var command = Command.resume(.none)
  private var outcome = Outcome.returned(.none)

  // What belongs to the generator's thread, kept while it is suspended.
  private var handling: [ReplError] = []
  private var stackGuard: StackGuard?
  /// Set once GeneratorExit was raised: a `yield` after that cannot suspend again.
  private var closing = false
  /// The body's thread, joined once the body has ended.
  private var thread: pthread_t?

  init(code: FunctionCode, frame: Frame, registry: GeneratorRegistry) {
    name = code.name
    self.code = code
    self.frame = frame
    frameID = ObjectIdentifier(frame)
    self.registry = registry
  }

  // MARK: The consumer's side

  /// Runs the generator until it yields, returns or raises.
  func step(_ command: Command, _ interpreter: Interpreter) throws(ReplError) -> Outcome {
    switch state {
    case .running: throw ReplError.value("generator already executing")
    case .finished: return .returned(.none)
    case .suspended: break
    case .notStarted:
      if case .close = command {
        finishWithoutRunning()
        return .returned(.none)
      }
    }
    if case .resume = command, interpreter.callDepth >= Interpreter.maximumCallDepth {
      throw ReplError.recursion
    }
    if state == .notStarted { try startThread() }
    let saved = (
      depth: interpreter.callDepth, stack: interpreter.stack, handling: interpreter.handling,
      running: interpreter.runningCoroutine
    )
    interpreter.callDepth += 1
    interpreter.handling = handling
    state = .running
    let result = handOver(command, interpreter)
    handling = interpreter.handling
    interpreter.callDepth = saved.depth
    interpreter.stack = saved.stack
    interpreter.handling = saved.handling
    interpreter.runningCoroutine = saved.running
    if case .yielded = result {
      state = .suspended
    } else {
      state = .finished
      registry.finished(self)
      // The thread has handed back its last outcome and only returns now: wait for it, so
      // that an ended generator leaves no thread behind.
      if let thread { pthread_join(thread, nil) }
      thread = nil
    }
    return result
  }

  /// Closes a suspended generator, ignoring what its `finally` blocks raise (Python reports
  /// such errors as "ignored" too).
  func closeQuietly(_ interpreter: Interpreter) {
    guard state == .suspended else { return }
    _ = try? step(.close, interpreter)
  }

  private func finishWithoutRunning() {
    state = .finished
    code = nil
    frame = nil
  }

  private func startThread() throws(ReplError) {
    guard registry.liveCount < GeneratorRegistry.maximumLive else {
      throw ReplError(
        "RuntimeError",
        "more than \(GeneratorRegistry.maximumLive) generators are suspended at once: "
          + "finish or drop some")
    }
    var attributes = pthread_attr_t()
    pthread_attr_init(&attributes)
    defer { pthread_attr_destroy(&attributes) }
    pthread_attr_setstacksize(&attributes, Coroutine.stackSize)
    let context = Unmanaged.passRetained(self).toOpaque()
    var thread = pthread_t()
    let result = pthread_create(
      &thread, &attributes,
      { context in
        guard let context else { return nil }
        Unmanaged<Coroutine>.fromOpaque(context).takeRetainedValue().threadMain()
        return nil
      }, context)
    guard result == 0 else {
      Unmanaged<Coroutine>.fromOpaque(context).release()
      finishWithoutRunning()
      throw ReplError("RuntimeError", "can't start new thread for the generator")
    }
    self.thread = thread
    registry.started(self)
  }

  /// Gives the generator the baton with `command` and waits until it hands it back.
  private func handOver(_ command: Command, _ interpreter: Interpreter) -> Outcome {
    condition.lock()
    self.command = command
    runningInterpreter = interpreter
    generatorsTurn = true
    condition.broadcast()
    while generatorsTurn { condition.wait() }
    let result = outcome
    outcome = .returned(.none)
    runningInterpreter = nil
    condition.unlock()
    return result
  }

  /// The interpreter of the step in progress (passed with the baton, never kept).
  private var runningInterpreter: Interpreter?

  // MARK: The generator's side

  /// The thread's whole life: wait for the first command, run the body, report its end.
  private func threadMain() {
    condition.lock()
    while !generatorsTurn { condition.wait() }
    let interpreter = runningInterpreter
    condition.unlock()
    var result = Outcome.returned(.none)
    if let interpreter, let code, let frame {
      self.code = nil
      self.frame = nil
      stackGuard = StackGuard()
      result = run(code, frame, interpreter)
    }
    // The body's frame was released above, before the consumer runs again.
    condition.lock()
    outcome = result
    generatorsTurn = false
    condition.broadcast()
    condition.unlock()
  }

  private func run(_ code: FunctionCode, _ frame: Frame, _ interpreter: Interpreter) -> Outcome {
    takeOwnership(of: interpreter)
    do {
      return .returned(try interpreter.runStatements(of: code, frame))
    } catch {
      if error.kind == "GeneratorExit" && closing { return .returned(.none) }
      // PEP 479: a StopIteration escaping a generator would silently end the caller's loop.
      if error.kind == "StopIteration" {
        return .raised(ReplError("RuntimeError", "generator raised StopIteration"))
      }
      // The generator's body is a frame of the traceback, as in Python.
      return .raised(error.leaving(code))
    }
  }

  /// Makes the interpreter's per-thread state this thread's.
  private func takeOwnership(of interpreter: Interpreter) {
    if let stackGuard { interpreter.stack = stackGuard }
    interpreter.runningCoroutine = self
  }

  /// At a `yield`: hands `value` to the consumer and waits for the next command.
  /// - Returns: the value sent in (None for `next`).
  func suspend(yielding value: RValue, _ interpreter: Interpreter) throws(ReplError) -> RValue {
    if closing { throw ReplError("RuntimeError", "generator ignored GeneratorExit") }
    condition.lock()
    outcome = .yielded(value)
    generatorsTurn = false
    condition.broadcast()
    while !generatorsTurn { condition.wait() }
    let next = command
    condition.unlock()
    takeOwnership(of: interpreter)
    switch next {
    case .resume(let sent): return sent
    case .close:
      closing = true
      throw ReplError("GeneratorExit", "")
    }
  }
}

/// What calling a generator function gives: iterate it, or step it with `next(g)`.
final class GeneratorObject: MemberTableObject, LazyIterator {
  let coroutine: Coroutine

  init(code: FunctionCode, frame: Frame, in interpreter: Interpreter) {
    coroutine = Coroutine(code: code, frame: frame, registry: interpreter.generators)
  }

  deinit {
    // Its thread waits at a `yield`: have it closed at the next safe point.
    if coroutine.state == .suspended { coroutine.registry.abandon(coroutine) }
  }

  var typeName: String { "generator" }
  func repr() -> String { "<generator object \(coroutine.name)>" }
  var helpText: String {
    "generator \(coroutine.name): yields its items one at a time as it is iterated "
      + "(for x in g, next(g), list(g)); "
      + GeneratorObject.members.rows.map { "." + $0.signature }.joined(separator: " ")
  }

  func next(in interpreter: Interpreter) throws(ReplError) -> RValue? {
    switch try coroutine.step(.resume(.none), interpreter) {
    case .yielded(let v): return v
    case .returned: return nil
    case .raised(let e): throw e
    }
  }

  /// One step: the yielded value, or StopIteration carrying the return value's text.
  func send(_ value: RValue, _ interpreter: Interpreter) throws(ReplError) -> RValue {
    if coroutine.state == .notStarted, !value.isNone {
      throw ReplError.type("can't send non-None value to a just-started generator")
    }
    switch try coroutine.step(.resume(value), interpreter) {
    case .yielded(let v): return v
    case .returned(let v): throw Interpreter.stopIteration(v, interpreter)
    case .raised(let e): throw e
    }
  }

  static let members = MemberTable<GeneratorObject>([
    .method("send", "send(value)", "resumes it; its yield evaluates to value") {
      (g, arguments, interpreter) throws(ReplError) in
      try arguments.check("send", positional: 1)
      return try g.send(arguments.positional[0], interpreter)
    },
    .method("close", "close()", "raises GeneratorExit at its yield, so finally blocks run") {
      (g, arguments, interpreter) throws(ReplError) in
      try arguments.check("close", positional: 0)
      if case .raised(let e) = try g.coroutine.step(.close, interpreter),
        e.kind != "GeneratorExit"
      {
        throw e
      }
      return .none
    },
    .method("__next__", "__next__()", "the next item, as next(g)") {
      (g, arguments, interpreter) throws(ReplError) in
      try arguments.check("__next__", positional: 0)
      return try g.send(.none, interpreter)
    },
  ])
}

extension Interpreter {
  /// StopIteration for an iterator that ended, carrying a generator's return value as its
  /// argument (`e.value`, `e.args`) with its text as the message.
  static func stopIteration(_ returned: RValue, _ interpreter: Interpreter) -> ReplError {
    guard !returned.isNone else { return ReplError("StopIteration", "") }
    var error = ReplError("StopIteration", interpreter.str(returned))
    error.arguments = ExceptionArguments([returned])
    return error
  }

  /// `yield value` in the running generator's body.
  func yieldValue(_ value: RValue, in f: Frame) throws(ReplError) -> RValue {
    guard let coroutine = runningCoroutine, coroutine.frameID == ObjectIdentifier(f) else {
      throw ReplError("SyntaxError", "'yield' is only supported directly in a function's body")
    }
    return try coroutine.suspend(yielding: value, self)
  }

  /// `yield from iterable`: a sub-generator gets what is sent in and closed with its
  /// delegator; the value is the sub-generator's return value (None for other iterables).
  func yieldEach(of iterable: RValue, in f: Frame) throws(ReplError) -> RValue {
    guard case .object(let o) = iterable, let inner = o as? GeneratorObject else {
      var iterator = try makeIterator(iterable)
      while let item = try iterator.next() { _ = try yieldValue(item, in: f) }
      return .none
    }
    var command = Coroutine.Command.resume(.none)
    while true {
      switch try inner.coroutine.step(command, self) {
      case .returned(let v): return v
      case .raised(let e): throw e
      case .yielded(let v):
        do {
          command = .resume(try yieldValue(v, in: f))
        } catch {
          if error.kind == "GeneratorExit" { inner.coroutine.closeQuietly(self) }
          throw error
        }
      }
    }
  }

  /// Closes the generators dropped while suspended (at a safe point).
  func closeAbandonedGenerators() {
    for coroutine in generators.takeAbandoned() { coroutine.closeQuietly(self) }
  }

  /// Closes every suspended generator, so that their threads end (`:reset`, a session's end).
  public func closeAllGenerators() {
    for coroutine in generators.allLive { coroutine.closeQuietly(self) }
    _ = generators.takeAbandoned()
  }
}
