/* The C ABI, from C99: statuses, messages, diagnostics, batch, holder.
 * Exits non-zero on the first failed check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "duixian/duixian.h"

static int failures = 0;
#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                       \
    }                                                                   \
  } while (0)

static char* read_repo_file(const char* relative) {
  char path[4096];
  FILE* f;
  long n;
  char* buf;
  snprintf(path, sizeof path, "%s/%s", DX_SOURCE_DIR, relative);
  f = fopen(path, "rb");
  if (!f) { fprintf(stderr, "cannot read %s\n", path); exit(1); }
  fseek(f, 0, SEEK_END);
  n = ftell(f);
  fseek(f, 0, SEEK_SET);
  buf = malloc((size_t)n + 1);
  if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) { fprintf(stderr, "cannot read %s\n", path); exit(1); }
  buf[n] = '\0';
  fclose(f);
  return buf;
}

static const char* policy_low =
    "policy T-REV \"测试政策\" {\n  department \"东莞市测试局\"\n  reference year 2024\n"
    "  clause 营收: 营业收入[ref] 不低于 2000万元\n}\n";
static const char* policy_high =
    "policy T-REV \"测试政策\" {\n  department \"东莞市测试局\"\n  reference year 2024\n"
    "  clause 营收: 营业收入[ref] 不低于 3000万元\n}\n";
static const char* policy_bad = "policy T-REV \"测试政策\" {\n  clause 营收: 注册资金 > 1\n}\n";
static const char* firm = "{\"revenue\": {\"2024\": 25000000}}";
static const char* deep_firm = "{\"revenue\": {\"2024\": [1]}}"; /* 3 levels */

