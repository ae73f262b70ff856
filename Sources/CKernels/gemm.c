// A blocked float32 GEMM with an AVX-512 inner kernel.
//
// The loop nest is the usual one for cache-blocked products (Goto and van de Geijn, "Anatomy of
// High-Performance Matrix Multiplication", 2008):
//
//   for each block of NC columns of C:
//     for each block of KC along k:          op(B)[KC × NC] as 32-column strips
//       for each block of MC rows of C:      op(A)[MC × KC] as 12-row strips
//         for each 32-column strip:          (stays in L1 while the row strips stream past)
//           for each 12-row strip:           C[12 × 32] ← α · A strip · B strip + β · C
//
// The inner kernel keeps a 12 × 32 tile of C in 24 zmm registers; each step along k loads two
// vectors of B, broadcasts twelve numbers of A and does 24 fused multiply-adds. An operand is
// packed (copied into the order the kernel reads, edges padded with zeros) only where reading
// it in place would be slow: a transposed A, a transposed B, and a row-major B whose rows are
// so long that a strip would cross a page per step. α and β are applied when a tile is written
// back; edge tiles go through lane masks.
//
// Compiled for baseline x86-64 like the rest of the program: the AVX-512 functions carry a
// target attribute and run only after a CPUID check.
#include "CKernels.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#define CGEMM_X86 1
#include <immintrin.h>
#endif

// Block sizes. KC·NR floats of B (32 KiB) stay in L1 while a block of A, MC·KC floats
// (144 KiB), stays in L2. Overridable with -D for tuning runs; 128–384 deep, 72–288 rows and
// 1024–4096 columns measured within noise of these on a Zen-class EPYC.
#ifndef CGEMM_KC
#define CGEMM_KC 256
#endif
#ifndef CGEMM_MC
#define CGEMM_MC 144
#endif
#ifndef CGEMM_NC
#define CGEMM_NC 4096
#endif
enum { MR = 12, NR = 32, KC = CGEMM_KC, MC = CGEMM_MC, NC = CGEMM_NC };

#ifdef CGEMM_X86

static int avx512_state = -1;

static int detect_avx512(void) {
  __builtin_cpu_init();
  // The kernel itself needs AVX-512 F only; `__builtin_cpu_supports` also checks that the
  // operating system saves the zmm registers (XCR0), so a kernel or hypervisor that hides them
  // makes this 0.
  return __builtin_cpu_supports("avx512f") ? 1 : 0;
}

int cgemm_avx512_available(void) {
  int state = __atomic_load_n(&avx512_state, __ATOMIC_RELAXED);
  if (state < 0) {
    state = detect_avx512();
    __atomic_store_n(&avx512_state, state, __ATOMIC_RELAXED);
  }
  return state;
}

/// Packs op(A)[i0 ..< i0+mc][p0 ..< p0+kc] for a transposed A (op(A)[i][p] = a[p·lda + i]) as
/// strips of MR rows: strip s holds, for each p, the MR numbers op(A)[i0 + s·MR + r][p0 + p],
/// zero past the last row. Each p's MR numbers are contiguous in the stored row: one masked
/// load, and one full 16-float store whose last four floats the next p (or the next strip, or
/// the buffer's slack) overwrites, since masked stores are slow on some AVX-512 processors.
/// (Walking p outermost and spreading each stored row over the strips measured slower: the
/// writes then scatter over the whole block.)
__attribute__((target("avx512f"), noinline)) static void
pack_a_transposed(const float *a, long lda, long i0, long mc, long p0, long kc,
                  float *restrict out) {
  for (long s = 0; s < mc; s += MR) {
    long rows = mc - s < MR ? mc - s : MR;
    __mmask16 mask = (__mmask16)((1u << rows) - 1);
    float *strip = out + s * kc;
    for (long p = 0; p < kc; p++) {
      const float *src = a + (p0 + p) * lda + i0 + s;
      _mm512_storeu_ps(strip + p * MR, _mm512_maskz_loadu_ps(mask, src));
    }
  }
}

