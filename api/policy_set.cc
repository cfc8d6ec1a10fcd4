// duixian::PolicySet: a compiled program plus a pool of evaluators, and the
// exact `duixian eval --format json` path (decode, evaluate, DecisionToJson).
#include <climits>
#include <memory>
#include <mutex>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "api/diagnostics.h"
#include "duixian/duixian.hpp"
#include "duixian/version.h"
#include "dsl/compiler.h"
#include "engine/eval/decision_json.h"
#include "engine/eval/evaluator.h"
#include "engine/profile/firm_decoder.h"
#include "engine/profile/firm_limits.h"
#include "engine/whatif/advisor.h"

namespace duixian {

const char* LibraryVersion() { return DUIXIAN_VERSION; }

const char* StatusName(Status status) {
  switch (status) {
    case Status::kOk: return "ok";
    case Status::kInvalidArgument: return "invalid_argument";
    case Status::kIoError: return "io_error";
    case Status::kPolicyError: return "policy_error";
    case Status::kFirmError: return "firm_error";
    case Status::kInternal: return "internal";
  }
  return "unknown";
}

Error::Error(Status status, const std::string& message, std::vector<DiagnosticInfo> diagnostics)
    : std::runtime_error(message), status_(status), diagnostics_(std::move(diagnostics)) {}

// The public defaults are the engine's (docs/reliability.md).
constexpr Limits kPublicDefaults{};
constexpr engine::FirmLimits kFirmDefaults{};
constexpr dsl::CompileLimits kCompileDefaults{};
static_assert(kPublicDefaults.max_firm_bytes == kFirmDefaults.max_file_bytes &&
              kPublicDefaults.max_json_depth == static_cast<uint64_t>(kFirmDefaults.max_depth) &&
              kPublicDefaults.max_string_bytes == kFirmDefaults.max_string_bytes &&
              kPublicDefaults.max_items == kFirmDefaults.max_items &&
              kPublicDefaults.max_number_digits == static_cast<uint64_t>(kFirmDefaults.max_number_digits) &&
              kPublicDefaults.max_eval_steps == kFirmDefaults.max_eval_steps,
              "duixian::Limits firm defaults differ from engine::FirmLimits");
static_assert(kPublicDefaults.max_policy_bytes == kCompileDefaults.max_file_bytes &&
              kPublicDefaults.max_nesting == static_cast<uint64_t>(kCompileDefaults.parse.max_nesting) &&
              kPublicDefaults.max_tree_depth == static_cast<uint64_t>(kCompileDefaults.parse.max_tree_depth) &&
              kPublicDefaults.max_clauses == static_cast<uint64_t>(kCompileDefaults.max_clauses) &&
              kPublicDefaults.max_elaboration_steps == kCompileDefaults.max_elaboration_steps &&
              kPublicDefaults.max_elaboration_depth == static_cast<uint64_t>(kCompileDefaults.max_elaboration_depth),
              "duixian::Limits policy defaults differ from dsl::CompileLimits");

struct PolicySet::Impl {
  std::shared_ptr<const engine::Program> program;
  std::shared_ptr<const engine::Schema> schema;
  std::vector<DiagnosticInfo> diagnostics;
  Limits limits;
  engine::FirmLimits firm_limits;

  // An Evaluator holds per-firm scratch and is not thread-safe; building one
  // allocates per-node buffers, so idle ones are kept for the next call.
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<engine::Evaluator>> pool;

