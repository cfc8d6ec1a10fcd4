/* The C ABI of libduixian (C99 and C++): load a policy set, evaluate firms,
 * reload without downtime. Results are the `duixian.decision/1` JSON of
 * docs/results.md, byte for byte what `duixian eval --format json` prints.
 *
 *   duixian_policy_set* set = NULL;
 *   char* msg = NULL;
 *   if (duixian_policy_set_load_dir("policies", &set, &msg, NULL) != DUIXIAN_OK) {
 *     fprintf(stderr, "%s\n", msg); duixian_free(msg); return 1;
 *   }
 *   char* json = NULL;
 *   duixian_evaluate(set, firm, strlen(firm), "firm.json", "2025-06-20",
 *                    DUIXIAN_EVAL_EXPLAIN, &json, &msg);
 *   …
 *   duixian_free(json);
 *   duixian_policy_set_free(set);
 *
 * Conventions for every function:
 * - The return value is a duixian_status; DUIXIAN_OK is 0.
 * - Out-strings (char**) are set only on the outcome the function names,
 *   are NUL-terminated UTF-8 allocated by the library, and the caller frees
 *   them with duixian_free(). An out-pointer argument may be NULL when the
 *   caller does not want that output (except the primary result).
 * - `message` receives a one-line error text (English) on any failure.
 * - No C++ exception crosses this boundary; out of memory and bugs come
 *   back as DUIXIAN_INTERNAL.
 * - Input strings are borrowed for the duration of the call only.
 * Thread-safety: a duixian_policy_set is immutable; every function taking a
 * const handle may run on it from any number of threads at once. A
 * duixian_holder's functions are all thread-safe. Only the *_free functions
 * must not race with other uses of the same handle. */
#ifndef DUIXIAN_DUIXIAN_H_
#define DUIXIAN_DUIXIAN_H_

#include <stddef.h>
#include <stdint.h>

#include "duixian/export.h"
#include "duixian/version.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum duixian_status {
  DUIXIAN_OK = 0,
  DUIXIAN_INVALID_ARGUMENT = 1, /* NULL handle/argument, bad date, bad flags */
  DUIXIAN_IO_ERROR = 2,         /* directory, schema or calendar unreadable */
  DUIXIAN_POLICY_ERROR = 3,     /* the policies do not compile: see diagnostics */
  DUIXIAN_FIRM_ERROR = 4,       /* the firm JSON is unusable: see message */
  DUIXIAN_INTERNAL = 5          /* out of memory or a bug */
} duixian_status;

/* Evaluation flags (bitwise or). 0: verdict mode, pretty JSON. */
#define DUIXIAN_EVAL_EXPLAIN 1 /* explain every clause, as `duixian eval` */
#define DUIXIAN_EVAL_COMPACT 2 /* one-line JSON instead of the 2-space indent */

/* A compiled, immutable policy set. */
typedef struct duixian_policy_set duixian_policy_set;
/* The serving policy set of a service, replaceable while others evaluate. */
typedef struct duixian_holder duixian_holder;
/* The results of duixian_evaluate_batch. */
typedef struct duixian_batch duixian_batch;

/* An in-memory policy file: import name ("common"), path for diagnostics, text. */
typedef struct duixian_source {
  const char* module;
  const char* path;
  const char* text;
} duixian_source;

/* What a policy set may ask of the compiler and a firm of the engine
 * (docs/reliability.md). Fill with duixian_limits_init, change what you
 * need, pass to a *_with_limits load. Past a policy limit the load fails
 * with a diagnostic; past a firm limit duixian_evaluate returns
 * DUIXIAN_FIRM_ERROR naming the limit (a firm over max_eval_steps gets no
 * verdicts at all). The set keeps its limits; a holder's reloads use the
 * limits of the set it serves. 0 is invalid except for max_eval_steps
 * (no limit); depths, digits and clause counts must fit an int. */
