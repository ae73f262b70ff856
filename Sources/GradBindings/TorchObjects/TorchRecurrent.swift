// torch._VF: the recurrent kernels nn.RNN, nn.LSTM and nn.GRU call, with PyTorch's private
// signatures, so that a module written in the language runs the fused kernels of the
// built-in language models (GradModels' stackedRecurrent) instead of a loop of tensor ops.
//
//   torch._VF.rnn_tanh(input, hx, flat_weights, has_biases, num_layers, dropout, train,
//                      bidirectional, batch_first)          -> (output, h_n)
//   torch._VF.rnn_relu(...same...) -> (output, h_n)
//   torch._VF.gru(...same...)      -> (output, h_n)
//   torch._VF.lstm(input, (h0, c0), ...same...)            -> (output, h_n, c_n)
//
// Shape key: T time steps, B batch, I input features, H hidden units, L layers, G gate blocks.

import GradLanguage
import GradModels
import GradTensor

enum TorchRecurrent {
  /// The parameter names of every function, in PyTorch's order.
  static let parameterNames = [
    "input", "hx", "params", "has_biases", "num_layers", "dropout", "train", "bidirectional",
    "batch_first",
  ]

  /// The `torch._VF` module.
  static func module() -> ModuleObject {
    var members: [String: RValue] = [:]
    for mode in StackedRecurrentMode.allCases {
      let name = mode.rawValue
      let state = mode.hasCell ? "(h0, c0)" : "hx"
      let returns = mode.hasCell ? "(output, h_n, c_n)" : "(output, h_n)"
      members[name] = .builtin(
        BuiltinFunction(
          name,
          signature:
            "\(name)(input, \(state), flat_weights, has_biases, num_layers, dropout, train, "
            + "bidirectional, batch_first) -> \(returns)",
          doc: doc(mode),
          { (args, interpreter) throws(ReplError) in
            try call(mode, args, interpreter)
          }))
    }
    return ModuleObject(
      name: "torch._VF",
      doc: "The recurrent kernels behind nn.RNN, nn.LSTM and nn.GRU: one fused node per call.",
      members: members)
  }

  private static func doc(_ mode: StackedRecurrentMode) -> String {
    let cell: String
    switch mode {
    case .rnnTanh: cell = "an Elman RNN with tanh"
    case .rnnRelu: cell = "an Elman RNN with ReLU"
    case .lstm: cell = "an LSTM (gate blocks i, f, g, o)"
    case .gru: cell = "a GRU (gate blocks r, z, n)"
    }
    return "num_layers stacked layers of \(cell) over input (T, B, I), or (B, T, I) with "
      + "batch_first: flat_weights holds per layer w_ih, w_hh (and b_ih, b_hh with has_biases); "
      + "dropout p between layers when train. One autograd node (grad_fn=<\(mode.nodeName)>). "
      + "bidirectional=True is not implemented."
  }

  /// One call: the arguments read in PyTorch's order, the kernel run, the tuple returned.
  private static func call(
    _ mode: StackedRecurrentMode, _ args: Arguments, _ interpreter: Interpreter
  ) throws(ReplError) -> RValue {
    let name = mode.rawValue
    try args.check(name, positional: 0, 9, keywords: Set(parameterNames))
    func argument(_ index: Int) throws(ReplError) -> RValue {
      guard let v = args.argument(index, parameterNames[index]) else {
        throw ReplError.type("\(name)() missing required argument '\(parameterNames[index])'")
      }
      return v
    }
    let input = try tensorArgument(try argument(0), name)
    let state = try argument(1)
    let hidden: Tensor
    let cell: Tensor?
    if mode.hasCell {
      let pair: [RValue]
      switch state {
      case .tuple, .list: pair = try interpreter.collect(state)
      default: pair = []
      }
      guard pair.count == 2 else {
        throw ReplError.type(
          "lstm(): hx must be a tuple (h0, c0) of two tensors, got '\(state.typeName)'")
      }
      hidden = try tensorArgument(pair[0], name)
      cell = try tensorArgument(pair[1], name)
    } else {
      hidden = try tensorArgument(state, name)
      cell = nil
    }
    let weights = try TorchBuiltins.tensorList(try argument(2), name, interpreter)
    let hasBiases = try boolArgument(try argument(3), "has_biases", name)
    let layers = try argument(4).integer(for: name)
    let dropout = try argument(5).number(for: name)
    let train = try boolArgument(try argument(6), "train", name)
    let bidirectional = try boolArgument(try argument(7), "bidirectional", name)
    let batchFirst = try boolArgument(try argument(8), "batch_first", name)
    guard !bidirectional else {
      throw ReplError(
        "NotImplementedError",
        "\(name)(): bidirectional=True is not implemented here; run the sequence and its "
          + "reverse (input.flip(0)) through two layers with bidirectional=False and "
          + "torch.cat their outputs along the last dimension")
    }
    let result = try engine {
      try stackedRecurrent(
        mode, input: input, hidden: hidden, cell: cell, weights: weights, hasBiases: hasBiases,
        layerCount: layers, dropout: dropout, training: train, bidirectional: false,
        batchFirst: batchFirst)
    }
    var items: [RValue] = [.tensor(result.output), .tensor(result.hidden)]
    if let c = result.cell { items.append(.tensor(c)) }
    return .tuple(TupleItems(items))
  }

  /// A flag argument: a bool (or 0/1, as Python's int is a bool's base).
  private static func boolArgument(_ v: RValue, _ parameter: String, _ function: String)
    throws(ReplError) -> Bool
  {
    switch v {
    case .bool(let b): return b
    case .int(let n): return n != 0
    default:
      throw ReplError.type(
        "\(function)(): argument '\(parameter)' must be bool, not '\(v.typeName)'")
    }
  }
}
