// Tensors with autograd and PyTorch's semantics.
import Foundation