/// Transposes a 16 × 16 block held as 16 row vectors: afterwards r[c] holds column c.
///
/// Within each 128-bit lane, two rounds of interleaving (pairs of floats, then pairs of
/// doubles) gather four rows of one column; two rounds of 128-bit lane shuffles then bring the
/// four lanes that make up a column together. 64 shuffles for 256 numbers.
__attribute__((target("avx512f"), always_inline)) static inline void transpose16(__m512 r[16]) {
  __m512 t[16];
  for (int i = 0; i < 8; i++) {
    t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
    t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
  }
  // x[4i + q], lane L: column 4L + q of rows 4i ..< 4i + 4.
  __m512 x[16];
  for (int i = 0; i < 4; i++) {
    __m512d a = _mm512_castps_pd(t[4 * i]), b = _mm512_castps_pd(t[4 * i + 2]);
    __m512d c = _mm512_castps_pd(t[4 * i + 1]), d = _mm512_castps_pd(t[4 * i + 3]);
    x[4 * i] = _mm512_castpd_ps(_mm512_unpacklo_pd(a, b));
    x[4 * i + 1] = _mm512_castpd_ps(_mm512_unpackhi_pd(a, b));
    x[4 * i + 2] = _mm512_castpd_ps(_mm512_unpacklo_pd(c, d));
    x[4 * i + 3] = _mm512_castpd_ps(_mm512_unpackhi_pd(c, d));
  }
  for (int q = 0; q < 4; q++) {
    // 0x88 takes lanes 0 and 2 of each operand, 0xDD lanes 1 and 3.
    __m512 y0 = _mm512_shuffle_f32x4(x[q], x[4 + q], 0x88);
    __m512 y1 = _mm512_shuffle_f32x4(x[q], x[4 + q], 0xDD);
    __m512 y2 = _mm512_shuffle_f32x4(x[8 + q], x[12 + q], 0x88);
    __m512 y3 = _mm512_shuffle_f32x4(x[8 + q], x[12 + q], 0xDD);
    r[q] = _mm512_shuffle_f32x4(y0, y2, 0x88);
    r[8 + q] = _mm512_shuffle_f32x4(y0, y2, 0xDD);
    r[4 + q] = _mm512_shuffle_f32x4(y1, y3, 0x88);
    r[12 + q] = _mm512_shuffle_f32x4(y1, y3, 0xDD);
  }
}

/// Packs op(B)[p0 ..< p0+kc][j0 ..< j0+nc] for a transposed B (op(B)[p][j] = b[j·ldb + p]):
/// each 16 × 16 block of stored rows is transposed in registers and written as 16 rows of a
/// strip. Columns past `nc` are zero; reads past kc are masked off.
__attribute__((target("avx512f"), noinline)) static void
pack_b_transposed(const float *b, long ldb, long p0, long kc, long j0, long nc,
                  float *restrict out) {
  for (long t = 0; t < nc; t += NR) {
    long cols = nc - t < NR ? nc - t : NR;
    float *strip = out + t * kc;
    for (long half = 0; half < NR; half += 16) {
      for (long pb = 0; pb < kc; pb += 16) {
        long depth = kc - pb < 16 ? kc - pb : 16;
        __mmask16 mask = depth == 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << depth) - 1);
        __m512 r[16];
        for (int c = 0; c < 16; c++) {
          const float *src = b + (j0 + t + half + c) * ldb + p0 + pb;
          // Sixteen rows are read side by side, a line of each at a time, which the hardware
          // prefetcher does not follow the way it follows one row read end to end: fetch the
          // line after next ourselves (measured: 145 → 180 GFLOP/s at 128 × 50257 × 128).
          _mm_prefetch((const char *)(src + 64), _MM_HINT_T0);
          r[c] = half + c >= cols ? _mm512_setzero_ps()
                 : depth == 16    ? _mm512_loadu_ps(src)
                                  : _mm512_maskz_loadu_ps(mask, src);
        }
        transpose16(r);
        for (long q = 0; q < depth; q++) _mm512_store_ps(strip + (pb + q) * NR + half, r[q]);
      }
    }
  }
}

