// The C ABI over the C++ API: handles wrap shared_ptrs, every entry point
// catches everything, strings go out malloc'd (freed by duixian_free).
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <vector>

#include "duixian/duixian.h"
#include "duixian/duixian.hpp"

struct duixian_policy_set {
  std::shared_ptr<const duixian::PolicySet> set;
};
struct duixian_holder {
  explicit duixian_holder(std::shared_ptr<const duixian::PolicySet> s) : holder(std::move(s)) {}
  duixian::PolicySetHolder holder;
};
struct duixian_batch {
  std::vector<duixian::BatchItem> items;
};

namespace {

// A malloc'd copy (NULL when out of memory).
char* Dup(const std::string& s) {
  char* p = static_cast<char*>(std::malloc(s.size() + 1));
  if (p) std::memcpy(p, s.c_str(), s.size() + 1);
  return p;
}

void Put(char** out, const std::string& s) {
  if (out) *out = Dup(s);
}

duixian_status Fail(duixian_status status, const std::string& message, char** out_message) {
  Put(out_message, message);
  return status;
}

// Runs `body`, turning any exception into a status and message.
template <typename Body>
duixian_status Guard(char** message, char** diagnostics_json, Body body) {
  try {
    return body();
  } catch (const duixian::Error& e) {
    if (diagnostics_json && !e.diagnostics().empty()) *diagnostics_json = Dup(duixian::DiagnosticsToJson(e.diagnostics()));
    return Fail(static_cast<duixian_status>(e.status()), e.what(), message);
  } catch (const std::bad_alloc&) {
    return Fail(DUIXIAN_INTERNAL, "out of memory", message);
  } catch (const std::exception& e) {
    return Fail(DUIXIAN_INTERNAL, e.what(), message);
  } catch (...) {
    return Fail(DUIXIAN_INTERNAL, "unknown internal error", message);
  }
}

duixian_status CheckFlags(int flags, char** message) {
  if (flags & ~(DUIXIAN_EVAL_EXPLAIN | DUIXIAN_EVAL_COMPACT)) {
    return Fail(DUIXIAN_INVALID_ARGUMENT, "unknown evaluation flags", message);
  }
  return DUIXIAN_OK;
}

duixian::EvalOptions Options(const char* date, int flags) {
  duixian::EvalOptions o;
  o.date = date;
  o.mode = (flags & DUIXIAN_EVAL_EXPLAIN) ? duixian::Mode::kExplain : duixian::Mode::kVerdict;
  o.indent = (flags & DUIXIAN_EVAL_COMPACT) ? -1 : 2;
  return o;
}

std::vector<duixian::Source> Sources(const duixian_source* sources, size_t count) {
  std::vector<duixian::Source> out;
  for (size_t i = 0; i < count; ++i) {
    const duixian_source& s = sources[i];
    if (!s.module || !s.text) throw duixian::Error(duixian::Status::kInvalidArgument, "a source needs a module and a text");
    out.push_back({s.module, s.path ? s.path : s.module, s.text});
  }
  return out;
}

duixian::Limits LimitsIn(const duixian_limits* l) {
  duixian::Limits out;
  if (!l) return out;
  out.max_firm_bytes = l->max_firm_bytes;
  out.max_json_depth = l->max_json_depth;
  out.max_string_bytes = l->max_string_bytes;
  out.max_items = l->max_items;
  out.max_number_digits = l->max_number_digits;
  out.max_eval_steps = l->max_eval_steps;
  out.max_policy_bytes = l->max_policy_bytes;
  out.max_nesting = l->max_nesting;
  out.max_tree_depth = l->max_tree_depth;
  out.max_clauses = l->max_clauses;
  out.max_elaboration_steps = l->max_elaboration_steps;
  out.max_elaboration_depth = l->max_elaboration_depth;
  return out;
}

void LimitsOut(const duixian::Limits& l, duixian_limits* out) {
  out->max_firm_bytes = l.max_firm_bytes;
  out->max_json_depth = l.max_json_depth;
  out->max_string_bytes = l.max_string_bytes;
  out->max_items = l.max_items;
  out->max_number_digits = l.max_number_digits;
  out->max_eval_steps = l.max_eval_steps;
  out->max_policy_bytes = l.max_policy_bytes;
  out->max_nesting = l.max_nesting;
  out->max_tree_depth = l.max_tree_depth;
  out->max_clauses = l.max_clauses;
  out->max_elaboration_steps = l.max_elaboration_steps;
  out->max_elaboration_depth = l.max_elaboration_depth;
}

}  // namespace

