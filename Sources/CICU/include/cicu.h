/*
 * CICU: the only C in Gazette, a thin shim over the system's libicu.
 *
 * ICU's C API is renamed by version macros (ubrk_open -> ubrk_open_72) that
 * Swift cannot import, and the toolchain's Foundation carries its own ICU
 * whose headers must never meet the system's in one Swift module. So this
 * header exposes only opaque handles, fixed-width integers and status codes;
 * shim.c is the one file that includes <unicode/...>.
 *
 * Status codes are ICU's UErrorCode values: 0 is success, negative values are
 * warnings, positive values are errors. cicu_error_name() names them.
 * None of the handles is thread-safe: open one per worker.
 */
#ifndef CICU_H
#define CICU_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---- Break iteration over UTF-8 text (offsets are UTF-8 byte offsets) ---- */

typedef struct cicu_breaker cicu_breaker;

enum {
    CICU_BREAK_WORD = 0,
    CICU_BREAK_SENTENCE = 1
};

/* Opens a word or sentence break iterator for `locale` (e.g. "en", "en@ss=standard"). */
cicu_breaker *cicu_breaker_open(int32_t kind, const char *locale, int32_t *status);
void cicu_breaker_close(cicu_breaker *breaker);
/* Points the iterator at `len` bytes of UTF-8. The bytes must outlive the iteration. */
void cicu_breaker_set_utf8(cicu_breaker *breaker, const uint8_t *text, int64_t len, int32_t *status);
/* The next boundary as a byte offset, or -1 at the end. */
int32_t cicu_breaker_next(cicu_breaker *breaker);
/* The rule status of the boundary last returned (word: 0-99 none, 100-199 number,
   200-299 letter, 300-399 kana, 400-499 ideographic). */
int32_t cicu_breaker_rule_status(const cicu_breaker *breaker);

/* ---- Character properties ---- */

/* The Unicode Word_Break property value of code point `c` as ICU's UWordBreakValues
   (0 other, 1 ALetter, 2 Format, 3 Katakana, 4 MidLetter, 5 MidNum, 6 Numeric,
   7 ExtendNumLet, 8 CR, 9 Extend, 10 LF, 11 MidNumLet, 12 Newline, ...). */
int32_t cicu_word_break(int32_t c);
/* 1 when `c` has the Extended_Pictographic property, else 0. */
int32_t cicu_is_extended_pictographic(int32_t c);

/* ---- Folding ---- */

/* Writes the matching key of `len` bytes of UTF-8 into `out`: case folded,
   compatibility decomposed, Latin diacritics removed (Szijjártó -> szijjarto),
   Cyrillic letters with their own identity kept (й, ї, ў stay; ё -> е),
   apostrophes unified to U+0027, double quotes (“ ” „ « ») to U+0022
   and dashes to U+002D.
   Returns the number of bytes needed; if that exceeds `cap` nothing useful was
   written and the call should be repeated with a larger buffer. */
int32_t cicu_fold_utf8(const uint8_t *in, int32_t len, uint8_t *out, int32_t cap, int32_t *status);

/* ---- Transliteration ---- */

typedef struct cicu_translit cicu_translit;

/* Opens a built-in transform by id ("Ukrainian-Latin/BGN", "Any-Latin", ...), or,
   when `rules` is non-NULL, compiles `rules_len` bytes of UTF-8 ICU transform
   rules under the name `id`. On a rule syntax error `*error_line` and
   `*error_offset` say where (1-based line). */
cicu_translit *cicu_translit_open(const char *id, const uint8_t *rules, int32_t rules_len,
                                  int32_t *error_line, int32_t *error_offset, int32_t *status);
void cicu_translit_close(cicu_translit *translit);
/* Transliterates UTF-8 into `out`; returns the bytes needed (see cicu_fold_utf8). */
int32_t cicu_translit_utf8(cicu_translit *translit, const uint8_t *in, int32_t len,
                           uint8_t *out, int32_t cap, int32_t *status);

/* ---- Status ---- */

const char *cicu_error_name(int32_t status);
/* The ICU version string, e.g. "72.1". */
const char *cicu_version(void);

/* Caps glibc's malloc arenas at `arenas` (a no-op elsewhere); call it before
 * other threads start. Returns 1 when the setting was applied. */
int cicu_cap_malloc_arenas(int arenas);

#ifdef __cplusplus
}
#endif
#endif