/// Packs op(B)[p0 ..< p0+kc][j0 ..< j0+nc] for a row-major B as strips of NR columns: strip t
/// holds, for each p, the NR numbers op(B)[p0 + p][j0 + t·NR + c], zero past the last column.
__attribute__((noinline)) static void pack_b(const float *b, long ldb, long p0, long kc, long j0,
                                              long nc, float *restrict out) {
  for (long t = 0; t < nc; t += NR) {
    long cols = nc - t < NR ? nc - t : NR;
    float *strip = out + t * kc;
    for (long p = 0; p < kc; p++) {
      const float *src = b + (p0 + p) * ldb + j0 + t;
      float *dst = strip + p * NR;
      memcpy(dst, src, (size_t)cols * sizeof(float));
      if (cols < NR) memset(dst + cols, 0, (size_t)(NR - cols) * sizeof(float));
    }
  }
}

/// C[rows × cols] ← alpha · (A strip · B strip) + beta · C over kc steps (rows ≤ MR,
/// cols ≤ NR).
///
/// A's element (r, p) is at ap[r · a_row + p · a_step]: packed strips have a_row 1 and a_step
/// MR, rows read in place from a row-major matrix have a_row lda and a_step 1. Rows past `rows`
/// repeat the last row's reads (the results are not stored), so nothing is read out of bounds.
/// B's row p is at bp + p · b_step: NR for a packed strip, ldb for a row-major B read in place,
/// whose last strip (`b_edge`) is read through lane masks so nothing past column n is touched.
/// The flags are constants in each caller, so every variant compiles to its own straight loop.
__attribute__((target("avx512f"), always_inline)) static inline void
kernel_body(long kc, const float *restrict ap, long a_row, long a_step, const float *restrict bp,
            int packed_b, long b_step, int b_edge, int narrow, float *c, long ldc, long rows,
            long cols, float alpha, float beta) {
  const float *row[MR];
  for (int r = 0; r < MR; r++) row[r] = ap + (r < rows ? r : rows - 1) * a_row;
  __mmask16 m0 = cols >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << cols) - 1);
  __mmask16 m1 = cols >= 32   ? (__mmask16)0xFFFF
                 : cols > 16 ? (__mmask16)((1u << (cols - 16)) - 1)
                             : (__mmask16)0;
  __m512 acc[MR][2];
  for (int r = 0; r < MR; r++) {
    acc[r][0] = _mm512_setzero_ps();
    acc[r][1] = _mm512_setzero_ps();
  }
  // packed_b is a constant in every caller, never inferred from b_step: a row-major B with
  // exactly NR columns has b_step NR too, and its rows need not be 64-byte aligned.
  // `narrow` (a strip of at most 16 columns) does half the work: the second vector of B and
  // its twelve accumulators would only multiply zeros or columns nobody stores.
#define CK_LOAD_B(b0, b1)                                         \
  do {                                                            \
    b1 = _mm512_setzero_ps();                                     \
    if (packed_b) {                                               \
      b0 = _mm512_load_ps(bp);                                    \
      if (!narrow) b1 = _mm512_load_ps(bp + 16);                  \
    } else if (b_edge) {                                          \
      b0 = _mm512_maskz_loadu_ps(m0, bp);                         \
      if (!narrow) b1 = _mm512_maskz_loadu_ps(m1, bp + 16);       \
    } else {                                                      \
      b0 = _mm512_loadu_ps(bp);                                   \
      if (!narrow) b1 = _mm512_loadu_ps(bp + 16);                 \
    }                                                             \
  } while (0)
  if (a_row == 1 && a_step == MR) {
    // Packed: one pointer walks the strip (the general form below compiled to twelve).
    for (long p = 0; p < kc; p++) {
      __m512 b0, b1;
      CK_LOAD_B(b0, b1);
      for (int r = 0; r < MR; r++) {
        __m512 x = _mm512_set1_ps(ap[r]);
        acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
        if (!narrow) acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
      }
      ap += MR;
      bp += b_step;
    }
  } else {
    for (long p = 0; p < kc; p++) {
      __m512 b0, b1;
      CK_LOAD_B(b0, b1);
      for (int r = 0; r < MR; r++) {
        __m512 x = _mm512_set1_ps(row[r][p * a_step]);
        acc[r][0] = _mm512_fmadd_ps(x, b0, acc[r][0]);
        if (!narrow) acc[r][1] = _mm512_fmadd_ps(x, b1, acc[r][1]);
      }
      bp += b_step;
    }
  }
