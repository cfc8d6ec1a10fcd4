/* Evaluates firm files against a policy set through the C ABI and prints
 * the results exactly as `duixian eval --format json` does.
 *
 *   evaluate_c POLICY_DIR YYYY-MM-DD FIRM.json…
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <duixian/duixian.h>

/* The whole file in a malloc'd buffer (NULL if unreadable). */
static char* read_file(const char* path, size_t* len) {
  FILE* f = fopen(path, "rb");
  char* buf = NULL;
  size_t cap = 0, n = 0, got;
  if (!f) return NULL;
  do {
    if (n == cap) {
      char* bigger = realloc(buf, cap = cap ? cap * 2 : 65536);
      if (!bigger) { free(buf); fclose(f); return NULL; }
      buf = bigger;
    }
    got = fread(buf + n, 1, cap - n, f);
    n += got;
  } while (got > 0);
  fclose(f);
  *len = n;
  return buf;
}

int main(int argc, char** argv) {
  duixian_policy_set* set = NULL;
  char* message = NULL;
  char* diagnostics = NULL;
  int status = 0, first = 1, many = argc > 4, i;
  if (argc < 4) {
    fprintf(stderr, "usage: %s POLICY_DIR YYYY-MM-DD FIRM.json...\n", argv[0]);
    return 2;
  }
  if (duixian_policy_set_load_dir(argv[1], &set, &message, &diagnostics) != DUIXIAN_OK) {
    fprintf(stderr, "%s\n%s\n", message, diagnostics ? diagnostics : "");
    duixian_free(message);
    duixian_free(diagnostics);
    return 1;
  }
  if (many) printf("[\n");
  for (i = 3; i < argc; ++i) {
    size_t len = 0;
    char* firm = read_file(argv[i], &len);
    char* result = NULL;
    if (!firm) {
      fprintf(stderr, "%s: cannot read the file\n", argv[i]);
      status = 1;
      continue;
    }
    if (duixian_evaluate(set, firm, len, argv[i], argv[2], DUIXIAN_EVAL_EXPLAIN, &result, &message) != DUIXIAN_OK) {
      fprintf(stderr, "error: %s\n", message);
      duixian_free(message);
      message = NULL;
      status = 1;
    } else {
      if (!first) printf(",\n");
      fputs(result, stdout);
      first = 0;
      duixian_free(result);
    }
    free(firm);
  }
  printf(many ? "\n]\n" : "\n");
  duixian_policy_set_free(set);
  return status;
}