typedef struct duixian_limits {
  /* firm files and their evaluation */
  uint64_t max_firm_bytes;        /* one firm's JSON text: 16 MiB */
  uint64_t max_json_depth;        /* nesting of arrays and objects: 64 */
  uint64_t max_string_bytes;      /* one string value or key: 64 KiB */
  uint64_t max_items;             /* elements of an array, members of an object: 10000 */
  uint64_t max_number_digits;     /* digits of one number: 30 */
  uint64_t max_eval_steps;        /* node computations for one firm: 5000000; 0: none */
  /* policy files */
  uint64_t max_policy_bytes;      /* one policy file: 1 MiB (E0112) */
  uint64_t max_nesting;           /* brackets, prefix operators, if in if: 64 (E0108) */
  uint64_t max_tree_depth;        /* one expression tree: 512 (E0108) */
  uint64_t max_clauses;           /* clauses of one policy: 256 (E0409) */
  uint64_t max_elaboration_steps; /* the whole set, definitions expanded: 5000000 (E0410) */
  uint64_t max_elaboration_depth; /* one expression, definitions expanded: 1024 (E0411) */
} duixian_limits;

/* ---- library ---------------------------------------------------------- */

/* "0.1.0"; static storage, do not free. Thread-safe. */
DUIXIAN_API const char* duixian_version(void);
/* "ok", "invalid_argument", …; static storage, do not free. Thread-safe. */
DUIXIAN_API const char* duixian_status_name(duixian_status status);
/* Frees any string the library returned. NULL is allowed. Thread-safe. */
DUIXIAN_API void duixian_free(void* p);
/* Sets every field of *limits to its default. Thread-safe. */
DUIXIAN_API void duixian_limits_init(duixian_limits* limits);

/* ---- policy sets ------------------------------------------------------ */

/* Compiles the policy set under `dir`. On success *out is a new handle
 * (free with duixian_policy_set_free). On DUIXIAN_POLICY_ERROR
 * *diagnostics_json (if non-NULL) receives a JSON array of
 * {code, severity, message, message_zh, file, field, line, column,
 * end_line, end_column}. Thread-safe. */
DUIXIAN_API duixian_status duixian_policy_set_load_dir(const char* dir, duixian_policy_set** out,
                                                       char** message, char** diagnostics_json);

/* Compiles `count` in-memory sources against schema and calendar JSON
 * text; imports resolve only among `sources`. As load_dir otherwise. */
DUIXIAN_API duixian_status duixian_policy_set_load_sources(const char* schema_json, const char* calendar_json,
                                                           const duixian_source* sources, size_t count,
                                                           duixian_policy_set** out, char** message,
                                                           char** diagnostics_json);

/* duixian_policy_set_load_dir / _load_sources with `limits` (NULL: the
 * defaults). DUIXIAN_INVALID_ARGUMENT names a limit out of range. */
DUIXIAN_API duixian_status duixian_policy_set_load_dir_with_limits(const char* dir, const duixian_limits* limits,
                                                                   duixian_policy_set** out, char** message,
                                                                   char** diagnostics_json);
DUIXIAN_API duixian_status duixian_policy_set_load_sources_with_limits(const char* schema_json,
                                                                       const char* calendar_json,
                                                                       const duixian_source* sources, size_t count,
                                                                       const duixian_limits* limits,
                                                                       duixian_policy_set** out, char** message,
                                                                       char** diagnostics_json);

/* Frees a handle (NULL allowed). Evaluations running on it elsewhere must
 * have finished; holders that serve the set keep their own reference. */
DUIXIAN_API void duixian_policy_set_free(duixian_policy_set* set);

/* The policy-set digest (64 hex chars) into *digest (caller frees). */
DUIXIAN_API duixian_status duixian_policy_set_digest(const duixian_policy_set* set, char** digest);
/* The limits the set was loaded with, into *limits. */
DUIXIAN_API duixian_status duixian_policy_set_limits(const duixian_policy_set* set, duixian_limits* limits);
/* Number of policies in the set, 0 for NULL. */
DUIXIAN_API size_t duixian_policy_set_policy_count(const duixian_policy_set* set);
/* Warnings of the compilation, as JSON (same layout as above; caller frees). */
DUIXIAN_API duixian_status duixian_policy_set_diagnostics(const duixian_policy_set* set,
                                                          char** diagnostics_json);

