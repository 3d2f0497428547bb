/*
 * dataset_schema._core.accel._native: the optional native fast path of check and check_batch.
 *
 * A Checker wraps one schema's pure generated function (codegen.py) and answers
 * "valid" (None) itself only for a record of the exact common shape, which it tests
 * without ever running Python code:
 *
 *   - an exact dict whose keys are all exact str, holding exactly the declared fields
 *     plus "timestamp" and "context" (len(record) == fields + 2, every key one of them);
 *   - "timestamp": an exact str matching the RFC 3339 grammar and calendar of
 *     _core/timestamp.py (ASCII only; anything else is a doubt);
 *   - "context": an exact dict, empty or flat: exact-str keys, values None, True,
 *     False, exact str, finite exact float, exact int within int64 (strings without
 *     surrogates);
 *   - each declared field by codegen.py's template: string an exact str; number a
 *     finite exact float or an exact int (within int64 here, a subset of the pure
 *     bounds); boolean True or False; timestamp as "timestamp" above.
 *
 * On any doubt it calls the pure function with the same arguments and returns its
 * answer unchanged, so it can only differ from the pure path by accepting something
 * the pure path rejects; tests/core/test_native.py shows it never does.
 *
 * Memory safety: only exact types are examined (their layout is known, no method of a
 * subclass can run); the record is read with PyDict_Next (on CPython 3.11 and 3.12,
 * straight from its entry table, see Entries) and its keys matched against
 * the checker's own table (see Checker), a key only once it is known to be an exact
 * str, whose hash and text are read in C: no key's __eq__ or __hash__ ever runs, and
 * no dict lookup is made.  Nothing here calls back into Python until the pure
 * function, and no borrowed reference is kept across that call.  The GIL is held
 * throughout, so another thread cannot mutate a record mid-check.
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/*
 * CPython 3.11 and 3.12 keep a dict of exact-str keys in one array of (key, value)
 * entries, in insertion order, a removed entry's value NULL, after the index table of
 * the keys object.  The Checker reads that array in place (Entries below): a call of
 * PyDict_Next per entry was a third of a record's check.  The layout is a copy of
 * Include/internal/pycore_dict.h, the same in 3.11 and 3.12 (the module's file name
 * carries the interpreter version it was built for), checked again on live dicts when
 * the module loads (entries_layout_ok); other versions, split tables and dicts of other
 * keys go through PyDict_Next.
 */
#if PY_VERSION_HEX >= 0x030B0000 && PY_VERSION_HEX < 0x030D0000
#define DICT_ENTRIES_IN_PLACE 1
typedef struct {
    Py_ssize_t dk_refcnt;
    uint8_t dk_log2_size;
    uint8_t dk_log2_index_bytes;
    uint8_t dk_kind;  /* 1: DICT_KEYS_UNICODE, every key an exact str, combined or not */
    uint32_t dk_version;
    Py_ssize_t dk_usable;
    Py_ssize_t dk_nentries;
    char dk_indices[];  /* 1 << dk_log2_index_bytes bytes, then the entries */
} KeysLayout;
typedef struct {
    PyObject *me_key;
    PyObject *me_value;
} StrEntry;
#define KEYS_OF_STR 1
static int entries_in_place;  /* set by native_exec when entries_layout_ok() */
#endif

#if PY_VERSION_HEX >= 0x030C0000
#define STR_READY(op) 1  /* every str is ready since 3.12 */
#else
#define STR_READY(op) PyUnicode_IS_READY(op)
#endif

enum { KIND_STRING = 0, KIND_NUMBER = 1, KIND_BOOLEAN = 2, KIND_TIMESTAMP = 3, KIND_CONTEXT = 4 };

/*
 * The keys a record must hold are "slots": 0 is "timestamp", 1 "context", 2 + i the
 * declared field i.  A record is read in one pass over its entries (Entries): each key
 * is found in a small open-addressing table of the slots' texts by its hash, and its
 * value put in ``values[slot]``; the values are then tested kind by kind (``by_kind``).  A dict's keys are distinct, distinct texts fill
 * distinct slots, so a record of exactly len(slots) entries whose every key has a slot
 * holds every slot once.  ``seen[s]`` keeps the last key object that matched slot s
 * (a strong reference), so keys shared between records (a decoder's key cache, interned
 * literals) match by identity without comparing text.  ``order[j]`` is the slot the j-th
 * entry of the last record filled: records of a batch list their keys in the same order,
 * so the j-th key is first compared (by identity) with ``seen[order[j]]``, which skips
 * its hash and the table probe; any other key is looked up by find_slot.
 */
typedef struct {
    PyObject_HEAD
    PyObject *pure;      /* the pure function: called with the arguments on any doubt */
    PyObject *names;     /* tuple of exact str: the declared fields, in schema order */
    Py_ssize_t count;    /* len(names) */
    Py_ssize_t slots;    /* count + 2 */
    unsigned char *kinds;  /* one KIND_* per slot */
    PyObject **texts;    /* per slot: the key's text (borrowed from names or the module) */
    Py_hash_t *hashes;   /* per slot: hash(texts[s]) */
    PyObject **seen;     /* per slot: the last key that matched (strong) or NULL */
    Py_ssize_t *order;   /* per entry position j < slots: the slot the last record's j-th key filled */
    PyObject **values;   /* per slot: the value of the record being checked (borrowed, during a check only) */
    Py_ssize_t *by_kind; /* the declared fields' slots: strings, numbers, booleans, then timestamps */
    Py_ssize_t kind_end[4];  /* where each kind's run in by_kind ends */
    Py_ssize_t *table;   /* open addressing: slot + 1, or 0 for empty */
    size_t mask;         /* table size - 1 (a power of two, at least twice the slots) */
    int batch;           /* 0: check(record); 1: check_batch(records) */
    PyObject *dict;      /* instance __dict__: __doc__, __qualname__, __name__ ... */
    vectorcallfunc vectorcall;
} Checker;

static PyObject *str_timestamp;  /* "timestamp", interned */
static PyObject *str_context;    /* "context", interned */

/* -- the RFC 3339 date-time, exactly as timestamp.py's regular expression ---------------- */

/*
 * Eight bytes at a time ("SWAR"): a word is loaded with memcpy and every constant it is
 * compared with is loaded the same way from its bytes, so nothing depends on the byte
 * order.  A byte b is an ASCII digit when (b & 0xF0) == 0x30 and ((b + 6) & 0xF0) == 0x30;
 * once the first holds for every digit byte (each at most 0x3F), adding 6 to each of them
 * carries into no other byte, so the second is exact per byte too.
 */
static uint64_t load8(const Py_UCS1 *s)
{
    uint64_t word;
    memcpy(&word, s, 8);
    return word;
}

#define BYTES8(a, b, c, d, e, f, g, h) ((const Py_UCS1[8]){a, b, c, d, e, f, g, h})
#define HIGH_NIBBLES 0xF0F0F0F0F0F0F0F0ULL  /* the same bytes in either order */

/* Every byte of word under mask (0xFF or 0x00 per byte) is an ASCII digit. */
static int digits8(uint64_t word, uint64_t mask)
{
    uint64_t threes = load8(BYTES8('0', '0', '0', '0', '0', '0', '0', '0')) & mask;
    uint64_t sixes = load8(BYTES8(6, 6, 6, 6, 6, 6, 6, 6)) & mask;
    word &= mask;
    return (word & HIGH_NIBBLES) == threes && ((word + sixes) & HIGH_NIBBLES) == threes;
}

