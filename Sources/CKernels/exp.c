// e^(x − shift) over a row, sixteen lanes at a time: the exponentials of a softmax row.
//
// The arithmetic is the engine's Swift fastExp8 (Sources/GradTensor/FastMath.swift), so both
// paths agree to a rounding or two:
//
//   k = round(x · log₂e)                     (the 1.5·2²³ "magic number" rounds to an integer)
//   r = x − k·ln2_hi − k·ln2_lo              (|r| ≤ ln 2 / 2; ln 2 split so k·ln2_hi is exact)
//   e^x = 2^k · (1 + r + r²/2! + … + r⁷/7!)  (2^k built in the exponent bits: (k + 127) << 23)
#include "CKernels.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <immintrin.h>

__attribute__((target("avx512f"), always_inline)) static inline __m512 exp16(__m512 x) {
  const __m512 magic = _mm512_set1_ps(12582912.0f);  // 1.5 · 2²³
  __m512 clamped = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.0f)), _mm512_set1_ps(88.0f));
  __m512 shifted = _mm512_fmadd_ps(clamped, _mm512_set1_ps(1.44269504f), magic);
  __m512 k = _mm512_sub_ps(shifted, magic);
  __m512 r = _mm512_fnmadd_ps(k, _mm512_set1_ps(0.69314575f), clamped);
  r = _mm512_fnmadd_ps(k, _mm512_set1_ps(1.4286068e-6f), r);
  __m512 p = _mm512_set1_ps(1.0f / 5040);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 720));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
  __m512i kbits = _mm512_sub_epi32(_mm512_castps_si512(shifted), _mm512_castps_si512(magic));
  __m512 scale = _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_add_epi32(kbits,
                                                                         _mm512_set1_epi32(127)),
                                                       23));
  __m512 result = _mm512_mul_ps(p, scale);
  // Below −87 the true value is under float's normal range: 0, as fastExp8 gives.
  __mmask16 tiny = _mm512_cmp_ps_mask(x, _mm512_set1_ps(-87.0f), _CMP_LT_OQ);
  result = _mm512_mask_mov_ps(result, tiny, _mm512_setzero_ps());
  // NaN in, NaN out (min/max above would have replaced it).
  __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
  return _mm512_mask_mov_ps(result, nan, x);
}

__attribute__((target("avx512f"))) static float shifted_sum16(const float *src, float *dst,
                                                               long n, float shift) {
  __m512 s = _mm512_set1_ps(shift);
  __m512 acc = _mm512_setzero_ps();
  long j = 0;
  for (; j + 16 <= n; j += 16) {
    __m512 e = exp16(_mm512_sub_ps(_mm512_loadu_ps(src + j), s));
    _mm512_storeu_ps(dst + j, e);
    acc = _mm512_add_ps(acc, e);
  }
  if (j < n) {
    __mmask16 m = (__mmask16)((1u << (n - j)) - 1);
    __m512 e = exp16(_mm512_sub_ps(_mm512_maskz_loadu_ps(m, src + j), s));
    _mm512_mask_storeu_ps(dst + j, m, e);
    acc = _mm512_add_ps(acc, _mm512_maskz_mov_ps(m, e));
  }
  return _mm512_reduce_add_ps(acc);
}

int cexp_shifted_sum(const float *src, float *dst, long n, float shift, float *sum) {
  if (!cgemm_avx512_available()) return -1;
  *sum = n > 0 ? shifted_sum16(src, dst, n, shift) : 0;
  return 0;
}

#else

int cexp_shifted_sum(const float *src, float *dst, long n, float shift, float *sum) {
  (void)src, (void)dst, (void)n, (void)shift, (void)sum;
  return -1;
}

#endif
