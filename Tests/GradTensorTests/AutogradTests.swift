import Testing

@testable import GradTensor

@Suite struct AutogradTests {
  @Test func lectureExampleGivesFourPointFive() throws {
    let x = try Tensor.ones([2, 2], requiresGrad: true)
    let y = try x + 2
    let z = try y * y * 3
    let out = try z.mean()
    try out.backward()
    let grad = try #require(x.grad)
    #expect(grad.toDoubleArray() == [4.5, 4.5, 4.5, 4.5])
    #expect(try out.item() == 27)
    #expect(x.description == "tensor([[1., 1.],\n        [1., 1.]], requires_grad=True)")
    #expect(grad.description == "tensor([[4.5000, 4.5000],\n        [4.5000, 4.5000]])")
    #expect(out.description == "tensor(27., grad_fn=<MeanBackward0>)")
  }
}