#undef CK_LOAD_B
  // Write-back: C ← alpha·acc + beta·C. beta is 1 for every block of k after the first; beta 0
  // stores without reading C, so a fresh output is never read (or cleared) beforehand, which
  // for a 700 × 10000 product saves two passes over 28 MB.
  __m512 scale = _mm512_set1_ps(alpha);
  __m512 keep = _mm512_set1_ps(beta);
  if (rows == MR && cols == NR) {
    // Whole tiles without masks: masked stores are slow on some AVX-512 processors (measured
    // on a Zen-class EPYC: NPLM inference lost a fifth with masked write-backs everywhere).
    for (int r = 0; r < MR; r++) {
      float *out = c + r * ldc;
      __m512 v0 = _mm512_mul_ps(scale, acc[r][0]);
      __m512 v1 = _mm512_mul_ps(scale, acc[r][1]);
      if (beta == 1) {
        v0 = _mm512_add_ps(v0, _mm512_loadu_ps(out));
        v1 = _mm512_add_ps(v1, _mm512_loadu_ps(out + 16));
      } else if (beta != 0) {
        v0 = _mm512_fmadd_ps(keep, _mm512_loadu_ps(out), v0);
        v1 = _mm512_fmadd_ps(keep, _mm512_loadu_ps(out + 16), v1);
      }
      _mm512_storeu_ps(out, v0);
      _mm512_storeu_ps(out + 16, v1);
    }
    return;
  }
  for (int r = 0; r < MR; r++) {
    if (r >= rows) break;
    float *out = c + r * ldc;
    __m512 v0 = _mm512_mul_ps(scale, acc[r][0]);
    __m512 v1 = _mm512_mul_ps(scale, acc[r][1]);
    if (beta == 1) {
      v0 = _mm512_add_ps(v0, _mm512_maskz_loadu_ps(m0, out));
      v1 = _mm512_add_ps(v1, _mm512_maskz_loadu_ps(m1, out + 16));
    } else if (beta != 0) {
      v0 = _mm512_fmadd_ps(keep, _mm512_maskz_loadu_ps(m0, out), v0);
      v1 = _mm512_fmadd_ps(keep, _mm512_maskz_loadu_ps(m1, out + 16), v1);
    }
    _mm512_mask_storeu_ps(out, m0, v0);
    _mm512_mask_storeu_ps(out + 16, m1, v1);
  }
}

/// The kernel's variants: A packed or read in place; B packed or read in place (whole strips,
/// the masked last strip); strips of 32 columns or narrow ones of at most 16.
#define CK_VARIANT(name, a_row_expr, a_step_expr, packed, b_step_expr, edge, narrow)          \
  __attribute__((target("avx512f"))) static void name(                                         \
      long kc, const float *a, long lda, const float *b, long ldb, float *c, long ldc,         \
      long rows, long cols, float alpha, float beta) {                                          \
    (void)lda, (void)ldb;                                                                       \
    kernel_body(kc, a, a_row_expr, a_step_expr, b, packed, b_step_expr, edge, narrow, c, ldc,  \
                rows, cols, alpha, beta);                                                       \
  }