/* ---- evaluation ------------------------------------------------------- */

/* Evaluates one firm record (`firm_len` bytes of JSON) on `date`
 * ("YYYY-MM-DD"). `name` (NULL: "firm") is the firm's id when it has no
 * USCC and names it in errors. On success *result_json is the decision.
 * DUIXIAN_FIRM_ERROR: *message says file:line:column, field and reason,
 * or that the firm needs more than the set's max_eval_steps. */
DUIXIAN_API duixian_status duixian_evaluate(const duixian_policy_set* set, const char* firm_json,
                                            size_t firm_len, const char* name, const char* date,
                                            int flags, char** result_json, char** message);

/* Evaluates `count` firms in one call; a bad firm is recorded in its item
 * and the others still run. `names` may be NULL ("firm[i]"). On DUIXIAN_OK
 * *out is a new batch (free with duixian_batch_free). Fails as a whole only
 * for bad arguments or a bad date. */
DUIXIAN_API duixian_status duixian_evaluate_batch(const duixian_policy_set* set, const char* const* firms_json,
                                                  const size_t* firm_lens, const char* const* names,
                                                  size_t count, const char* date, int flags,
                                                  duixian_batch** out, char** message);

/* Number of items; 0 for NULL. */
DUIXIAN_API size_t duixian_batch_size(const duixian_batch* batch);
/* Status of item i (DUIXIAN_OK or DUIXIAN_FIRM_ERROR); INVALID_ARGUMENT out of range. */
DUIXIAN_API duixian_status duixian_batch_status(const duixian_batch* batch, size_t i);
/* Item i's result JSON (OK items) or error message (failed items). The
 * pointer is borrowed: valid until duixian_batch_free; NULL out of range. */
DUIXIAN_API const char* duixian_batch_text(const duixian_batch* batch, size_t i);
DUIXIAN_API void duixian_batch_free(duixian_batch* batch);

/* ---- reload without downtime ------------------------------------------ */

/* A holder serving `initial` (the holder takes its own reference; the
 * caller still frees `initial`). */
DUIXIAN_API duixian_status duixian_holder_new(const duixian_policy_set* initial, duixian_holder** out,
                                              char** message);
DUIXIAN_API void duixian_holder_free(duixian_holder* holder);

/* Compiles `dir` and swaps it in; evaluations already running finish on the
 * old set. On failure the old set keeps serving and *diagnostics_json (if
 * non-NULL, on DUIXIAN_POLICY_ERROR) says why. *digest (if non-NULL)
 * receives the digest serving after the call, on success and failure. */
DUIXIAN_API duixian_status duixian_holder_reload_dir(duixian_holder* holder, const char* dir, char** digest,
                                                     char** message, char** diagnostics_json);
DUIXIAN_API duixian_status duixian_holder_reload_sources(duixian_holder* holder, const char* schema_json,
                                                         const char* calendar_json, const duixian_source* sources,
                                                         size_t count, char** digest, char** message,
                                                         char** diagnostics_json);
/* A new handle on the serving set (free with duixian_policy_set_free). */
DUIXIAN_API duixian_status duixian_holder_current(const duixian_holder* holder, duixian_policy_set** out);

/* duixian_evaluate on the serving set; *digest_used (if non-NULL) receives
 * the digest of the set that produced the result. */
DUIXIAN_API duixian_status duixian_holder_evaluate(const duixian_holder* holder, const char* firm_json,
                                                   size_t firm_len, const char* name, const char* date,
                                                   int flags, char** result_json, char** digest_used,
                                                   char** message);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DUIXIAN_DUIXIAN_H_ */
