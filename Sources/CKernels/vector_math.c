// eˣ, tanh and σ over float buffers sixteen lanes at a time, and the exponentials of a softmax
// row with their sum.
//
// The arithmetic is the engine's Swift fastExp8/fastTanh8 (Sources/GradTensor/FastMath.swift),
// so both paths agree to a rounding or two:
//
//   k = round(x · log₂e)                     (the 1.5·2²³ "magic number" rounds to an integer)
//   r = x − k·ln2_hi − k·ln2_lo              (|r| ≤ ln 2 / 2; ln 2 split so k·ln2_hi is exact)
//   e^x = 2^k · (1 + r + r²/2! + … + r⁷/7!)  (2^k built in the exponent bits: (k + 127) << 23)
//   tanh x = sign(x) · (1 − e^(−2|x|)) / (1 + e^(−2|x|)), |x| clamped to 10 (tanh 10 rounds to
//            1); below |x| = 0.4 its odd Taylor series to x¹³, where 1 − e would cancel digits
//   σ(x) = 1 / (1 + e^(−x))
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

__attribute__((target("avx512f"), always_inline)) static inline __m512 tanh16(__m512 x) {
  const __m512i sign_bit = _mm512_set1_epi32((int)0x80000000u);
  __m512i bits = _mm512_castps_si512(x);
  __m512i sign = _mm512_and_si512(bits, sign_bit);
  __m512 magnitude = _mm512_castsi512_ps(_mm512_andnot_si512(sign_bit, bits));
  __m512 a = _mm512_min_ps(magnitude, _mm512_set1_ps(10.0f));
  __m512 e = exp16(_mm512_mul_ps(a, _mm512_set1_ps(-2.0f)));
  __m512 one = _mm512_set1_ps(1.0f);
  __m512 large = _mm512_div_ps(_mm512_sub_ps(one, e), _mm512_add_ps(one, e));
  large = _mm512_castsi512_ps(_mm512_or_si512(_mm512_castps_si512(large), sign));
  __m512 x2 = _mm512_mul_ps(x, x);
  __m512 p = _mm512_set1_ps(21844.0f / 6081075);
  p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-1382.0f / 155925));
  p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(62.0f / 2835));
  p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-17.0f / 315));
  p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(2.0f / 15));
  p = _mm512_fmadd_ps(p, x2, _mm512_set1_ps(-1.0f / 3));
  p = _mm512_fmadd_ps(p, x2, one);
  __mmask16 small = _mm512_cmp_ps_mask(magnitude, _mm512_set1_ps(0.4f), _CMP_LT_OQ);
  __m512 result = _mm512_mask_mov_ps(large, small, _mm512_mul_ps(x, p));
  __mmask16 nan = _mm512_cmp_ps_mask(x, x, _CMP_UNORD_Q);
  return _mm512_mask_mov_ps(result, nan, x);
}

__attribute__((target("avx512f"), always_inline)) static inline __m512 sigmoid16(__m512 x) {
  __m512 one = _mm512_set1_ps(1.0f);
  __m512 e = exp16(_mm512_sub_ps(_mm512_setzero_ps(), x));
  return _mm512_div_ps(one, _mm512_add_ps(one, e));
}

/// dst[j] = f(src[j]) for j < n, the tail through lane masks.
#define CVEC_MAP(name, f)                                                                   \
  __attribute__((target("avx512f"))) static void name(const float *src, float *dst, long n) { \
    long j = 0;                                                                             \
    for (; j + 16 <= n; j += 16) _mm512_storeu_ps(dst + j, f(_mm512_loadu_ps(src + j)));   \
    if (j < n) {                                                                            \
      __mmask16 m = (__mmask16)((1u << (n - j)) - 1);                                       \
      _mm512_mask_storeu_ps(dst + j, m, f(_mm512_maskz_loadu_ps(m, src + j)));              \
    }                                                                                       \
  }
CVEC_MAP(map_exp16, exp16)
CVEC_MAP(map_tanh16, tanh16)
CVEC_MAP(map_sigmoid16, sigmoid16)
#undef CVEC_MAP

int cvec_exp(const float *src, float *dst, long n) {
  if (!cgemm_avx512_available()) return -1;
  map_exp16(src, dst, n);
  return 0;
}

int cvec_tanh(const float *src, float *dst, long n) {
  if (!cgemm_avx512_available()) return -1;
  map_tanh16(src, dst, n);
  return 0;
}

int cvec_sigmoid(const float *src, float *dst, long n) {
  if (!cgemm_avx512_available()) return -1;
  map_sigmoid16(src, dst, n);
  return 0;
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

int cvec_exp(const float *src, float *dst, long n) {
  (void)src, (void)dst, (void)n;
  return -1;
}

int cvec_tanh(const float *src, float *dst, long n) {
  (void)src, (void)dst, (void)n;
  return -1;
}

int cvec_sigmoid(const float *src, float *dst, long n) {
  (void)src, (void)dst, (void)n;
  return -1;
}

int cexp_shifted_sum(const float *src, float *dst, long n, float shift, float *sum) {
  (void)src, (void)dst, (void)n, (void)shift, (void)sum;
  return -1;
}

#endif