/*
 * Two digits at once: byte k of pairs8(word) is 10 * digit k + digit k+1, for the bytes
 * known to be digits (each nibble at most 15: no byte passes 165, so nothing carries).
 * BYTE_AT(word, k) is the word's k-th byte in memory order, whatever the byte order.
 */
#if PY_LITTLE_ENDIAN
#define NEXT_BYTE(word) ((word) >> 8)
#define BYTE_AT(word, k) ((unsigned)((word) >> (8 * (k))) & 0xFFu)
#else
#define NEXT_BYTE(word) ((word) << 8)
#define BYTE_AT(word, k) ((unsigned)((word) >> (8 * (7 - (k)))) & 0xFFu)
#endif

static inline uint64_t pairs8(uint64_t word)
{
    uint64_t nibbles = word & 0x0F0F0F0F0F0F0F0FULL;
    return nibbles * 10 + NEXT_BYTE(nibbles);
}

static int two(const Py_UCS1 *s) { return (s[0] - '0') * 10 + (s[1] - '0'); }

/*
 * The shape of s[0:19], "dddd-dd-dd" ("T" or "t") "dd:dd:dd", n >= 20.  With SSE2 (every
 * x86-64) the first 16 bytes are tested at once: a byte is a digit when b - '0' is at
 * most 9 (unsigned), and each position's answer is one bit of a movemask.  Elsewhere (or
 * built with -DDATASET_SCHEMA_NO_SIMD) the same test eight bytes at a time.
 */
#if !defined(DATASET_SCHEMA_NO_SIMD) && (defined(__SSE2__) || defined(_M_X64))
#include <emmintrin.h>
static Py_ALWAYS_INLINE inline int date_time_shape(const Py_UCS1 *s, uint64_t date, uint64_t time, uint64_t clock)
{
    const __m128i text = _mm_or_si128(_mm_loadu_si128((const __m128i *)s),
                                      _mm_setr_epi8(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20, 0, 0, 0, 0, 0));  /* T | 0x20 == t */
    const __m128i values = _mm_sub_epi8(text, _mm_set1_epi8('0'));
    const int digits = _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(values, _mm_set1_epi8(9)), values));
    const int marks = _mm_movemask_epi8(_mm_cmpeq_epi8(text, _mm_setr_epi8(0, 0, 0, 0, '-', 0, 0, '-', 0, 0, 't', 0,
                                                                             0, ':', 0, 0)));
    (void)date;
    (void)time;
    /* digits at 0-3, 5-6, 8-9, 11-12, 14-15 (0xDB6F); '-' at 4 and 7, 't' at 10, ':' at 13 (0x2490) */
    return (digits & 0xDB6F) == 0xDB6F && (marks & 0x2490) == 0x2490 &&
           digits8(clock, load8(BYTES8(0, 0, 0, 0, 0, 0, 0xFF, 0xFF))) && s[16] == ':';
}
#else
static Py_ALWAYS_INLINE inline int date_time_shape(const Py_UCS1 *s, uint64_t date, uint64_t time, uint64_t clock)
{
    (void)s;
    return (date & load8(BYTES8(0, 0, 0, 0, 0xFF, 0, 0, 0xFF))) == load8(BYTES8(0, 0, 0, 0, '-', 0, 0, '-')) &&
           (time & load8(BYTES8(0, 0, 0xFF, 0, 0, 0, 0, 0))) == load8(BYTES8(0, 0, 't', 0, 0, 0, 0, 0)) &&
           (clock & load8(BYTES8(0, 0, 0xFF, 0, 0, 0xFF, 0, 0))) == load8(BYTES8(0, 0, ':', 0, 0, ':', 0, 0)) &&
           digits8(date, load8(BYTES8(0xFF, 0xFF, 0xFF, 0xFF, 0, 0xFF, 0xFF, 0))) &&
           digits8(time, load8(BYTES8(0xFF, 0xFF, 0, 0xFF, 0xFF, 0, 0, 0))) &&
           digits8(clock, load8(BYTES8(0, 0, 0, 0xFF, 0xFF, 0, 0xFF, 0xFF)));
}
#endif