extern "C" {

const char* duixian_version(void) { return DUIXIAN_VERSION; }

const char* duixian_status_name(duixian_status status) {
  if (status < DUIXIAN_OK || status > DUIXIAN_INTERNAL) return "unknown";
  return duixian::StatusName(static_cast<duixian::Status>(status));
}

void duixian_free(void* p) { std::free(p); }

void duixian_limits_init(duixian_limits* limits) {
  if (limits) LimitsOut(duixian::Limits(), limits);
}

duixian_status duixian_policy_set_load_dir(const char* dir, duixian_policy_set** out, char** message,
                                           char** diagnostics_json) {
  return duixian_policy_set_load_dir_with_limits(dir, nullptr, out, message, diagnostics_json);
}

duixian_status duixian_policy_set_load_dir_with_limits(const char* dir, const duixian_limits* limits,
                                                       duixian_policy_set** out, char** message,
                                                       char** diagnostics_json) {
  return Guard(message, diagnostics_json, [&] {
    if (!dir || !out) return Fail(DUIXIAN_INVALID_ARGUMENT, "dir and out must not be NULL", message);
    auto set = duixian::PolicySet::LoadDirectory(dir, LimitsIn(limits));
    *out = new duixian_policy_set{std::move(set)};
    return DUIXIAN_OK;
  });
}

duixian_status duixian_policy_set_load_sources(const char* schema_json, const char* calendar_json,
                                               const duixian_source* sources, size_t count,
                                               duixian_policy_set** out, char** message, char** diagnostics_json) {
  return duixian_policy_set_load_sources_with_limits(schema_json, calendar_json, sources, count, nullptr, out,
                                                     message, diagnostics_json);
}

duixian_status duixian_policy_set_load_sources_with_limits(const char* schema_json, const char* calendar_json,
                                                           const duixian_source* sources, size_t count,
                                                           const duixian_limits* limits, duixian_policy_set** out,
                                                           char** message, char** diagnostics_json) {
  return Guard(message, diagnostics_json, [&] {
    if (!schema_json || !calendar_json || (!sources && count > 0) || !out) {
      return Fail(DUIXIAN_INVALID_ARGUMENT, "schema, calendar, sources and out must not be NULL", message);
    }
    auto set = duixian::PolicySet::LoadSources(schema_json, calendar_json, Sources(sources, count),
                                               LimitsIn(limits));
    *out = new duixian_policy_set{std::move(set)};
    return DUIXIAN_OK;
  });
}

void duixian_policy_set_free(duixian_policy_set* set) { delete set; }

duixian_status duixian_policy_set_digest(const duixian_policy_set* set, char** digest) {
  return Guard(nullptr, nullptr, [&] {
    if (!set || !digest) return DUIXIAN_INVALID_ARGUMENT;
    *digest = Dup(set->set->digest());
    return *digest ? DUIXIAN_OK : DUIXIAN_INTERNAL;
  });
}

duixian_status duixian_policy_set_limits(const duixian_policy_set* set, duixian_limits* limits) {
  if (!set || !limits) return DUIXIAN_INVALID_ARGUMENT;
  LimitsOut(set->set->limits(), limits);
  return DUIXIAN_OK;
}

size_t duixian_policy_set_policy_count(const duixian_policy_set* set) { return set ? set->set->policy_count() : 0; }

duixian_status duixian_policy_set_diagnostics(const duixian_policy_set* set, char** diagnostics_json) {
  return Guard(nullptr, nullptr, [&] {
    if (!set || !diagnostics_json) return DUIXIAN_INVALID_ARGUMENT;
    *diagnostics_json = Dup(duixian::DiagnosticsToJson(set->set->diagnostics()));
    return *diagnostics_json ? DUIXIAN_OK : DUIXIAN_INTERNAL;
  });
}

duixian_status duixian_evaluate(const duixian_policy_set* set, const char* firm_json, size_t firm_len,
                                const char* name, const char* date, int flags, char** result_json,
                                char** message) {
  return Guard(message, nullptr, [&] {
    if (!set || !firm_json || !date || !result_json) {
      return Fail(DUIXIAN_INVALID_ARGUMENT, "set, firm_json, date and result_json must not be NULL", message);
    }
    if (duixian_status s = CheckFlags(flags, message)) return s;
    std::string json = set->set->Evaluate(std::string_view(firm_json, firm_len), Options(date, flags),
                                          name ? name : "firm");
    *result_json = Dup(json);
    return *result_json ? DUIXIAN_OK : Fail(DUIXIAN_INTERNAL, "out of memory", message);
  });
}

duixian_status duixian_evaluate_batch(const duixian_policy_set* set, const char* const* firms_json,
                                      const size_t* firm_lens, const char* const* names, size_t count,
                                      const char* date, int flags, duixian_batch** out, char** message) {
  return Guard(message, nullptr, [&] {
    if (!set || (!firms_json && count > 0) || (!firm_lens && count > 0) || !date || !out) {
      return Fail(DUIXIAN_INVALID_ARGUMENT, "set, firms_json, firm_lens, date and out must not be NULL", message);
    }
    if (duixian_status s = CheckFlags(flags, message)) return s;
    std::vector<std::string_view> firms(count), firm_names;
    for (size_t i = 0; i < count; ++i) {
      if (!firms_json[i]) return Fail(DUIXIAN_INVALID_ARGUMENT, "a firm is NULL", message);
      firms[i] = std::string_view(firms_json[i], firm_lens[i]);
    }
    if (names) {
      for (size_t i = 0; i < count; ++i) firm_names.emplace_back(names[i] ? names[i] : "firm");
    }
    auto batch = std::make_unique<duixian_batch>();
    batch->items = set->set->EvaluateBatch(firms, Options(date, flags), firm_names);
    *out = batch.release();
    return DUIXIAN_OK;
  });
}

size_t duixian_batch_size(const duixian_batch* batch) { return batch ? batch->items.size() : 0; }

duixian_status duixian_batch_status(const duixian_batch* batch, size_t i) {
  if (!batch || i >= batch->items.size()) return DUIXIAN_INVALID_ARGUMENT;
  return static_cast<duixian_status>(batch->items[i].status);
}

const char* duixian_batch_text(const duixian_batch* batch, size_t i) {
  if (!batch || i >= batch->items.size()) return nullptr;
  const duixian::BatchItem& item = batch->items[i];
  return item.status == duixian::Status::kOk ? item.json.c_str() : item.error.c_str();
}

void duixian_batch_free(duixian_batch* batch) { delete batch; }

duixian_status duixian_holder_new(const duixian_policy_set* initial, duixian_holder** out, char** message) {
  return Guard(message, nullptr, [&] {
    if (!initial || !out) return Fail(DUIXIAN_INVALID_ARGUMENT, "initial and out must not be NULL", message);
    *out = new duixian_holder(initial->set);
    return DUIXIAN_OK;
  });
}

void duixian_holder_free(duixian_holder* holder) { delete holder; }

namespace {
duixian_status Reloaded(const duixian::ReloadResult& r, char** digest, char** message, char** diagnostics_json) {
  Put(digest, r.digest);
  if (r.ok()) return DUIXIAN_OK;
  if (diagnostics_json && !r.diagnostics.empty()) *diagnostics_json = Dup(duixian::DiagnosticsToJson(r.diagnostics));
  return Fail(static_cast<duixian_status>(r.status), r.message, message);
}
}  // namespace

duixian_status duixian_holder_reload_dir(duixian_holder* holder, const char* dir, char** digest, char** message,
                                         char** diagnostics_json) {
  return Guard(message, diagnostics_json, [&] {
    if (!holder || !dir) return Fail(DUIXIAN_INVALID_ARGUMENT, "holder and dir must not be NULL", message);
    return Reloaded(holder->holder.ReloadDirectory(dir), digest, message, diagnostics_json);
  });
}

duixian_status duixian_holder_reload_sources(duixian_holder* holder, const char* schema_json,
                                             const char* calendar_json, const duixian_source* sources,
                                             size_t count, char** digest, char** message,
                                             char** diagnostics_json) {
  return Guard(message, diagnostics_json, [&] {
    if (!holder || !schema_json || !calendar_json || (!sources && count > 0)) {
      return Fail(DUIXIAN_INVALID_ARGUMENT, "holder, schema, calendar and sources must not be NULL", message);
    }
    return Reloaded(holder->holder.ReloadSources(schema_json, calendar_json, Sources(sources, count)), digest,
                    message, diagnostics_json);
  });
}

duixian_status duixian_holder_current(const duixian_holder* holder, duixian_policy_set** out) {
  return Guard(nullptr, nullptr, [&] {
    if (!holder || !out) return DUIXIAN_INVALID_ARGUMENT;
    *out = new duixian_policy_set{holder->holder.Current()};
    return DUIXIAN_OK;
  });
}

duixian_status duixian_holder_evaluate(const duixian_holder* holder, const char* firm_json, size_t firm_len,
                                       const char* name, const char* date, int flags, char** result_json,
                                       char** digest_used, char** message) {
  return Guard(message, nullptr, [&] {
    if (!holder) return Fail(DUIXIAN_INVALID_ARGUMENT, "holder must not be NULL", message);
    duixian_policy_set pinned{holder->holder.Current()};  // one version for the whole call
    duixian_status s = duixian_evaluate(&pinned, firm_json, firm_len, name, date, flags, result_json, message);
    if (s == DUIXIAN_OK) Put(digest_used, pinned.set->digest());
    return s;
  });
}

}  // extern "C"