CK_VARIANT(kernel_packed, 1, MR, 1, NR, 0, 0)
CK_VARIANT(kernel_rows, lda, 1, 1, NR, 0, 0)
CK_VARIANT(kernel_packed_narrow, 1, MR, 1, NR, 0, 1)
CK_VARIANT(kernel_rows_narrow, lda, 1, 1, NR, 0, 1)
CK_VARIANT(kernel_packed_direct, 1, MR, 0, ldb, 0, 0)
CK_VARIANT(kernel_rows_direct, lda, 1, 0, ldb, 0, 0)
CK_VARIANT(kernel_packed_direct_edge, 1, MR, 0, ldb, 1, 0)
CK_VARIANT(kernel_rows_direct_edge, lda, 1, 0, ldb, 1, 0)
CK_VARIANT(kernel_packed_direct_narrow, 1, MR, 0, ldb, 1, 1)
CK_VARIANT(kernel_rows_direct_narrow, lda, 1, 0, ldb, 1, 1)
#undef CK_VARIANT

typedef void (*kernel_fn)(long kc, const float *a, long lda, const float *b, long ldb, float *c,
                          long ldc, long rows, long cols, float alpha, float beta);
enum kernel_mode { PACKED, PACKED_NARROW, DIRECT, DIRECT_EDGE, DIRECT_NARROW };
/// [A transposed (so packed)][how B is read].
static const kernel_fn kernels[2][5] = {
    {kernel_rows, kernel_rows_narrow, kernel_rows_direct, kernel_rows_direct_edge,
     kernel_rows_direct_narrow},
    {kernel_packed, kernel_packed_narrow, kernel_packed_direct, kernel_packed_direct_edge,
     kernel_packed_direct_narrow},
};

struct scratch {
  void *memory;
  size_t size;
};

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static int scratch_key_ok;

static void scratch_release(void *value) {
  struct scratch *s = value;
  free(s->memory);
  free(s);
}

static void scratch_key_make(void) {
  scratch_key_ok = pthread_key_create(&scratch_key, scratch_release) == 0;
}

/// This thread's scratch memory, 64-byte aligned, grown to at least `size` bytes; freed when the
/// thread ends. NULL when memory is short.
static float *scratch(size_t size) {
  pthread_once(&scratch_once, scratch_key_make);
  if (!scratch_key_ok) return NULL;
  struct scratch *s = pthread_getspecific(scratch_key);
  if (!s) {
    s = calloc(1, sizeof *s);
    if (!s) return NULL;
    if (pthread_setspecific(scratch_key, s) != 0) {
      free(s);
      return NULL;
    }
  }
  if (s->size < size) {
    void *grown = aligned_alloc(64, size);
    if (!grown) return NULL;
    free(s->memory);
    s->memory = grown;
    s->size = size;
  }
  return s->memory;
}

/// C ← beta · C, with beta = 0 writing zeros (BLAS semantics: C is not read).
static void scale_c(long m, long n, float beta, float *c, long ldc) {
  if (beta == 1) return;
  for (long i = 0; i < m; i++) {
    float *row = c + i * ldc;
    if (beta == 0) {
      memset(row, 0, (size_t)n * sizeof(float));
    } else {
      for (long j = 0; j < n; j++) row[j] *= beta;
    }
  }
}