/* 1 when the ASCII text s[0:n] is an accepted date-time, else 0.  Reads s[0:n] only. */
static Py_ALWAYS_INLINE inline int ascii_timestamp(const Py_UCS1 *s, Py_ssize_t n)
{
    static const unsigned char days[13] = {0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    static const Py_UCS1 last_bytes[16] = {0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
    const uint64_t ff = 0xFFFFFFFFFFFFFFFFULL;
    Py_ssize_t end;  /* where the time-offset starts */
    uint64_t date, time, clock, date_pairs, clock_pairs;
    unsigned month, day;
    if (n < 20)
        return 0;
    /* "dddd-dd-" (s[0:8]), then "ddTdd" (s[8:13]), then "dd:dd:dd" (s[11:19]) */
    date = load8(s);
    time = load8(s + 8) | load8(BYTES8(0, 0, 0x20, 0, 0, 0, 0, 0));  /* 'T' | 0x20 == 't' */
    clock = load8(s + 11);
    if (!date_time_shape(s, date, time, clock))
        return 0;
    /* hour, minute, second: bytes 0, 3 and 6 of the clock's pairs */
    clock_pairs = pairs8(clock);
    if (BYTE_AT(clock_pairs, 0) > 23 || BYTE_AT(clock_pairs, 3) > 59 || BYTE_AT(clock_pairs, 6) > 59)
        return 0;
    date_pairs = pairs8(date);
    month = BYTE_AT(date_pairs, 5);
    day = BYTE_AT(pairs8(time), 0);
    if (month - 1 > 11 || day - 1 > 27) {  /* (unsigned) anything but months 01-12, days 01-28 */
        if (month < 1 || month > 12 || day < 1)
            return 0;
        if (day > days[month]) {
            /* Gregorian: divisible by 4 and not by 100, or by 400 (0000 included). */
            unsigned year = BYTE_AT(date_pairs, 0) * 100 + BYTE_AT(date_pairs, 2);
            if (!(month == 2 && day == 29 && (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))))
                return 0;
        }
    }
    /* The time-offset is the last 1 ("Z", "z") or 6 ("+hh:mm", "-hh:mm") bytes. */
    if ((s[n - 1] | 0x20) == 'z') {
        end = n - 1;
    } else {
        end = n - 6;
        if ((s[end] != '+' && s[end] != '-') || s[end + 3] != ':' ||
            !digits8(load8(s + n - 8), load8(BYTES8(0, 0, 0, 0xFF, 0xFF, 0, 0xFF, 0xFF))) ||
            two(s + end + 1) > 23 || two(s + end + 4) > 59)
            return 0;
    }
    /* Between the seconds and the offset: nothing, or "." and one digit or more. */
    if (end == 19)
        return 1;
    if (end < 21 || s[19] != '.')
        return 0;
    {
        Py_ssize_t i = 20;
        for (; end - i > 8; i += 8)
            if (!digits8(load8(s + i), ff))
                return 0;
        /* the last 1-8 digits: the end of the word ending at s[end], s[12:end] at least */
        return digits8(load8(s + end - 8), load8(last_bytes + (end - i)));
    }
}

/* An exact str holding an accepted date-time (non-ASCII text is never one: a doubt). */
static inline int timestamp_ok(PyObject *value)
{
    if (!PyUnicode_CheckExact(value) || !STR_READY(value) || !PyUnicode_IS_ASCII(value))
        return 0;
    return ascii_timestamp(PyUnicode_1BYTE_DATA(value), PyUnicode_GET_LENGTH(value));
}

/* -- values -------------------------------------------------------------------------- */

/* The entries of an exact dict, in order: in place where the layout is known, else by
 * PyDict_Next.  No Python code runs while they are read, so the dict cannot change. */
typedef struct {
    PyObject *dict;
    Py_ssize_t pos;
#ifdef DICT_ENTRIES_IN_PLACE
    const StrEntry *at, *stop;  /* at NULL: PyDict_Next */
#endif
} Entries;

static inline void entries_start(Entries *entries, PyObject *dict)
{
    entries->dict = dict;
    entries->pos = 0;
#ifdef DICT_ENTRIES_IN_PLACE
    {
        const KeysLayout *keys = (const KeysLayout *)((PyDictObject *)dict)->ma_keys;
        entries->at = entries->stop = NULL;
        if (entries_in_place && ((PyDictObject *)dict)->ma_values == NULL && keys->dk_kind == KEYS_OF_STR) {
            entries->at = (const StrEntry *)(keys->dk_indices + ((size_t)1 << keys->dk_log2_index_bytes));
            entries->stop = entries->at + keys->dk_nentries;
        }
    }
#endif
}

static inline int entries_next(Entries *entries, PyObject **key, PyObject **value)
{
#ifdef DICT_ENTRIES_IN_PLACE
    if (entries->at != NULL) {
        for (; entries->at < entries->stop; entries->at++)
            if (entries->at->me_value != NULL) {
                *key = entries->at->me_key;
                *value = entries->at->me_value;
                entries->at++;
                return 1;
            }
        return 0;
    }
#endif
    return PyDict_Next(entries->dict, &entries->pos, key, value);
}

#ifdef DICT_ENTRIES_IN_PLACE
/* 1 when reading in place gives PyDict_Next's entries, one for one, on dicts of 0 to 40
 * str keys built and thinned out here; -1 on an error (no memory); else 0. */
static int entries_layout_ok(void)
{
    int size, ok = 1;
    for (size = 0; size <= 40 && ok == 1; size++) {
        PyObject *dict = PyDict_New();
        int i;
        if (dict == NULL)
            return -1;
        for (i = 0; i < size && ok == 1; i++) {
            PyObject *key = PyUnicode_FromFormat("k%d", i);
            if (key == NULL || PyDict_SetItem(dict, key, key) < 0 || (i % 3 == 1 && PyDict_DelItem(dict, key) < 0))
                ok = -1;
            Py_XDECREF(key);
        }
        if (ok == 1) {
            const KeysLayout *keys = (const KeysLayout *)((PyDictObject *)dict)->ma_keys;
            Py_ssize_t pos = 0, seen = 0;
            PyObject *key, *value, *key2, *value2;
            Entries entries;
            /* the header's fields within their bounds before any entry is read */
            if (keys->dk_kind != KEYS_OF_STR || keys->dk_log2_size > 8 || keys->dk_log2_index_bytes > 8 ||
                keys->dk_nentries > ((Py_ssize_t)1 << keys->dk_log2_size)) {
                ok = 0;
            } else {
                entries_start(&entries, dict);
                while (ok == 1 && PyDict_Next(dict, &pos, &key, &value)) {
                    if (!entries_next(&entries, &key2, &value2) || key2 != key || value2 != value)
                        ok = 0;
                    seen++;
                }
                if (ok == 1 && (entries_next(&entries, &key2, &value2) || seen != PyDict_GET_SIZE(dict)))
                    ok = 0;
            }
        }
        Py_DECREF(dict);
    }
    return ok;
}
#endif

/* A 2- or 4-byte str with no surrogate code point. */
static int wide_plain_str(PyObject *value)
{
    Py_ssize_t i, n = PyUnicode_GET_LENGTH(value);
    switch (PyUnicode_KIND(value)) {
    case PyUnicode_2BYTE_KIND: {
        const Py_UCS2 *data = PyUnicode_2BYTE_DATA(value);
        for (i = 0; i < n; i++)
            if (data[i] >= 0xD800 && data[i] <= 0xDFFF)
                return 0;
        return 1;
    }
    case PyUnicode_4BYTE_KIND: {
        const Py_UCS4 *data = PyUnicode_4BYTE_DATA(value);
        for (i = 0; i < n; i++)
            if (data[i] >= 0xD800 && data[i] <= 0xDFFF)
                return 0;
        return 1;
    }
    default:
        return 0;
    }
}

/* An exact str with no surrogate code point (what a strict JSON round trip keeps). */
static inline int plain_str(PyObject *value)
{
    if (!PyUnicode_CheckExact(value) || !STR_READY(value))
        return 0;
    return PyUnicode_KIND(value) == PyUnicode_1BYTE_KIND || wide_plain_str(value);
}

/* An exact int within int64 (a subset of the pure bounds, about 2**1024). */
static int small_int(PyObject *value)
{
    int overflow = 0;
    long long result;
    if (!PyLong_CheckExact(value))
        return 0;
#if PY_VERSION_HEX >= 0x030C0000
    if (PyUnstable_Long_IsCompact((PyLongObject *)value))  /* one digit */
        return 1;
#else
    if ((size_t)(Py_SIZE(value) + 2) <= 4)  /* at most two digits of at most 30 bits */
        return 1;
#endif
    /* An exact int: no __index__ runs, nothing can be raised (no PyErr_Occurred, which
     * needs the thread state: cell_kinds may run this on a helper thread). */
    result = PyLong_AsLongLongAndOverflow(value, &overflow);
    (void)result;
    return overflow == 0;
}

static inline int finite_float(PyObject *value)
{
    return PyFloat_CheckExact(value) && isfinite(PyFloat_AS_DOUBLE(value));
}

/* An exact dict, empty or flat: exact-str keys, JSON scalar values of exact types. */
static int context_ok(PyObject *context)
{
    Entries entries;
    PyObject *key, *value;
    if (!PyDict_CheckExact(context))
        return 0;
    entries_start(&entries, context);
    while (entries_next(&entries, &key, &value)) {
        if (!plain_str(key))
            return 0;
        if (value == Py_None || value == Py_True || value == Py_False)
            continue;
        if (!(plain_str(value) || finite_float(value) || small_int(value)))
            return 0;
    }
    return 1;
}

/* Same text: both exact, ready str (equal strings have the same kind, as str is canonical). */
static int same_text(PyObject *a, PyObject *b)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(a);
    int kind = PyUnicode_KIND(a);
    return n == PyUnicode_GET_LENGTH(b) && kind == (int)PyUnicode_KIND(b) &&
           memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)n * (size_t)kind) == 0;
}

/* The slot of an exact, ready str key, or -1 (an undeclared key).  No Python code runs:
 * the hash of an exact str is computed (once, then cached) in C. */
