/*
 * The hot loop of the table reader, compiled to WebAssembly (see build.mjs next to this file):
 * split unquoted CSV/TSV records into the projected fields' byte ranges and read number columns
 * while splitting (DelimitedParser in ../table/csv.ts hands it every unquoted record after the
 * header). Its number reading mirrors scanDecimal in ../bytes.ts, which reads the numbers of all
 * other records, with the same results: the tests compare both on every table.
 * No libc: plain loops and IEEE double arithmetic (built with -ffp-contract=off: the exact decimal
 * conversion relies on each operation being rounded on its own).
 */
typedef unsigned char u8;
typedef unsigned int u32;
typedef unsigned long long u64;

#define NOT_NUMERIC (-2)

static const double POW10[23] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};


/* The 8 bytes at p as a number 0..99999999 when all are ASCII digits (first = most significant),
 * else -1: the digits' values in each byte, then pairs, fours and eights combined by shifts. */
static int eight_digits(const u8 *p) {
  u64 v;
  __builtin_memcpy(&v, p, 8); /* little endian: the first digit in the lowest byte */
  if ((v & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL) return -1;
  if (((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) != 0x3030303030303030ULL) return -1;
  v -= 0x3030303030303030ULL;
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;    /* 10 d0 + d1, 10 d2 + d3, ... in 16-bit lanes */
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;  /* four digits in each 32-bit half */
  return (int)(u32)(v * 10000 + (v >> 32));            /* eight digits */
}

/* Per byte of the 8 bytes at p (little endian: buf[p] in the lowest byte), nonzero high nibble where
 * the byte is not an ASCII digit. (b & 0xF0) == 0x30 and ((b + 6) & 0xF0) == 0x30 hold exactly for the
 * digits; b + 6 carries into the next byte only for b >= 0xFA, which valid UTF-8 never holds. */
static const u32 POW10_INT[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};

static u64 non_digits(u64 v) {
  return ((v & 0xF0F0F0F0F0F0F0F0ULL) ^ 0x3030303030303030ULL) |
         (((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) ^ 0x3030303030303030ULL);
}

/* The length (0..8) of the run of digits at the start of the 8 bytes v, and their value in *out. */
static int digit_run(u64 v, u32 *out) {
  u64 nd = non_digits(v);
  int n = nd ? __builtin_ctzll(nd) >> 3 : 8;
  if (n == 0) {
    *out = 0;
    return 0;
  }
  /* the n digits as the low end of an eight-digit number: '0's shifted in above (first = most significant) */
  if (n < 8) v = (v << (8 * (8 - n))) | (0x3030303030303030ULL >> (8 * n));
  v -= 0x3030303030303030ULL;
  v = (v * 10 + (v >> 8)) & 0x00FF00FF00FF00FFULL;
  v = (v * 100 + (v >> 16)) & 0x0000FFFF0000FFFFULL;
  *out = (u32)(v * 10000 + (v >> 32));
  return n;
}

static int scan_decimal_general(const u8 *buf, int s, int e, double *out);

/*
 * scanDecimal: the end of the number that starts at buf[s] (not past e), value in *out; -1 if none.
 * Fast path for the common short form [+-]digits[.digits], at most 8 digits on each side of the point
 * and no exponent: each run of digits is read eight bytes at a time (digit_run), and the value is the
 * integer of all its digits divided by 10^(fraction digits), as in the general path (the same exact
 * integer below 2^53 and one correctly rounded division). Reads up to 8 bytes past e: the caller keeps
 * that memory (its contents do not matter: the runs are cut at e). Anything else: the general path.
 */
static int scan_decimal(const u8 *buf, int s, int e, double *out) {
  int i = s;
  if (i + 18 > e) return scan_decimal_general(buf, s, e, out); /* near the end: no over-reads to reason about */
  int c = buf[i];
  int neg = c == 45;
  if (c == 45 || c == 43) i++;
  u64 v;
  __builtin_memcpy(&v, buf + i, 8);
  u32 ip, fp = 0;
  int n1 = digit_run(v, &ip);
  if (n1 == 8) return scan_decimal_general(buf, s, e, out);
  i += n1;
  int n2 = 0;
  if (buf[i] == 46) {
    i++;
    __builtin_memcpy(&v, buf + i, 8);
    n2 = digit_run(v, &fp);
    if (n2 == 8) return scan_decimal_general(buf, s, e, out);
    i += n2;
  }
  c = buf[i];
  if (n1 + n2 == 0) return -1; /* no digit: not a number (as the general path finds) */
  if (c == 46 || c == 101 || c == 69) return scan_decimal_general(buf, s, e, out);
  u64 m = (u64)ip * POW10_INT[n2] + fp; /* below 10^14: exact */
  if (m == 0) {
    *out = neg ? -0.0 : 0.0;
    return i;
  }
  double x = (double)m / POW10[n2];
  *out = neg ? -x : x;
  return i;
}

/* The general reader (mirrors scanDecimal in ../bytes.ts). */
static int scan_decimal_general(const u8 *buf, int s, int e, double *out) {
  int i = s;
  if (i >= e) return -1;
  int c = buf[i];
  int neg = 0;
  if (c == 45 || c == 43) {
    neg = c == 45;
    if (++i >= e) return -1;
    c = buf[i];
  }
  u32 hi = 0;
  u64 lo = 0;
  int nhi = 0, nlo = 0, digits = 0, frac = 0, in_frac = 0;
  while (c == 48) {
    digits++;
    if (++i >= e) break;
    c = buf[i];
  }
  while (i < e) {
    c = buf[i];
    if (c == 46 && !in_frac) {
      in_frac = 1;
      i++;
      if (nhi == 0) {
        while (i < e && buf[i] == 48) {
          digits++;
          frac++;
          i++;
        }
      }
      continue;
    }
    /* eight digits at once: the first eight significant ones into hi, the next eight into lo */
    if (i + 8 <= e && (nhi == 0 || (nhi == 8 && nlo == 0))) {
      int q = eight_digits(buf + i);
      if (q >= 0) {
        if (nhi == 0) {
          hi = (u32)q;
          nhi = 8;
        } else {
          lo = (u64)q;
          nlo = 8;
        }
        digits += 8;
        if (in_frac) frac += 8;
        i += 8;
        continue;
      }
    }
    int d = c - 48;
    if (d < 0 || d > 9) break;
    if (nhi < 8) {
      hi = hi * 10 + (u32)d;
      nhi++;
    } else {
      lo = lo * 10 + (u64)d;
      nlo++;
    }
    digits++;
    if (in_frac) frac++;
    i++;
  }
  if (digits == 0) return -1;
  int exp = 0;
  if (i < e && (c == 101 || c == 69)) {
    if (++i >= e) return -1;
    c = buf[i];
    int eneg = 0;
    if (c == 45 || c == 43) {
      eneg = c == 45;
      if (++i >= e) return -1;
    }
    int first = i;
    for (; i < e; i++) {
      int d = buf[i] - 48;
      if (d < 0 || d > 9) break;
      if (exp < 100000) exp = exp * 10 + d;
    }
    if (i == first) return -1;
    if (eneg) exp = -exp;
  }
  if (hi == 0) {
    *out = neg ? -0.0 : 0.0;
    return i;
  }
  if (nlo > 9) return -1;
  double P = (double)hi * POW10[nlo];
  double a = P + (double)lo;
  int k = frac - exp;
  if (a < 9007199254740992.0) {
    if (k >= 0) {
      if (k <= 22) {
        double v = a / POW10[k];
        *out = neg ? -v : v;
        return i;
      }
    } else if (k >= -22) {
      double v = a * POW10[-k];
      *out = neg ? -v : v;
      return i;
    }
    return -1;
  }
  if (k <= 0 || k > 22) return -1;
  double b = (double)lo - (a - P);
  double p10 = POW10[k];
  double q = a / p10;
  double ph = q * p10;
  double t = 134217729.0 * q;
  double qh = t - (t - q);
  double ql = q - qh;
  t = 134217729.0 * p10;
  double pH = t - (t - p10);
  double pL = p10 - pH;
  double err = qh * pH - ph + qh * pL + ql * pH + ql * pL;
  double d1 = a - ph;
  double d2 = d1 - err;
  double d3 = d2 + b;
  double delta = d3 / p10;
  double tol = 8.881784197001252e-16 * (__builtin_fabs(delta) + (__builtin_fabs(d2) + __builtin_fabs(d3)) / p10);
  double r1 = q + (delta - tol);
  double r2 = q + (delta + tol);
  if (r1 != r2) return -1;
  *out = neg ? -r1 : r1;
  return i;
}

/*
 * Text ids: a field of 1 to 7 bytes that is not written as a number gets an id, the same for the same
 * bytes in the same projected column (its slot in an open-addressing table of ID_SLOTS entries + 1),
 * so that a consumer can count repeated values without looking at their bytes. 0: no id (the table
 * holds ID_MAX values). An entry: the bytes (little endian, zero above the value) with the length in
 * the top byte, then the column + 1 (0: empty). The table lives as long as the scanner (one file).
 */
#define ID_SLOTS (1 << 16)
#define ID_MAX (1 << 15)

static int text_id(const u8 *p, int n, int k, u64 *tab, int *used) {
  u64 key;
  __builtin_memcpy(&key, p, 8);
  key = (key & ((1ULL << (8 * n)) - 1)) | ((u64)n << 56);
  u64 col = (u64)k + 1;
  u32 h = (u32)(((key ^ (col * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL) >> 48);
  for (;;) {
    u64 *e = tab + 2 * h;
    if (e[1] == 0) {
      if (*used >= ID_MAX) return 0;
      e[0] = key;
      e[1] = col;
      (*used)++;
      return (int)h + 1;
    }
    if (e[0] == key && e[1] == col) return (int)h + 1;
    h = (h + 1) & (ID_SLOTS - 1);
  }
}

/* Per byte of v, the high bit set at the first byte equal to 0 (and possibly above it, never below). */
static u64 zero_bytes(u64 v) { return (v - 0x0101010101010101ULL) & ~v & 0x8080808080808080ULL; }

/* state: [0] records in the batch (in/out), [1] line (in/out), [2] status out (0 = stopped at the end
 * or at an incomplete record, 1 = the batch is full, 2 = a record with state[3] fields (ragged) on
 * line state[1]), [3] fields, [4] text ids given (in/out; see text_id). Returns the offset of the first
 * record not consumed. Offsets written to starts/ends have `base` added. `last`: the range ends the
 * input (a record without a line end counts). `ids` (0: none) gets each projected field's text id where
 * the field is not a number (`values` NaN), from the table `idtab`; other entries are left as they were. */
__attribute__((export_name("scan"))) int scan(const u8 *buf, int len, int last, int delim, int ncols, const int *slot,
                                              const u8 *numeric, int w, int cap, int base, int *starts, int *ends,
                                              double *values, int *lines, int *state, int *ids, u64 *idtab) {
  int r = state[0];
  int line = state[1];
  int pos = 0;
  state[2] = 0;
  double val = 0;
  u64 dmask = 0x0101010101010101ULL * (u64)(u8)delim;
  while (pos < len) {
    int f = 0, s = pos, j = pos, t = NOT_NUMERIC;
    int o = r * w;
    for (;;) {
      t = NOT_NUMERIC;
      if (f < ncols && numeric[f]) {
        t = scan_decimal(buf, j, len, &val);
        if (t > j) j = t;
      }
      int c = 0;
      if (j + 8 <= len && !(j < len && ((c = buf[j]) == delim || c == 10))) {
        /* the delimiter or line end within the next 8 bytes, found at once (fields are short) */
        u64 v;
        __builtin_memcpy(&v, buf + j, 8);
        u64 m = zero_bytes(v ^ dmask) | zero_bytes(v ^ 0x0A0A0A0A0A0A0A0AULL);
        if (m) {
          j += __builtin_ctzll(m) >> 3;
          c = buf[j];
        } else {
          j += 8;
          while (j < len && (c = buf[j]) != delim && c != 10) j++;
        }
      } else
        while (j < len && (c = buf[j]) != delim && c != 10) j++;
      if (j >= len || c == 10) break;
      if (f < ncols) {
        int k = slot[f];
        if (k >= 0) {
          starts[o + k] = base + s;
          ends[o + k] = base + j;
          if (t != NOT_NUMERIC) values[o + k] = t == j ? val : __builtin_nan("");
          if (ids && t != j) ids[o + k] = j - s >= 1 && j - s <= 7 && s + 8 <= len ? text_id(buf + s, j - s, k, idtab, state + 4) : 0;
        }
      }
      f++;
      s = ++j;
    }
    if (j == len && !last) break;
    int e = j > s && buf[j - 1] == 13 ? j - 1 : j;
    if (f > 0 || e > pos) {
      if (f + 1 != ncols) {
        state[2] = 2;
        state[3] = f + 1;
        break;
      }
      int k = slot[f];
      if (k >= 0) {
        starts[o + k] = base + s;
        ends[o + k] = base + e;
        if (t != NOT_NUMERIC) values[o + k] = t == e ? val : __builtin_nan("");
        if (ids && t != e) ids[o + k] = e - s >= 1 && e - s <= 7 && s + 8 <= len ? text_id(buf + s, e - s, k, idtab, state + 4) : 0;
      }
      lines[r] = line;
      r++;
      if (r == cap) {
        line++;
        pos = j < len ? j + 1 : len;
        state[2] = 1;
        break;
      }
    }
    line++;
    pos = j < len ? j + 1 : len;
  }
  state[0] = r;
  state[1] = line;
  return pos;
}