int cgemm_sgemm(int trans_a, int trans_b, long m, long n, long k, float alpha, const float *a,
                long lda, const float *b, long ldb, float beta, float *c, long ldc) {
  if (!cgemm_avx512_available()) return -1;
  if (m <= 0 || n <= 0) return 0;
  if (k <= 0 || alpha == 0) {
    scale_c(m, n, beta, c, ldc);
    return 0;
  }
  long nc_max = n < NC ? n : NC;
  long kc_max = k < KC ? k : KC;
  long mc_max = m < MC ? m : MC;
  size_t b_floats = (size_t)((nc_max + NR - 1) / NR * NR) * (size_t)kc_max;
  // A strips, plus 16 floats of slack for pack_a_transposed's last overlapping store.
  size_t a_floats = (size_t)((mc_max + MR - 1) / MR * MR) * (size_t)kc_max + 16;
  // One scratch buffer per thread, kept between calls: a fresh multi-megabyte allocation per
  // product would be handed back to the system and faulted in again every time.
  size_t b_bytes = (b_floats * sizeof(float) + 63) / 64 * 64;
  size_t a_bytes = (a_floats * sizeof(float) + 63) / 64 * 64;
  float *bp = scratch(b_bytes + a_bytes);
  if (!bp) return -1;
  float *ap = bp + b_bytes / sizeof(float);
  // A row-major B with short rows is read in place: each strip's 32 columns are already
  // contiguous, and copying them out (a memcpy per row) was 6% of an LSTM step. Long rows are
  // packed: a strip would then span one page per step along k.
  const int direct_b = !trans_b && ldb <= 4096;
  // With one block of rows (m ≤ MC) each packed strip is used once: pack it just before its
  // use, while it stays in L1, rather than a whole block of strips that then comes back from
  // L3 (the NPLM's 128-row products: packing U and W went from 11% to 9.5% of a step, and
  // NPLM training at V = 10000 from 6,712 to 6,899 tokens/s).
  const int pack_per_strip = !direct_b && m <= MC;
  for (long j0 = 0; j0 < n; j0 += NC) {
    long nc = n - j0 < NC ? n - j0 : NC;
    for (long p0 = 0; p0 < k; p0 += KC) {
      long kc = k - p0 < KC ? k - p0 : KC;
      // The first block along k applies the caller's beta; later ones add to it.
      float block_beta = p0 == 0 ? beta : 1;
      if (!direct_b && !pack_per_strip) {
        if (trans_b) {
          pack_b_transposed(b, ldb, p0, kc, j0, nc, bp);
        } else {
          pack_b(b, ldb, p0, kc, j0, nc, bp);
        }
      }
      for (long i0 = 0; i0 < m; i0 += MC) {
        long mc = m - i0 < MC ? m - i0 : MC;
        // A row-major A is read where it is: its rows are already contiguous along k, and
        // packing them (a transpose into strips) cost as much as a tenth of the product. A
        // transposed A is packed, since reading it in place would step a whole row per k.
        if (trans_a) pack_a_transposed(a, lda, i0, mc, p0, kc, ap);
        for (long t = 0; t < nc; t += NR) {
          long cols = nc - t < NR ? nc - t : NR;
          const float *strip = bp + t * kc;
          if (pack_per_strip) {
            strip = bp;
            if (trans_b) {
              pack_b_transposed(b, ldb, p0, kc, j0 + t, cols, bp);
            } else {
              pack_b(b, ldb, p0, kc, j0 + t, cols, bp);
            }
          }
          // One variant per strip: how B is read (packed, or in place: whole, masked edge) and
          // whether the strip is narrow; A packed when transposed, in place otherwise.
          enum kernel_mode mode =
              direct_b ? (cols <= 16 ? DIRECT_NARROW : cols == NR ? DIRECT : DIRECT_EDGE)
                       : (cols <= 16 ? PACKED_NARROW : PACKED);
          kernel_fn kernel = kernels[trans_a ? 1 : 0][mode];
          const float *bs = direct_b ? b + p0 * ldb + j0 + t : strip;
          long b_stride = direct_b ? ldb : NR;
          for (long s = 0; s < mc; s += MR) {
            long rows = mc - s < MR ? mc - s : MR;
            float *tile = c + (i0 + s) * ldc + j0 + t;
            const float *as = trans_a ? ap + s * kc : a + (i0 + s) * lda + p0;
            kernel(kc, as, lda, bs, b_stride, tile, ldc, rows, cols, alpha, block_beta);
          }
        }
      }
    }
  }
  return 0;
}

#else

int cgemm_avx512_available(void) { return 0; }

int cgemm_sgemm(int trans_a, int trans_b, long m, long n, long k, float alpha, const float *a,
                long lda, const float *b, long ldb, float beta, float *c, long ldc) {
  (void)trans_a, (void)trans_b, (void)m, (void)n, (void)k, (void)alpha, (void)a, (void)lda;
  (void)b, (void)ldb, (void)beta, (void)c, (void)ldc;
  return -1;
}

#endif
