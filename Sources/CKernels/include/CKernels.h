// gradrepl's float32 kernels for processors with AVX-512, chosen at run time.
//
// The program is built for baseline x86-64 (SSE2), so Swift's SIMD types run four lanes at a
// time. These few hot loops are written with AVX-512 intrinsics behind a CPUID check instead:
//
// - matrix multiply: the engine multiplies through the system BLAS, but the BLAS a system
//   ships may run AVX2 code on an AVX-512 processor (an old OpenBLAS, or one told to with
//   OPENBLAS_CORETYPE), at half the work per instruction. Row-major, CBLAS conventions.
// - eˣ, tanh and σ over whole buffers (LSTM gates, elementwise tensor ops), and the
//   exponentials of a softmax row, cross-entropy's one pass over the logits.
#ifndef GRADREPL_CKERNELS_H
#define GRADREPL_CKERNELS_H

#ifdef __cplusplus
extern "C" {
#endif

/// 1 when this processor and operating system run the AVX-512 kernel, 0 otherwise.
int cgemm_avx512_available(void);

/// C = alpha · op(A) · op(B) + beta · C, row-major; op(A) is m × k, op(B) is k × n,
/// C is m × n.
/// `trans_a`/`trans_b` non-zero take the transposes of the stored matrices. When beta is 0,
/// C is overwritten without being read (NaN in C does not survive), as BLAS does.
/// Returns 0 when done; -1 when the kernel is unavailable or scratch memory could not be had,
/// in which case C is untouched and the caller multiplies some other way.
int cgemm_sgemm(int trans_a, int trans_b, long m, long n, long k, float alpha,
                const float *a, long lda, const float *b, long ldb, float beta,
                float *c, long ldc);

/// dst[j] = e^src[j], tanh(src[j]) or σ(src[j]) for j < n, sixteen lanes at a time, with the
/// Swift fastExp/fastTanh/fastSigmoid approximations; dst may equal src. Return 0 when done,
/// -1 (touching nothing) when the processor lacks AVX-512.
int cvec_exp(const float *src, float *dst, long n);
int cvec_tanh(const float *src, float *dst, long n);
int cvec_sigmoid(const float *src, float *dst, long n);

/// dst[j] = e^(src[j] − shift) for j < n, sixteen lanes at a time, and their sum in *sum.
/// The same approximation as the engine's Swift `fastExp`: inputs clamped to [−87, 88],
/// e^x = 2^k · p(r) with r = x − k·ln 2 (ln 2 in two parts) and p the degree-7 Taylor
/// polynomial; 0 below −87, NaN stays NaN. dst may equal src.
/// Returns 0 when done, -1 (touching nothing) when the processor lacks AVX-512.
int cexp_shifted_sum(const float *src, float *dst, long n, float shift, float *sum);

#ifdef __cplusplus
}
#endif

#endif