static Py_ssize_t find_slot(Checker *self, PyObject *key)
{
    Py_hash_t hash = PyObject_Hash(key);
    size_t at;
    if (hash == -1) {
        PyErr_Clear();
        return -1;
    }
    for (at = (size_t)hash & self->mask;; at = (at + 1) & self->mask) {
        Py_ssize_t slot = self->table[at] - 1;
        if (slot < 0)
            return -1;
        if (self->hashes[slot] != hash)
            continue;
        if (self->seen[slot] == key || self->texts[slot] == key)
            return slot;
        if (same_text(self->texts[slot], key)) {
            /* Remember this key object; the one it replaces is a str, whose release runs
             * no Python code, and the record holds its own reference to its keys. */
            PyObject *old = self->seen[slot];
            Py_INCREF(key);
            self->seen[slot] = key;
            Py_XDECREF(old);
            return slot;
        }
    }
}

/* 1: the record is valid for sure; 0: a doubt, the pure function decides. */
static int record_ok(Checker *self, PyObject *record)
{
    Py_ssize_t slot, entry = 0;
    Entries entries;
    PyObject *key, *value;
    if (!PyDict_CheckExact(record) || PyDict_GET_SIZE(record) != self->slots)
        return 0;
    entries_start(&entries, record);
    while (entries_next(&entries, &key, &value)) {
        if (entry >= self->slots)  /* cannot happen: the size was checked, the dict cannot change */
            return 0;
        slot = self->order[entry];
        /* seen[] holds only exact, ready str that matched their slot's text */
        if (key != self->seen[slot]) {
            if (!PyUnicode_CheckExact(key) || !STR_READY(key))
                return 0;
            slot = find_slot(self, key);
            if (slot < 0)
                return 0;
            self->order[entry] = slot;
        }
        self->values[slot] = value;
        entry++;
    }
    if (entry != self->slots)  /* cannot happen either */
        return 0;
    /* Every slot holds its value once.  Tested kind by kind: no branch on the kind per value. */
    {
        PyObject **values = self->values;
        const Py_ssize_t *by_kind = self->by_kind;
        Py_ssize_t i = 0;
        if (!timestamp_ok(values[0]) || !context_ok(values[1]))
            return 0;
        for (; i < self->kind_end[KIND_STRING]; i++)
            if (!PyUnicode_CheckExact(values[by_kind[i]]))
                return 0;
        for (; i < self->kind_end[KIND_NUMBER]; i++) {
            PyObject *number = values[by_kind[i]];
            if (!(finite_float(number) || small_int(number)))
                return 0;
        }
        for (; i < self->kind_end[KIND_BOOLEAN]; i++) {
            PyObject *flag = values[by_kind[i]];
            if (!((flag == Py_True) | (flag == Py_False)))
                return 0;
        }
        for (; i < self->kind_end[KIND_TIMESTAMP]; i++)
            if (!timestamp_ok(values[by_kind[i]]))
                return 0;
    }
    return 1;
}

static int batch_ok(Checker *self, PyObject *records)
{
    Py_ssize_t i, n;
    if (!PyList_CheckExact(records))
        return 0;
    n = PyList_GET_SIZE(records);
    if (n == 0)
        return 0;
    /* No Python code runs in record_ok, so the list cannot change under the loop. */
    for (i = 0; i < n; i++)
        if (!record_ok(self, PyList_GET_ITEM(records, i)))
            return 0;
    return 1;
}

/* -- the Checker type ------------------------------------------------------------------ */

static PyObject *checker_vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames)
{
    Checker *self = (Checker *)callable;
    if (self->pure == NULL) {  /* cleared by the cycle collector: only reachable from a finalizer */
        PyErr_SetString(PyExc_RuntimeError, "Checker used after it was cleared");
        return NULL;
    }
    if (PyVectorcall_NARGS(nargsf) == 1 && kwnames == NULL) {
        int ok = self->batch ? batch_ok(self, args[0]) : record_ok(self, args[0]);
        if (ok)
            Py_RETURN_NONE;
    }
    return PyObject_Vectorcall(self->pure, args, nargsf, kwnames);
}

/* verdict(value): True when the C code accepts ``value`` itself (then every record is an
 * exact dict with a flat context, so the value nests three levels at most), else the pure
 * function's answer.  parse_record/parse_batch use it to skip the nesting walk. */
static PyObject *checker_verdict(Checker *self, PyObject *value)
{
    int ok;
    if (self->pure == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "Checker used after it was cleared");
        return NULL;
    }
    ok = self->batch ? batch_ok(self, value) : record_ok(self, value);
    if (ok)
        Py_RETURN_TRUE;
    return PyObject_CallOneArg(self->pure, value);
}

static PyMethodDef checker_methods[] = {
    {"verdict", (PyCFunction)checker_verdict, METH_O,
     "verdict(value) -> True | answer: True when accepted natively (flat records), else the pure answer."},
    {NULL},
};

static PyObject *checker_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *keywords[] = {"pure", "names", "kinds", "batch", NULL};
    PyObject *pure, *names, *kinds;
    int batch;
    Checker *self;
    Py_ssize_t i, count;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO!O!p:Checker", keywords, &pure, &PyTuple_Type, &names,
                                     &PyBytes_Type, &kinds, &batch))
        return NULL;
    if (!PyCallable_Check(pure)) {
        PyErr_SetString(PyExc_TypeError, "Checker: pure must be callable");
        return NULL;
    }
    count = PyTuple_GET_SIZE(names);
    if (PyBytes_GET_SIZE(kinds) != count) {
        PyErr_SetString(PyExc_ValueError, "Checker: one kind per name");
        return NULL;
    }
    for (i = 0; i < count; i++) {
        PyObject *name = PyTuple_GET_ITEM(names, i);
        if (!PyUnicode_CheckExact(name) || !STR_READY(name)) {
            PyErr_SetString(PyExc_TypeError, "Checker: names must be exact str");
            return NULL;
        }
        if ((unsigned char)PyBytes_AS_STRING(kinds)[i] > KIND_TIMESTAMP) {
            PyErr_SetString(PyExc_ValueError, "Checker: unknown kind");
            return NULL;
        }
    }
    self = (Checker *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(pure);
    self->pure = pure;
    Py_INCREF(names);
    self->names = names;
    self->count = count;
    self->slots = count + 2;
    {
        size_t size = 8, at;
        Py_ssize_t slot;
        while (size < 2 * (size_t)self->slots)
            size *= 2;
        self->mask = size - 1;
        self->kinds = PyMem_Calloc((size_t)self->slots, 1);
        self->texts = PyMem_Calloc((size_t)self->slots, sizeof(PyObject *));
        self->hashes = PyMem_Calloc((size_t)self->slots, sizeof(Py_hash_t));
        self->seen = PyMem_Calloc((size_t)self->slots, sizeof(PyObject *));
        self->order = PyMem_Calloc((size_t)self->slots, sizeof(Py_ssize_t));
        self->values = PyMem_Calloc((size_t)self->slots, sizeof(PyObject *));
        self->by_kind = PyMem_Calloc((size_t)self->slots, sizeof(Py_ssize_t));
        self->table = PyMem_Calloc(size, sizeof(Py_ssize_t));
        if (!self->kinds || !self->texts || !self->hashes || !self->seen || !self->order || !self->values || !self->by_kind || !self->table) {
            Py_DECREF(self);
            return PyErr_NoMemory();
        }
        self->kinds[0] = KIND_TIMESTAMP;
        self->texts[0] = str_timestamp;
        self->kinds[1] = KIND_CONTEXT;
        self->texts[1] = str_context;
        for (i = 0; i < count; i++) {
            self->kinds[i + 2] = (unsigned char)PyBytes_AS_STRING(kinds)[i];
            self->texts[i + 2] = PyTuple_GET_ITEM(names, i);
        }
        {
            int kind;
            Py_ssize_t filled = 0;
            for (kind = KIND_STRING; kind <= KIND_TIMESTAMP; kind++) {
                for (i = 0; i < count; i++)
                    if (self->kinds[i + 2] == kind)
                        self->by_kind[filled++] = i + 2;
                self->kind_end[kind] = filled;
            }
        }
        for (slot = 0; slot < self->slots; slot++) {
            self->hashes[slot] = PyObject_Hash(self->texts[slot]);
            if (self->hashes[slot] == -1) {
                Py_DECREF(self);
                return NULL;
            }
            for (at = (size_t)self->hashes[slot] & self->mask; self->table[at]; at = (at + 1) & self->mask) {
                Py_ssize_t other = self->table[at] - 1;
                if (self->hashes[other] == self->hashes[slot] && same_text(self->texts[other], self->texts[slot])) {
                    PyErr_SetString(PyExc_ValueError, "Checker: names must be distinct, and not timestamp or context");
                    Py_DECREF(self);
                    return NULL;
                }
            }
            self->table[at] = slot + 1;
        }
    }
    self->batch = batch;
    self->vectorcall = checker_vectorcall;
    return (PyObject *)self;
}

