// The fused kernels' glue (KernelScalar's BLAS and gate functions, raw tensor buffers, scratch
// buffers) lives in GradTensor. These aliases name it for the kernel files of this module that
// work on raw buffers only and do not import GradTensor themselves.
import GradTensor

typealias KernelScalar = GradTensor.KernelScalar
typealias ScratchBuffer = GradTensor.ScratchBuffer
