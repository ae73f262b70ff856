// gradrepl's float32 matrix multiply for processors with AVX-512.
//
// The engine multiplies through the system BLAS. On an x86-64 processor with AVX-512 it uses
// this kernel instead for float32, because the BLAS a system ships may run AVX2 code there
// (an old OpenBLAS, or one told to with OPENBLAS_CORETYPE), which does half the work per
// instruction. Row-major, the CBLAS conventions.
#ifndef GRADREPL_CGEMM_H
#define GRADREPL_CGEMM_H

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

#ifdef __cplusplus
}
#endif

#endif
