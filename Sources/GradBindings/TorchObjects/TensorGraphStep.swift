// :step on a tensor: the engine's own backward pass, one node per step.
//
// Each step is GradTensor's `BackwardPass.step()`, the very code `y.backward()` runs: the
// node's gradient g = ∂y/∂out arrives, its rule gives each input its share, and a leaf adds
// what it receives into `.grad`. What a step shows is read from the tensors that step made:
// the incoming g, and per input the gradient the rule returned, by shape and norm ‖·‖₂.

import GradLanguage
import GradTensor

/// The backward pass from a scalar tensor, shown one node at a time.
final class TensorBackwardStepper: GraphStepper {
  private var pass: BackwardPass
  private let rootName: String
  private let names: [ObjectIdentifier: String]
  let total: Int

  /// Prepares the pass from `root`, a one-element tensor with a graph. The graph is kept (as
  /// with `retain_graph=True`), so `:step` can be run again and `backward()` still works.
  init(root: Tensor, rootName: String, names: [ObjectIdentifier: String]) throws(ReplError) {
    pass = try engine { try BackwardPass(from: root, retainGraph: true) }
    self.rootName = rootName
    self.names = names
    total = pass.nodeCount
  }

  var introduction: String { TensorGraphText.stepIntroduction(root: rootName, total: total) }

  var conclusion: String {
    TensorGraphText.stepConclusion(root: rootName, count: pass.stepsTaken)
  }

  func nextStep() throws(ReplError) -> String? {
    // A leaf's .grad (or a retained one) before the step adds into it.
    let upcoming = pass.upcoming
    let gradBefore = try upcoming?.grad.map { g throws(ReplError) in try gradientText(g) }
    let step = try engine { try pass.step() }
    guard let step else { return nil }
    let t = step.tensor
    let name = names[ObjectIdentifier(t)]
    var text =
      "[\(pass.stepsTaken)/\(total)] "
      + TensorGraphText.nodeName(step.nodeName, variable: name) + "  "
      + TensorGraphText.shapeAndDType(t) + "\n"
    if pass.stepsTaken == 1 {
      text += TensorGraphText.seedLine(root: rootName, shapeText(step.incoming.shape))
    } else {
      text += TensorGraphText.incomingLine(try gradientText(step.incoming))
    }
    text += TensorGraphText.ruleLine(step.nodeName, leaf: name ?? "leaf")
    if step.accumulated, let grad = t.grad {
      text += TensorGraphText.accumulatedLine(
        name ?? "leaf", before: gradBefore, after: try gradientText(grad))
    }
    for (k, input) in step.inputs.enumerated() {
      let letter = TensorGraphText.inputLetter(step.nodeName, k, of: step.inputs.count)
      let target = targetName(input)
      if k < step.gradients.count, let g = step.gradients[k], input.requiresGrad {
        text += TensorGraphText.outgoingLine(letter, target: target, try gradientText(g))
      } else {
        text += TensorGraphText.noGradientLine(
          letter, target: target, requiresGrad: input.requiresGrad)
      }
    }
    return text
  }

  /// `(3, 4)  norm 3.464`.
  private func gradientText(_ g: Tensor) throws(ReplError) -> String {
    TensorGraphText.gradient(g.shape, norm: try TensorGraph.norm(g))
  }

  /// An input as the step names it: its node (`w (AccumulateGrad)`), or for an input outside
  /// the graph its variable or its shape.
  private func targetName(_ input: Tensor) -> String {
    let name = names[ObjectIdentifier(input)]
    guard input.requiresGrad else {
      return name ?? "a \(TensorGraphText.shapeAndDType(input)) tensor"
    }
    return TensorGraphText.nodeName(TensorGraph.nodeName(input), variable: name)
  }
}