static int checker_traverse(Checker *self, visitproc visit, void *arg)
{
    Py_VISIT(self->pure);
    Py_VISIT(self->names);
    Py_VISIT(self->dict);
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static int checker_clear(Checker *self)
{
    Py_ssize_t slot;
    Py_CLEAR(self->pure);
    Py_CLEAR(self->dict);
    if (self->seen != NULL)
        for (slot = 0; slot < self->slots; slot++)
            Py_CLEAR(self->seen[slot]);
    /* names stays until dealloc: texts[] borrows from it */
    return 0;
}

static void checker_dealloc(Checker *self)
{
    PyTypeObject *type = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    checker_clear(self);
    Py_CLEAR(self->names);
    PyMem_Free(self->kinds);
    PyMem_Free(self->texts);
    PyMem_Free(self->hashes);
    PyMem_Free(self->seen);
    PyMem_Free(self->order);
    PyMem_Free(self->values);
    PyMem_Free(self->by_kind);
    PyMem_Free(self->table);
    type->tp_free((PyObject *)self);
    Py_DECREF(type);
}

static PyObject *checker_get_pure(Checker *self, void *closure)
{
    if (self->pure == NULL)
        Py_RETURN_NONE;
    Py_INCREF(self->pure);
    return self->pure;
}

static PyObject *checker_get_batch(Checker *self, void *closure)
{
    return PyBool_FromLong(self->batch);
}

static PyGetSetDef checker_getset[] = {
    {"__wrapped__", (getter)checker_get_pure, NULL, "The pure function, called on any doubt.", NULL},
    {"batch", (getter)checker_get_batch, NULL, "True for check_batch, False for check.", NULL},
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL},
};

static PyMemberDef checker_members[] = {
    {"__dictoffset__", T_PYSSIZET, offsetof(Checker, dict), READONLY},
    {"__vectorcalloffset__", T_PYSSIZET, offsetof(Checker, vectorcall), READONLY},
    {NULL},
};

#ifndef Py_TPFLAGS_HAVE_VECTORCALL
#define Py_TPFLAGS_HAVE_VECTORCALL _Py_TPFLAGS_HAVE_VECTORCALL
#endif

static PyType_Slot checker_slots[] = {
    {Py_tp_new, checker_new},
    {Py_tp_dealloc, checker_dealloc},
    {Py_tp_traverse, checker_traverse},
    {Py_tp_clear, checker_clear},
    {Py_tp_call, PyVectorcall_Call},
    {Py_tp_getset, checker_getset},
    {Py_tp_methods, checker_methods},
    {Py_tp_members, checker_members},
    {Py_tp_doc, "Checker(pure, names, kinds, batch): check or check_batch with a native fast path.\n\n"
                "Answers None for a record (or list of records) of the exact common shape, and calls\n"
                "``pure`` with the same arguments for anything else, returning its answer."},
    {0, NULL},
};

static PyType_Spec checker_spec = {
    "dataset_schema._core.accel._native.Checker",
    sizeof(Checker),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL,
    checker_slots,
};

/* -- a column of date-times (check_frame) --------------------------------------------- */

/*
 * Rows shared between threads.  A column kernel's loop, work(state, start, stop), reads
 * only memory that stays put for the call (Arrow buffers held as Py_buffer; the cells
 * of a list whose GIL the calling thread keeps) and writes only out[start:stop], so the
 * rows can be cut into ``threads`` runs done at once: the last by the calling thread,
 * the others by threads started here and joined before the call returns (nothing
 * outlives a call: no pool, nothing to fork).  A thread that cannot be started leaves
 * its run to the calling thread, so the answer never depends on how many ran.  No
 * helper thread calls into Python or touches a reference count.  Where threads are not
 * available (no pthreads, or a free-threaded build, where the GIL kept by the caller
 * would not keep other threads off the cells) every run is done by the calling thread.
 */
#if !defined(_WIN32) && !defined(Py_GIL_DISABLED) && (defined(__unix__) || defined(__APPLE__))
#include <pthread.h>
#define KERNEL_THREADS 1
#endif

#define MAX_THREADS 8

typedef void (*RowWork)(void *state, Py_ssize_t start, Py_ssize_t stop);

typedef struct {
    RowWork work;
    void *state;
    Py_ssize_t start, stop;
} RowRun;

#ifdef KERNEL_THREADS
static void *row_run(void *run)
{
    RowRun *part = (RowRun *)run;
    part->work(part->state, part->start, part->stop);
    return NULL;
}
#endif

static void split_rows(RowWork work, void *state, Py_ssize_t rows, Py_ssize_t threads)
{
    RowRun runs[MAX_THREADS];
    Py_ssize_t count = threads < 1 ? 1 : (threads > MAX_THREADS ? MAX_THREADS : threads), i;
#ifdef KERNEL_THREADS
    pthread_t started[MAX_THREADS];
    int running[MAX_THREADS] = {0};
#endif
    if (count > rows)
        count = rows > 0 ? rows : 1;
    for (i = 0; i < count; i++) {
        runs[i].work = work;
        runs[i].state = state;
        runs[i].start = rows / count * i;
        runs[i].stop = i == count - 1 ? rows : rows / count * (i + 1);
    }
#ifdef KERNEL_THREADS
    for (i = 0; i < count - 1; i++)
        running[i] = pthread_create(&started[i], NULL, row_run, &runs[i]) == 0;
#endif
    work(state, runs[count - 1].start, runs[count - 1].stop);
    for (i = 0; i < count - 1; i++) {
#ifdef KERNEL_THREADS
        if (running[i]) {
            pthread_join(started[i], NULL);
            continue;
        }
#endif
        work(state, runs[i].start, runs[i].stop);
    }
}

