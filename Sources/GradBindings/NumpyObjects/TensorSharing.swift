// Between tensors and arrays: `t.numpy()` and `torch.from_numpy(a)` make a
// view of the same storage (an in-place change through either shows in the
// other, as in PyTorch); `torch.tensor(a)` and `np.array(t)` copy.

import GradLanguage
import GradTensor

extension TensorObject {
  /// `t.numpy()`: an array over the tensor's own storage.
  static let numpyRow = Member<TensorObject>.method(
    "numpy", "numpy()", "an ndarray sharing this tensor's memory (for tensors without grad)"
  ) { (o, args, _) throws(ReplError) in
    try args.check("numpy", positional: 0)
    guard !o.tensor.requiresGrad else { throw NumpyMessages.numpyOfGradTensor }
    return .object(NDArrayObject(o.tensor.detach()))
  }
}

/// `torch.from_numpy(a)`: a tensor over the array's storage, of the array's dtype.
var fromNumpyFunction: RValue {
  .builtin(
    BuiltinFunction(
      "from_numpy", signature: "from_numpy(ndarray)",
      doc: "A tensor sharing the array's memory: changes through either show in the other."
    ) { (args, _) throws(ReplError) in
      try args.check("from_numpy", positional: 1, 1)
      guard let a = args.positional[0].ndarray else {
        throw ReplError.type(
          "expected np.ndarray (got \(args.positional[0].typeName))")
      }
      return .tensor(a.tensor.detach())
    })
}

/// `torch.tensor(a)` for an array: a copy keeping its dtype (float64 stays float64, as in
/// PyTorch); nil for other arguments.
func tensorCopyOfArray(_ args: Arguments) throws(ReplError) -> RValue? {
  guard let a = args.positional.first?.ndarray else { return nil }
  let dtype = try args.dtype("tensor") ?? a.dtype
  let grad = args.flag("requires_grad", default: false)
  let copy = try a.data.converted(to: dtype).tensor()
  if grad { try engine { _ = try copy.requiresGrad_() } }
  return .tensor(copy)
}
