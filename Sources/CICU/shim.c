/* The one file in Gazette that includes ICU headers. See include/cicu.h. */
#include "cicu.h"

#include <stdlib.h>
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>
#include <unicode/uversion.h>
#include <unicode/uscript.h>
#include <unicode/utf16.h>

struct cicu_breaker {
    UBreakIterator *bi;
    UText text;
};

cicu_breaker *cicu_breaker_open(int32_t kind, const char *locale, int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(kind == CICU_BREAK_SENTENCE ? UBRK_SENTENCE : UBRK_WORD,
                                   locale, NULL, 0, &st);
    *status = st;
    if (U_FAILURE(st)) return NULL;
    cicu_breaker *b = calloc(1, sizeof(cicu_breaker));
    if (!b) { ubrk_close(bi); *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    UText init = UTEXT_INITIALIZER;
    b->text = init;
    b->bi = bi;
    return b;
}

void cicu_breaker_close(cicu_breaker *b) {
    if (!b) return;
    ubrk_close(b->bi);
    utext_close(&b->text);
    free(b);
}

void cicu_breaker_set_utf8(cicu_breaker *b, const uint8_t *text, int64_t len, int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    static const char empty[1] = {0};
    utext_openUTF8(&b->text, text ? (const char *)text : empty, text ? len : 0, &st);
    if (U_SUCCESS(st)) ubrk_setUText(b->bi, &b->text, &st);
    *status = st;
}

int32_t cicu_breaker_next(cicu_breaker *b) {
    int32_t r = ubrk_next(b->bi);
    return r == UBRK_DONE ? -1 : r;
}

int32_t cicu_breaker_rule_status(const cicu_breaker *b) {
    return ubrk_getRuleStatus(b->bi);
}

/* ---- folding ---- */

static int is_cyrillic(UChar32 c) { return c >= 0x0400 && c <= 0x052F; }

static UChar32 fold_punct(UChar32 c) {
    switch (c) {
    case 0x2019: case 0x2018: case 0x02BC: case 0x0060: case 0x00B4: case 0x02B9: case 0x2032:
        return 0x27;
    case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB: case 0x2033:
        return 0x22;
    case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
        return 0x2D;
    default:
        return c;
    }
}

int32_t cicu_word_break(int32_t c) {
    return u_getIntPropertyValue((UChar32)c, UCHAR_WORD_BREAK);
}

int32_t cicu_is_extended_pictographic(int32_t c) {
    return u_hasBinaryProperty((UChar32)c, UCHAR_EXTENDED_PICTOGRAPHIC) ? 1 : 0;
}

#define FOLD_STACK 256

int32_t cicu_fold_utf8(const uint8_t *in, int32_t len, uint8_t *out, int32_t cap, int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    UChar s1[FOLD_STACK], s2[FOLD_STACK];
    UChar *a = s1, *b = s2;
    int32_t room = FOLD_STACK;
    int32_t result = 0;
    /* Case folding and NFKD can grow text; 4x the input plus slack is ample. */
    if (len * 4 + 8 > FOLD_STACK) {
        room = len * 4 + 8;
        a = malloc(sizeof(UChar) * room);
        b = malloc(sizeof(UChar) * room);
        if (!a || !b) { free(a); free(b); *status = U_MEMORY_ALLOCATION_ERROR; return 0; }
    }
    int32_t n = 0;
    u_strFromUTF8WithSub(a, room, &n, (const char *)in, len, 0xFFFD, NULL, &st);
    if (U_FAILURE(st)) goto done;
    n = u_strFoldCase(b, room, a, n, U_FOLD_CASE_DEFAULT, &st);
    if (U_FAILURE(st)) goto done;
    const UNormalizer2 *nfkd = unorm2_getNFKDInstance(&st);
    if (U_FAILURE(st)) goto done;
    n = unorm2_normalize(nfkd, b, n, a, room, &st);
    if (U_FAILURE(st)) goto done;
    /* Drop combining marks on non-Cyrillic bases; on Cyrillic bases keep the
       marks that make a letter of its own (й ї ў), drop diaeresis on е (ё)
       and stress accents. */
    int32_t j = 0, i = 0, any_cyrillic = 0;
    UChar32 base = 0;
    while (i < n) {
        UChar32 c;
        U16_NEXT(a, i, n, c);
        if (u_charType(c) == U_NON_SPACING_MARK) {
            if (!is_cyrillic(base)) continue;
            if (c == 0x0301 || c == 0x0300) continue;
            if (c == 0x0308 && base == 0x0435) continue;
        } else {
            c = fold_punct(c);
            base = c;
            if (is_cyrillic(c)) any_cyrillic = 1;
        }
        U16_APPEND_UNSAFE(b, j, c);
    }
    n = j;
    UChar *src = b;
    if (any_cyrillic) {
        const UNormalizer2 *nfc = unorm2_getNFCInstance(&st);
        if (U_FAILURE(st)) goto done;
        n = unorm2_normalize(nfc, b, n, a, room, &st);
        if (U_FAILURE(st)) goto done;
        src = a;
    }
    u_strToUTF8((char *)out, cap, &result, src, n, &st);
    if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING) st = U_ZERO_ERROR;
done:
    if (a != s1) free(a);
    if (b != s2) free(b);
    *status = st;
    return result;
}