/* A column kernel's arguments: ``fixed`` of them (TypeError ``usage`` otherwise), then
 * optionally how many threads may share the rows (``threads``, default 1). */
static int kernel_arguments(PyObject *const *args, Py_ssize_t nargs, Py_ssize_t fixed, const char *usage,
                            Py_ssize_t *threads)
{
    *threads = 1;
    if (nargs != fixed && nargs != fixed + 1) {
        PyErr_SetString(PyExc_TypeError, usage);
        return -1;
    }
    if (nargs == fixed)
        return 0;
    *threads = PyLong_AsSsize_t(args[fixed]);
    if (*threads == -1 && PyErr_Occurred())
        return -1;
    if (*threads < 1) {
        PyErr_SetString(PyExc_ValueError, "threads must be at least 1");
        return -1;
    }
    return 0;
}

/* 1 when the module was built with threads (KERNEL_THREADS), for the THREADS constant. */
#ifdef KERNEL_THREADS
#define THREADS_BUILT 1
#else
#define THREADS_BUILT 0
#endif

/* A row of a string column that could not be read (a malformed array): a doubt. */
#define UNREAD 2

static int signed_offsets(const Py_buffer *offsets)
{
    const char *format = offsets->format;
    size_t length = format == NULL ? 0 : strlen(format);
    char last = length ? format[length - 1] : '\0';
    if (length > 2 || (length == 2 && format[0] != '=' && format[0] != '@'))
        return 0;  /* an explicit byte order may not be this machine's */
    return (offsets->itemsize == 4 && (last == 'i' || last == 'l')) ||
           (offsets->itemsize == 8 && (last == 'l' || last == 'q'));
}

/*
 * timestamp_mask(data, offsets[, threads]) -> bytearray: byte i is 1 when data[offsets[i]:offsets[i+1]]
 * is an accepted date-time, else 0, or 2 (UNREAD) when that pair runs backwards or past
 * the data (a malformed array: the caller asks the regular expression about those rows).
 * ``data`` is a string column's bytes and ``offsets`` its int32 or int64 offsets (already
 * sliced to the rows), as Arrow lays them out.  The 0s are final: ascii_timestamp is
 * exactly the grammar on bytes (tests/core/test_native.py: every byte at every position,
 * generated text, the calendar's edges), and the grammar is ASCII, so a byte of a
 * non-ASCII character (0x80-0xFF in UTF-8) is never part of a date-time.
 * Nothing but the two buffers is read, so the loop runs without the GIL, its rows shared
 * by ``threads`` threads (split_rows; default 1).
 */
typedef struct {
    const Py_UCS1 *bytes;
    long long length;
    const Py_buffer *offsets;
    char *out;
} StringRows;

/* The loop once per offset width (int32: Arrow string; int64: large_string), so the compiler sees plain loads. */
#define STRING_ROWS(NAME, TYPE)                                                                    \
    static void NAME(const StringRows *rows, Py_ssize_t start, Py_ssize_t stop)                    \
    {                                                                                              \
        /* locals: a store to out (char) may alias anything, so fields would be read again */     \
        const TYPE *offsets = (const TYPE *)rows->offsets->buf;                                   \
        const Py_UCS1 *bytes = rows->bytes;                                                        \
        const long long length = rows->length;                                                     \
        char *out = rows->out;                                                                     \
        Py_ssize_t i;                                                                              \
        for (i = start; i < stop; i++) {                                                           \
            long long first = offsets[i], end = offsets[i + 1];                                    \
            if (first >= 0 && first <= end && end <= length)                                       \
                out[i] = (char)ascii_timestamp(bytes + first, (Py_ssize_t)(end - first));          \
            else                                                                                   \
                out[i] = UNREAD;                                                                   \
        }                                                                                          \
    }
STRING_ROWS(string_rows32, int32_t)
STRING_ROWS(string_rows64, int64_t)

static void string_rows(void *state, Py_ssize_t start, Py_ssize_t stop)
{
    const StringRows *rows = (const StringRows *)state;
    if (rows->offsets->itemsize == 4)
        string_rows32(rows, start, stop);
    else
        string_rows64(rows, start, stop);
}