  std::unique_ptr<engine::Evaluator> Acquire() {
    {
      std::lock_guard<std::mutex> lock(pool_mutex);
      if (!pool.empty()) {
        std::unique_ptr<engine::Evaluator> ev = std::move(pool.back());
        pool.pop_back();
        return ev;
      }
    }
    auto ev = std::make_unique<engine::Evaluator>(program);
    ev->set_max_steps(firm_limits.max_eval_steps);
    return ev;
  }
  void Release(std::unique_ptr<engine::Evaluator> ev) {
    std::lock_guard<std::mutex> lock(pool_mutex);
    pool.push_back(std::move(ev));
  }
};

namespace {

// One limit as the engine's type; 0 (unless `zero_means_none`) and values
// the type cannot hold are kInvalidArgument naming the limit.
template <typename T>
T LimitValue(uint64_t value, const char* name, bool zero_means_none = false) {
  constexpr uint64_t kMax = sizeof(T) < sizeof(uint64_t) ? static_cast<uint64_t>(INT_MAX) : UINT64_MAX;
  if ((value == 0 && !zero_means_none) || value > kMax) {
    throw Error(Status::kInvalidArgument,
                absl::StrCat("limit ", name, " must be between 1 and ", kMax, ", not ", value));
  }
  return static_cast<T>(value);
}

dsl::CompileLimits CompileLimitsOf(const Limits& l) {
  dsl::CompileLimits c;
  c.max_file_bytes = LimitValue<size_t>(l.max_policy_bytes, "max_policy_bytes");
  c.parse.max_nesting = LimitValue<int>(l.max_nesting, "max_nesting");
  c.parse.max_tree_depth = LimitValue<int>(l.max_tree_depth, "max_tree_depth");
  c.max_clauses = LimitValue<int>(l.max_clauses, "max_clauses");
  c.max_elaboration_steps = LimitValue<uint64_t>(l.max_elaboration_steps, "max_elaboration_steps");
  c.max_elaboration_depth = LimitValue<int>(l.max_elaboration_depth, "max_elaboration_depth");
  return c;
}

engine::FirmLimits FirmLimitsOf(const Limits& l) {
  engine::FirmLimits f;
  f.max_file_bytes = LimitValue<uint64_t>(l.max_firm_bytes, "max_firm_bytes");
  f.max_depth = LimitValue<int>(l.max_json_depth, "max_json_depth");
  f.max_string_bytes = LimitValue<size_t>(l.max_string_bytes, "max_string_bytes");
  f.max_items = LimitValue<size_t>(l.max_items, "max_items");
  f.max_number_digits = LimitValue<int>(l.max_number_digits, "max_number_digits");
  f.max_eval_steps = LimitValue<uint64_t>(l.max_eval_steps, "max_eval_steps", /*zero_means_none=*/true);
  return f;
}

// The set's state from a compilation; throws kPolicyError when it failed.
std::unique_ptr<PolicySet::Impl> Prepare(dsl::Compilation c, const Limits& limits) {
  std::vector<DiagnosticInfo> diags = api::FromCompilation(c);
  if (!c.program) throw Error(Status::kPolicyError, api::CompileFailureMessage(c, diags), std::move(diags));
  auto impl = std::make_unique<PolicySet::Impl>();
  impl->program = c.program;
  impl->schema = c.schema;
  impl->diagnostics = std::move(diags);
  impl->limits = limits;
  impl->firm_limits = FirmLimitsOf(limits);
  return impl;
}

// A firm the engine could not decide within the budget is a firm error, not
// a decision with no policies in it.
Error OverBudget(std::string_view name, const std::string& reason, uint64_t limit) {
  engine::FirmDataIssue issue{std::string(name), "", reason,
                              absl::StrCat("评估该企业所需的计算超过上限 ", limit, " 步", "（记录列表过大？）"), 0, 0};
  return Error(Status::kFirmError, issue.ToString(), {api::FromFirmIssue(issue, "error")});
}

engine::CivilDate RequireDate(const std::string& text) {
  std::optional<engine::CivilDate> d = engine::CivilDate::Parse(text);
  if (!d) throw Error(Status::kInvalidArgument, absl::StrCat("the evaluation date must be YYYY-MM-DD, not `", text, "`"));
  return *d;
}

engine::EvalMode ModeOf(Mode m) { return m == Mode::kVerdict ? engine::EvalMode::kVerdict : engine::EvalMode::kExplain; }

}  // namespace

PolicySet::PolicySet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PolicySet::~PolicySet() = default;

std::shared_ptr<const PolicySet> PolicySet::LoadDirectory(const std::string& dir, const Limits& limits) {
  FirmLimitsOf(limits);  // checked before the (slow) compilation
  absl::StatusOr<dsl::Compilation> c = dsl::CompileDirectory(dir, CompileLimitsOf(limits));
  if (!c.ok()) throw Error(Status::kIoError, std::string(c.status().message()));
  return std::shared_ptr<const PolicySet>(new PolicySet(Prepare(std::move(*c), limits)));
}

std::shared_ptr<const PolicySet> PolicySet::LoadSources(std::string_view schema_json,
                                                        std::string_view calendar_json,
                                                        std::vector<Source> sources, const Limits& limits) {
  dsl::CompileLimits compile_limits = CompileLimitsOf(limits);
  FirmLimitsOf(limits);
  absl::StatusOr<engine::Schema> schema = engine::Schema::FromJson(schema_json, "schema.json");
  if (!schema.ok()) throw Error(Status::kInvalidArgument, std::string(schema.status().message()));
  absl::StatusOr<engine::HolidayCalendar> calendar = engine::HolidayCalendar::FromJson(calendar_json);
  if (!calendar.ok()) {
    throw Error(Status::kInvalidArgument, absl::StrCat("calendar.json: ", calendar.status().message()));
  }
  std::vector<dsl::SourceInput> inputs;
  inputs.reserve(sources.size());
  for (Source& s : sources) inputs.push_back({std::move(s.module), std::move(s.path), std::move(s.text)});
  dsl::Compilation c = dsl::CompileSources(std::make_shared<engine::Schema>(std::move(*schema)),
                                           std::make_shared<engine::HolidayCalendar>(std::move(*calendar)),
                                           std::move(inputs), compile_limits);
  return std::shared_ptr<const PolicySet>(new PolicySet(Prepare(std::move(c), limits)));
}

const std::string& PolicySet::digest() const { return impl_->program->digest; }
size_t PolicySet::policy_count() const { return impl_->program->policies.size(); }
const std::vector<DiagnosticInfo>& PolicySet::diagnostics() const { return impl_->diagnostics; }
const Limits& PolicySet::limits() const { return impl_->limits; }

std::string PolicySet::Evaluate(std::string_view firm_json, const EvalOptions& options,
                                std::string_view name) const {
  engine::CivilDate date = RequireDate(options.date);
  engine::FirmDecodeResult r = engine::DecodeFirmJson(*impl_->schema, firm_json, name, impl_->firm_limits);
  if (r.error || !r.record) {
    engine::FirmDataIssue issue =
        r.error ? *r.error : engine::FirmDataIssue{std::string(name), "", "unusable firm record", "企业档案不可用", 0, 0};
    throw Error(Status::kFirmError, issue.ToString(), {api::FromFirmIssue(issue, "error")});
  }
  std::unique_ptr<engine::Evaluator> ev = impl_->Acquire();
  engine::Decision d = ev->Evaluate(*r.record, date, ModeOf(options.mode));
  impl_->Release(std::move(ev));
  if (!d.error.empty()) throw OverBudget(name, d.error, impl_->firm_limits.max_eval_steps);
  // Explain mode carries what-if advice, as `duixian eval` does.
  if (options.mode == Mode::kExplain) {
    engine::whatif::Advisor advisor(impl_->program);
    advisor.set_max_steps(impl_->firm_limits.max_eval_steps);
    advisor.Advise(*r.record, date, &d);
  }
  return engine::DecisionToJson(*impl_->program, d, options.indent);
}

std::vector<BatchItem> PolicySet::EvaluateBatch(const std::vector<std::string_view>& firms,
                                                const EvalOptions& options,
                                                const std::vector<std::string_view>& names) const {
  engine::CivilDate date = RequireDate(options.date);
  if (!names.empty() && names.size() != firms.size()) {
    throw Error(Status::kInvalidArgument,
                absl::StrCat(names.size(), " names for ", firms.size(), " firms: give none or one per firm"));
  }
  std::vector<BatchItem> out(firms.size());
  std::unique_ptr<engine::Evaluator> ev = impl_->Acquire();
  engine::EvalMode mode = ModeOf(options.mode);
  std::optional<engine::whatif::Advisor> advisor;
  if (options.mode == Mode::kExplain) {
    advisor.emplace(impl_->program);
    advisor->set_max_steps(impl_->firm_limits.max_eval_steps);
  }
  std::string default_name;
  for (size_t i = 0; i < firms.size(); ++i) {
    std::string_view name = names.empty() ? std::string_view(default_name = absl::StrCat("firm[", i, "]")) : names[i];
    engine::FirmDecodeResult r = engine::DecodeFirmJson(*impl_->schema, firms[i], name, impl_->firm_limits);
    if (r.error || !r.record) {
      out[i].status = Status::kFirmError;
      out[i].error = r.error ? r.error->ToString() : std::string(name);
      continue;
    }
    engine::Decision d = ev->Evaluate(*r.record, date, mode);
    if (!d.error.empty()) {
      out[i].status = Status::kFirmError;
      out[i].error = OverBudget(name, d.error, impl_->firm_limits.max_eval_steps).what();
      continue;
    }
    if (advisor) advisor->Advise(*r.record, date, &d);
    out[i].json = engine::DecisionToJson(*impl_->program, d, options.indent);
  }
  impl_->Release(std::move(ev));
  return out;
}

}  // namespace duixian