int main(void) {
  char* schema = read_repo_file("policies/schema.json");
  char* calendar = read_repo_file("policies/calendar.json");
  duixian_source low = {"t/revenue", "t/revenue.policy", NULL};
  duixian_source high = {"t/revenue", "t/revenue.policy", NULL};
  duixian_source bad = {"t/revenue", "t/revenue.policy", NULL};
  duixian_policy_set* set = NULL;
  duixian_policy_set* current = NULL;
  duixian_holder* holder = NULL;
  duixian_batch* batch = NULL;
  char *message = NULL, *diagnostics = NULL, *result = NULL, *digest = NULL, *digest2 = NULL, *used = NULL;
  const char* firms[3];
  size_t lens[3];
  low.text = policy_low;
  high.text = policy_high;
  bad.text = policy_bad;

  CHECK(strcmp(duixian_version(), DUIXIAN_VERSION) == 0);
  CHECK(strcmp(duixian_status_name(DUIXIAN_FIRM_ERROR), "firm_error") == 0);

  /* A policy error: status, message and diagnostics with a span. */
  CHECK(duixian_policy_set_load_sources(schema, calendar, &bad, 1, &set, &message, &diagnostics) ==
        DUIXIAN_POLICY_ERROR);
  CHECK(set == NULL);
  CHECK(message && strstr(message, "do not compile"));
  CHECK(diagnostics && strstr(diagnostics, "\"code\":\"E0201\"") && strstr(diagnostics, "\"line\":2"));
  duixian_free(message);
  duixian_free(diagnostics);
  message = diagnostics = NULL;

  CHECK(duixian_policy_set_load_dir("/nonexistent", &set, &message, NULL) == DUIXIAN_IO_ERROR);
  duixian_free(message);
  message = NULL;

  CHECK(duixian_policy_set_load_sources(schema, calendar, &low, 1, &set, &message, &diagnostics) == DUIXIAN_OK);
  CHECK(set != NULL && message == NULL);
  CHECK(duixian_policy_set_policy_count(set) == 1);
  CHECK(duixian_policy_set_digest(set, &digest) == DUIXIAN_OK && strlen(digest) == 64);

  /* Evaluation: explain and verdict, pretty and compact. */
  CHECK(duixian_evaluate(set, firm, strlen(firm), "a.json", "2025-06-20", DUIXIAN_EVAL_EXPLAIN, &result, &message) ==
        DUIXIAN_OK);
  CHECK(result && strstr(result, "\"verdict\": \"eligible\"") && strstr(result, "\"clauses\"") &&
        strstr(result, "\"firm\": \"a.json\"") && strstr(result, digest));
  duixian_free(result);
  CHECK(duixian_evaluate(set, firm, strlen(firm), NULL, "2025-06-20", DUIXIAN_EVAL_COMPACT, &result, &message) ==
        DUIXIAN_OK);
  CHECK(result && !strchr(result, '\n') && strstr(result, "\"verdict\":\"eligible\"") && !strstr(result, "clauses"));
  duixian_free(result);
  result = NULL;

  /* Errors: bad date, bad firm, bad flags, NULL arguments. */
  CHECK(duixian_evaluate(set, firm, strlen(firm), NULL, "20250620", 0, &result, &message) == DUIXIAN_INVALID_ARGUMENT);
  CHECK(message && strstr(message, "YYYY-MM-DD") && result == NULL);
  duixian_free(message);
  CHECK(duixian_evaluate(set, "{\n\"revenue\": 5}", 15, "b.json", "2025-06-20", 0, &result, &message) ==
        DUIXIAN_FIRM_ERROR);
  CHECK(message && strstr(message, "b.json:2") && strstr(message, "revenue"));
  duixian_free(message);
  CHECK(duixian_evaluate(set, firm, strlen(firm), NULL, "2025-06-20", 64, &result, &message) ==
        DUIXIAN_INVALID_ARGUMENT);
  duixian_free(message);
  message = NULL;
  CHECK(duixian_evaluate(NULL, firm, strlen(firm), NULL, "2025-06-20", 0, &result, NULL) == DUIXIAN_INVALID_ARGUMENT);

  /* Batch: the bad firm is reported, the others evaluated. */
  firms[0] = firm;
  firms[1] = "not json";
  firms[2] = "{\"revenue\": {\"2024\": 100}}";
  lens[0] = strlen(firms[0]);
  lens[1] = strlen(firms[1]);
  lens[2] = strlen(firms[2]);
  CHECK(duixian_evaluate_batch(set, firms, lens, NULL, 3, "2025-06-20", DUIXIAN_EVAL_COMPACT, &batch, &message) ==
        DUIXIAN_OK);
  CHECK(duixian_batch_size(batch) == 3);
  CHECK(duixian_batch_status(batch, 0) == DUIXIAN_OK && strstr(duixian_batch_text(batch, 0), "\"eligible\""));
  CHECK(duixian_batch_status(batch, 1) == DUIXIAN_FIRM_ERROR && strstr(duixian_batch_text(batch, 1), "firm[1]"));
  CHECK(duixian_batch_status(batch, 2) == DUIXIAN_OK && strstr(duixian_batch_text(batch, 2), "\"ineligible\""));
  CHECK(duixian_batch_status(batch, 3) == DUIXIAN_INVALID_ARGUMENT && duixian_batch_text(batch, 3) == NULL);
  duixian_batch_free(batch);

  /* Holder: good reload swaps, bad reload keeps serving the old set. */
  CHECK(duixian_holder_new(set, &holder, &message) == DUIXIAN_OK);
  duixian_policy_set_free(set); /* the holder keeps its own reference */
  CHECK(duixian_holder_reload_sources(holder, schema, calendar, &high, 1, &digest2, &message, NULL) == DUIXIAN_OK);
  CHECK(digest2 && strcmp(digest, digest2) != 0);
  CHECK(duixian_holder_evaluate(holder, firm, strlen(firm), NULL, "2025-06-20", 0, &result, &used, &message) ==
        DUIXIAN_OK);
  CHECK(used && strcmp(used, digest2) == 0 && strstr(result, "\"ineligible\""));
  duixian_free(result);
  duixian_free(used);
  duixian_free(digest2);
  digest2 = NULL;
  CHECK(duixian_holder_reload_sources(holder, schema, calendar, &bad, 1, &digest2, &message, &diagnostics) ==
        DUIXIAN_POLICY_ERROR);
  CHECK(message && diagnostics && strstr(diagnostics, "E0201"));
  CHECK(digest2 && strcmp(digest2, digest) != 0); /* still the high set */
  CHECK(duixian_holder_current(holder, &current) == DUIXIAN_OK);
  CHECK(duixian_policy_set_digest(current, &used) == DUIXIAN_OK && strcmp(used, digest2) == 0);
  duixian_free(used);
  duixian_free(message);
  duixian_free(diagnostics);
  duixian_free(digest2);
  duixian_free(digest);
  duixian_policy_set_free(current);
  duixian_holder_free(holder);
  current = NULL;
  set = NULL;
  message = diagnostics = result = NULL;

  /* Limits: defaults, a policy limit, firm limits, the evaluation budget. */
  {
    duixian_limits limits, got;
    duixian_limits_init(&limits);
    CHECK(limits.max_eval_steps == 5000000 && limits.max_json_depth == 64 && limits.max_clauses == 256);
    limits.max_policy_bytes = 16;
    CHECK(duixian_policy_set_load_sources_with_limits(schema, calendar, &low, 1, &limits, &set, &message,
                                                      &diagnostics) == DUIXIAN_POLICY_ERROR);
    CHECK(set == NULL && diagnostics && strstr(diagnostics, "E0112"));
    duixian_free(message);
    duixian_free(diagnostics);
    message = diagnostics = NULL;
    duixian_limits_init(&limits);
    limits.max_clauses = 0;
    CHECK(duixian_policy_set_load_sources_with_limits(schema, calendar, &low, 1, &limits, &set, &message, NULL) ==
          DUIXIAN_INVALID_ARGUMENT);
    CHECK(message && strstr(message, "max_clauses"));
    duixian_free(message);
    message = NULL;

    duixian_limits_init(&limits);
    limits.max_eval_steps = 1;
    limits.max_json_depth = 2;
    CHECK(duixian_policy_set_load_sources_with_limits(schema, calendar, &low, 1, &limits, &set, &message, NULL) ==
          DUIXIAN_OK);
    CHECK(duixian_policy_set_limits(set, &got) == DUIXIAN_OK && got.max_eval_steps == 1 && got.max_json_depth == 2);
    /* Over the budget: a firm error, never a decision without verdicts. */
    CHECK(duixian_evaluate(set, firm, strlen(firm), "big.json", "2025-06-20", 0, &result, &message) ==
          DUIXIAN_FIRM_ERROR);
    CHECK(result == NULL && message && strstr(message, "big.json") && strstr(message, "limit of 1 steps"));
    duixian_free(message);
    message = NULL;
    CHECK(duixian_evaluate(set, deep_firm, strlen(deep_firm), "deep.json", "2025-06-20", 0, &result, &message) ==
          DUIXIAN_FIRM_ERROR);
    CHECK(message && strstr(message, "deep.json") && strstr(message, "2 levels"));
    duixian_free(message);
    message = NULL;
    firms[0] = firm;
    lens[0] = strlen(firm);
    CHECK(duixian_evaluate_batch(set, firms, lens, NULL, 1, "2025-06-20", 0, &batch, &message) == DUIXIAN_OK);
    CHECK(duixian_batch_status(batch, 0) == DUIXIAN_FIRM_ERROR && strstr(duixian_batch_text(batch, 0), "steps"));
    duixian_batch_free(batch);
    /* A holder reloads with the limits of the set it serves. */
    CHECK(duixian_holder_new(set, &holder, &message) == DUIXIAN_OK);
    CHECK(duixian_holder_reload_sources(holder, schema, calendar, &high, 1, NULL, &message, NULL) == DUIXIAN_OK);
    CHECK(duixian_holder_evaluate(holder, firm, strlen(firm), NULL, "2025-06-20", 0, &result, NULL, &message) ==
          DUIXIAN_FIRM_ERROR);
    CHECK(result == NULL && message && strstr(message, "steps"));
    duixian_free(message);
    duixian_holder_free(holder);
    duixian_policy_set_free(set);
  }
  free(schema);
  free(calendar);
  if (failures) fprintf(stderr, "%d checks failed\n", failures);
  return failures ? 1 : 0;
}