static PyObject *native_timestamp_mask(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_buffer data, offsets;
    PyObject *result = NULL;
    Py_ssize_t threads;
    if (kernel_arguments(args, nargs, 2, "timestamp_mask(data, offsets[, threads]) takes two buffers", &threads) < 0)
        return NULL;
    if (PyObject_GetBuffer(args[0], &data, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    if (PyObject_GetBuffer(args[1], &offsets, PyBUF_C_CONTIGUOUS | PyBUF_FORMAT) < 0) {
        PyBuffer_Release(&data);
        return NULL;
    }
    if (!signed_offsets(&offsets) || offsets.len < offsets.itemsize) {
        PyErr_SetString(PyExc_ValueError, "offsets must be at least one native int32 or int64");
        goto done;
    }
    {
        Py_ssize_t rows = offsets.len / offsets.itemsize - 1;
        StringRows state;
        result = PyByteArray_FromStringAndSize(NULL, rows);
        if (result == NULL)
            goto done;
        state.bytes = (const Py_UCS1 *)data.buf;
        state.length = (long long)data.len;
        state.offsets = &offsets;
        state.out = PyByteArray_AS_STRING(result);
        Py_BEGIN_ALLOW_THREADS
        split_rows(string_rows, &state, rows, threads);
        Py_END_ALLOW_THREADS
    }
done:
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&data);
    return result;
}

/*
 * view_timestamp_mask(views, buffers[, threads]) -> bytearray: timestamp_mask for an Arrow
 * string_view column (polars' strings, read without a copy).  ``views`` holds 16 bytes a
 * row (already sliced to the rows): the length (int32), then the text itself when it is
 * at most 12 bytes, else a 4-byte prefix, the index of its data buffer in ``buffers``
 * (a sequence of buffers) and its offset there (int32 each), all little-endian.  A view
 * with a negative length or pointing outside its buffer reads as 2 (UNREAD: the caller
 * asks the regular expression about those rows).  Null rows' views are read like any
 * other (whatever they hold): the caller drops them.  Run without the GIL, its rows
 * shared by ``threads`` threads (split_rows; default 1).
 */
static int32_t little_int32(const unsigned char *s)
{
    return (int32_t)((uint32_t)s[0] | (uint32_t)s[1] << 8 | (uint32_t)s[2] << 16 | (uint32_t)s[3] << 24);
}

typedef struct {
    const unsigned char *views;
    const Py_buffer *data;
    Py_ssize_t count;
    char *out;
} ViewRows;

static void view_rows(void *state, Py_ssize_t start, Py_ssize_t stop)
{
    /* locals: a store to out (char) may alias anything, so fields would be read again */
    const ViewRows *rows = (const ViewRows *)state;
    const unsigned char *view = rows->views + 16 * start;
    const Py_buffer *data = rows->data;
    const Py_ssize_t count = rows->count;
    /* the first data buffer's place and size, the one most columns have */
    const Py_UCS1 *first = count ? (const Py_UCS1 *)data[0].buf : NULL;
    const long long first_size = count ? (long long)data[0].len : 0;
    char *out = rows->out;
    Py_ssize_t i;
    for (i = start; i < stop; i++, view += 16) {
        int32_t length = little_int32(view);
        const Py_UCS1 *text = NULL;
        if (length >= 0 && length <= 12) {
            text = view + 4;
        } else if (length > 12) {
            int32_t index = little_int32(view + 8), offset = little_int32(view + 12);
            if (index == 0 && offset >= 0 && (long long)offset + length <= first_size)
                text = first + offset;
            else if (index > 0 && index < count && offset >= 0 && (long long)offset + length <= (long long)data[index].len)
                text = (const Py_UCS1 *)data[index].buf + offset;
        }
        out[i] = text != NULL ? (char)ascii_timestamp(text, length) : UNREAD;
    }
}

static PyObject *native_view_timestamp_mask(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_buffer views, *data = NULL;
    PyObject *sequence = NULL, *result = NULL;
    Py_ssize_t count = 0, held = 0, i, threads;
    if (kernel_arguments(args, nargs, 2, "view_timestamp_mask(views, buffers[, threads]) takes a buffer and a sequence",
                         &threads) < 0)
        return NULL;
    if (PyObject_GetBuffer(args[0], &views, PyBUF_C_CONTIGUOUS) < 0)
        return NULL;
    sequence = PySequence_Fast(args[1], "view_timestamp_mask: buffers must be a sequence of buffers");
    if (sequence == NULL)
        goto done;
    count = PySequence_Fast_GET_SIZE(sequence);
    data = PyMem_New(Py_buffer, count ? count : 1);
    if (data == NULL) {
        PyErr_NoMemory();
        goto done;
    }
    for (held = 0; held < count; held++)
        if (PyObject_GetBuffer(PySequence_Fast_GET_ITEM(sequence, held), &data[held], PyBUF_C_CONTIGUOUS) < 0)
            goto done;
    if (views.len % 16) {
        PyErr_SetString(PyExc_ValueError, "views must be 16 bytes a row");
        goto done;
    }
    {
        ViewRows state;
        result = PyByteArray_FromStringAndSize(NULL, views.len / 16);
        if (result == NULL)
            goto done;
        state.views = (const unsigned char *)views.buf;
        state.data = data;
        state.count = count;
        state.out = PyByteArray_AS_STRING(result);
        Py_BEGIN_ALLOW_THREADS
        split_rows(view_rows, &state, views.len / 16, threads);
        Py_END_ALLOW_THREADS
    }
done:
    for (i = 0; i < held; i++)
        PyBuffer_Release(&data[i]);
    PyMem_Free(data);
    Py_XDECREF(sequence);
    PyBuffer_Release(&views);
    return result;
}

/*
 * plain_cells(cells) -> bytearray: byte i is 1 when cells[i] is None or a context the
 * fast path takes as it is (context_ok: an exact dict, empty or flat, of exact-str keys
 * and JSON scalars), else 0.  For check_frame's object columns: a 0 is only a doubt,
 * whose row the validator judges.  No Python code runs while the cells are read.
 */
static char plain_cell(PyObject *value)
{
    return (char)(value == Py_None || context_ok(value));
}

static PyObject *bytes_per_cell(PyObject *cells, const char *message, char (*kind)(PyObject *), Py_ssize_t threads);

static PyObject *native_plain_cells(PyObject *module, PyObject *cells)
{
    return bytes_per_cell(cells, "plain_cells(cells) takes a sequence", plain_cell, 1);
}

/*
 * cell_kinds(cells[, threads]) -> bytearray: one byte per cell of an object column (check_frame's
 * pandas and polars object columns), the OR of these facts:
 *
 *   CELL_NONE   the cell is None
 *   CELL_STR    an exact str;  CELL_STAMP too when it is an accepted date-time (timestamp_ok:
 *               ASCII only; an exact str without CELL_STAMP is a doubt, not a refusal)
 *   CELL_BOOL   True or False
 *   CELL_DICT   an exact dict;  CELL_PLAIN too when the fast path takes it as a context
 *               (context_ok: empty or flat, exact-str keys, JSON scalars)
 *   CELL_OTHER  anything else (a subclass, an int, a float, a list ...): the caller takes
 *               its general path for the whole column
 *
 * ``cells`` is a sequence, or a 1-d numpy array of dtype object, read in place (see
 * object_array).  Only exact types are examined, so no Python code runs while the cells
 * are read (the borrowed items of the list or array stay alive).  A dict's entries are far from the list in
 * memory: the dicts a few cells ahead are prefetched while the current one is read.
 * With ``threads`` > 1 the cells are shared with helper threads (split_rows), which
 * read them while the calling thread keeps the GIL.
 */
enum { CELL_NONE = 1, CELL_STR = 2, CELL_STAMP = 4, CELL_BOOL = 8, CELL_DICT = 16, CELL_PLAIN = 32,
       CELL_OTHER = 64 };

#if defined(__GNUC__) || defined(__clang__)
#define PREFETCH(address) __builtin_prefetch(address)
#else
#define PREFETCH(address) ((void)0)
#endif

#define CELL_AHEAD 8

static char cell_kind(PyObject *value)
{
    if (value == Py_None)
        return CELL_NONE;
    if (value == Py_True || value == Py_False)
        return CELL_BOOL;
    if (PyUnicode_CheckExact(value))
        return (char)(CELL_STR | (timestamp_ok(value) ? CELL_STAMP : 0));
    if (PyDict_CheckExact(value))
        return (char)(CELL_DICT | (context_ok(value) ? CELL_PLAIN : 0));
    return CELL_OTHER;
}

typedef struct {
    PyObject *const *items;
    Py_ssize_t count;
    char (*kind)(PyObject *);
    char *out;
} CellRows;

static void cell_rows(void *state, Py_ssize_t start, Py_ssize_t stop)
{
    const CellRows *rows = (const CellRows *)state;
    Py_ssize_t i;
    for (i = start; i < stop; i++) {
        if (i + CELL_AHEAD < stop && rows->items[i + CELL_AHEAD] != NULL)
            PREFETCH(rows->items[i + CELL_AHEAD]);
        rows->out[i] = rows->items[i] != NULL ? rows->kind(rows->items[i]) : CELL_OTHER;  /* numpy: never NULL */
    }
}

/* One byte per cell, kind(cell), for plain_cells and cell_kinds.  Only exact types are
 * examined by either, so no Python code runs while the borrowed items are read; the
 * calling thread keeps the GIL throughout (no other thread can change a cell), so the
 * cells may be shared with helper threads (split_rows), which only read them. */
/*
 * The cells of a 1-d numpy array of dtype object, read where numpy keeps them (a pandas
 * object column: no list made, no reference counts touched).  0 with *items set when
 * ``cells`` is such an array (its own type, not a subclass, C-contiguous: its
 * __array_interface__ says so), 1 when it is not one, -1 on an error.
 */
static int object_array(PyObject *cells, PyObject *const **items, Py_ssize_t *count)
{
    PyObject *interface, *typestr, *shape, *strides, *data, *address;
    int found = 1;
    if (strcmp(Py_TYPE(cells)->tp_name, "numpy.ndarray") != 0)
        return 1;
    interface = PyObject_GetAttrString(cells, "__array_interface__");
    if (interface == NULL)
        return -1;
    if (!PyDict_Check(interface)) {
        Py_DECREF(interface);
        return 1;
    }
    typestr = PyDict_GetItemString(interface, "typestr");
    shape = PyDict_GetItemString(interface, "shape");
    strides = PyDict_GetItemString(interface, "strides");
    data = PyDict_GetItemString(interface, "data");
    if (typestr != NULL && PyUnicode_Check(typestr) && PyUnicode_CompareWithASCIIString(typestr, "|O") == 0 &&
        shape != NULL && PyTuple_Check(shape) && PyTuple_GET_SIZE(shape) == 1 &&
        (strides == NULL || strides == Py_None) &&
        data != NULL && PyTuple_Check(data) && PyTuple_GET_SIZE(data) == 2) {
        address = PyTuple_GET_ITEM(data, 0);
        *count = PyLong_AsSsize_t(PyTuple_GET_ITEM(shape, 0));
        *items = (PyObject *const *)PyLong_AsVoidPtr(address);
        found = PyErr_Occurred() ? -1 : (*count == 0 || *items != NULL ? 0 : 1);
    }
    Py_DECREF(interface);
    return found;
}

static PyObject *bytes_per_cell(PyObject *cells, const char *message, char (*kind)(PyObject *), Py_ssize_t threads)
{
    PyObject *sequence = NULL;
    PyObject *result;
    CellRows state;
    switch (object_array(cells, &state.items, &state.count)) {
    case -1:
        return NULL;
    case 0:
        break;
    default:
        sequence = PySequence_Fast(cells, message);
        if (sequence == NULL)
            return NULL;
        state.count = PySequence_Fast_GET_SIZE(sequence);
        state.items = PySequence_Fast_ITEMS(sequence);
    }
    state.kind = kind;
    result = PyByteArray_FromStringAndSize(NULL, state.count);
    if (result != NULL) {
        state.out = PyByteArray_AS_STRING(result);
        split_rows(cell_rows, &state, state.count, threads);
    }
    Py_XDECREF(sequence);
    return result;
}

static PyObject *native_cell_kinds(PyObject *module, PyObject *const *args, Py_ssize_t nargs)
{
    Py_ssize_t threads;
    if (kernel_arguments(args, nargs, 1, "cell_kinds(cells[, threads]) takes a sequence", &threads) < 0)
        return NULL;
    return bytes_per_cell(args[0], "cell_kinds(cells) takes a sequence", cell_kind, threads);
}

/* -- the module ------------------------------------------------------------------------ */

static PyObject *native_is_timestamp(PyObject *module, PyObject *value)
{
    return PyBool_FromLong(timestamp_ok(value));
}

static PyMethodDef native_methods[] = {
    {"plain_cells", native_plain_cells, METH_O,
     "plain_cells(cells) -> bytearray: 1 where a cell is None or a flat dict of JSON scalars the fast path "
     "takes (0: ask the validator)."},
    {"timestamp_mask", (PyCFunction)(void (*)(void))native_timestamp_mask, METH_FASTCALL,
     "timestamp_mask(data, offsets[, threads]) -> bytearray: 1 where a string of an Arrow-style column is an "
     "accepted date-time, 0 where not, 2 where the row could not be read (ask the regular expression)."},
    {"cell_kinds", (PyCFunction)(void (*)(void))native_cell_kinds, METH_FASTCALL,
     "cell_kinds(cells[, threads]) -> bytearray: per cell, the OR of CELL_NONE, CELL_STR, CELL_STAMP, CELL_BOOL, CELL_DICT, "
     "CELL_PLAIN, CELL_OTHER (see _native.c; a missing CELL_STAMP or CELL_PLAIN is a doubt)."},
    {"view_timestamp_mask", (PyCFunction)(void (*)(void))native_view_timestamp_mask, METH_FASTCALL,
     "view_timestamp_mask(views, buffers[, threads]) -> bytearray: timestamp_mask for an Arrow string_view column's views "
     "and data buffers (2: a view that could not be read)."},
    {"is_timestamp", native_is_timestamp, METH_O,
     "is_timestamp(value) -> bool: the native date-time test (exact ASCII str only; False is a doubt)."},
    {NULL},
};

static int native_exec(PyObject *module)
{
    PyObject *type;
#ifdef DICT_ENTRIES_IN_PLACE
    entries_in_place = 1;  /* for the check itself, which reads in place */
    switch (entries_layout_ok()) {
    case -1:
        return -1;
    case 0:
        entries_in_place = 0;
        break;
    }
#endif
    str_timestamp = PyUnicode_InternFromString("timestamp");
    str_context = PyUnicode_InternFromString("context");
    if (str_timestamp == NULL || str_context == NULL)
        return -1;
    type = PyType_FromSpec(&checker_spec);
    if (type == NULL)
        return -1;
    if (PyModule_AddObject(module, "Checker", type) < 0) {
        Py_DECREF(type);
        return -1;
    }
#ifdef DICT_ENTRIES_IN_PLACE
    if (PyModule_AddIntConstant(module, "ENTRIES_IN_PLACE", entries_in_place) < 0)
        return -1;
#else
    if (PyModule_AddIntConstant(module, "ENTRIES_IN_PLACE", 0) < 0)
        return -1;
#endif
    return PyModule_AddIntConstant(module, "KIND_STRING", KIND_STRING) ||
           PyModule_AddIntConstant(module, "KIND_NUMBER", KIND_NUMBER) ||
           PyModule_AddIntConstant(module, "KIND_BOOLEAN", KIND_BOOLEAN) ||
           PyModule_AddIntConstant(module, "KIND_TIMESTAMP", KIND_TIMESTAMP) ||
           PyModule_AddIntConstant(module, "CELL_NONE", CELL_NONE) ||
           PyModule_AddIntConstant(module, "CELL_STR", CELL_STR) ||
           PyModule_AddIntConstant(module, "CELL_STAMP", CELL_STAMP) ||
           PyModule_AddIntConstant(module, "CELL_BOOL", CELL_BOOL) ||
           PyModule_AddIntConstant(module, "CELL_DICT", CELL_DICT) ||
           PyModule_AddIntConstant(module, "CELL_PLAIN", CELL_PLAIN) ||
           PyModule_AddIntConstant(module, "CELL_OTHER", CELL_OTHER) ||
           PyModule_AddIntConstant(module, "UNREAD", UNREAD) ||
           PyModule_AddIntConstant(module, "THREADS", THREADS_BUILT ? MAX_THREADS : 1) ? -1 : 0;
}

static PyModuleDef_Slot native_slots[] = {
    {Py_mod_exec, native_exec},
    {0, NULL},
};

static struct PyModuleDef native_module = {
    PyModuleDef_HEAD_INIT,
    "dataset_schema._core.accel._native",
    "The optional native fast path of check and check_batch (see _native.c and docs/performance.md).",
    0,
    native_methods,
    native_slots,
};

PyMODINIT_FUNC PyInit__native(void)
{
    return PyModuleDef_Init(&native_module);
}