/* ---- transliteration ---- */

struct cicu_translit {
    UTransliterator *t;
};

cicu_translit *cicu_translit_open(const char *id, const uint8_t *rules, int32_t rules_len,
                                  int32_t *error_line, int32_t *error_offset, int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    UParseError pe;
    memset(&pe, 0, sizeof pe);
    UChar idbuf[128];
    u_strFromUTF8(idbuf, 128, NULL, id, -1, &st);
    if (U_FAILURE(st)) { *status = st; return NULL; }
    UTransliterator *t = NULL;
    if (rules) {
        int32_t ulen = 0;
        u_strFromUTF8(NULL, 0, &ulen, (const char *)rules, rules_len, &st);
        st = U_ZERO_ERROR;
        UChar *u = malloc(sizeof(UChar) * (ulen + 1));
        if (!u) { *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
        u_strFromUTF8WithSub(u, ulen + 1, &ulen, (const char *)rules, rules_len, 0xFFFD, NULL, &st);
        if (U_SUCCESS(st)) t = utrans_openU(idbuf, -1, UTRANS_FORWARD, u, ulen, &pe, &st);
        free(u);
    } else {
        t = utrans_openU(idbuf, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
    }
    if (error_line) *error_line = pe.line;
    if (error_offset) *error_offset = pe.offset;
    *status = st;
    if (U_FAILURE(st)) { if (t) utrans_close(t); return NULL; }
    cicu_translit *r = malloc(sizeof(cicu_translit));
    if (!r) { utrans_close(t); *status = U_MEMORY_ALLOCATION_ERROR; return NULL; }
    r->t = t;
    return r;
}

void cicu_translit_close(cicu_translit *tr) {
    if (!tr) return;
    utrans_close(tr->t);
    free(tr);
}

int32_t cicu_translit_utf8(cicu_translit *tr, const uint8_t *in, int32_t len,
                           uint8_t *out, int32_t cap, int32_t *status) {
    UErrorCode st = U_ZERO_ERROR;
    int32_t n = 0;
    u_strFromUTF8(NULL, 0, &n, (const char *)in, len, &st);
    st = U_ZERO_ERROR;
    /* Transliteration can grow text (щ -> shch): leave generous room. */
    int32_t room = n * 6 + 16;
    UChar *u = malloc(sizeof(UChar) * room);
    if (!u) { *status = U_MEMORY_ALLOCATION_ERROR; return 0; }
    u_strFromUTF8WithSub(u, room, &n, (const char *)in, len, 0xFFFD, NULL, &st);
    int32_t limit = n, result = 0;
    if (U_SUCCESS(st)) utrans_transUChars(tr->t, u, &n, room, 0, &limit, &st);
    if (U_SUCCESS(st)) {
        u_strToUTF8((char *)out, cap, &result, u, n, &st);
        if (st == U_BUFFER_OVERFLOW_ERROR || st == U_STRING_NOT_TERMINATED_WARNING) st = U_ZERO_ERROR;
    }
    free(u);
    *status = st;
    return result;
}

const char *cicu_error_name(int32_t status) { return u_errorName((UErrorCode)status); }

const char *cicu_version(void) {
    static char buf[U_MAX_VERSION_STRING_LENGTH];
    UVersionInfo v;
    u_getVersion(v);
    u_versionToString(v, buf);
    return buf;
}

int cicu_cap_malloc_arenas(int arenas) {
#ifdef __GLIBC__
    return mallopt(M_ARENA_MAX, arenas);
#else
    (void)arenas;
    return 0;
#endif
}
