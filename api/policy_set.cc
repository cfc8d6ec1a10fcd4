// duixian::PolicySet: a compiled program plus a pool of evaluators, and the
// exact `duixian eval --format json` path (decode, evaluate, DecisionToJson).
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

struct PolicySet::Impl {
  std::shared_ptr<const engine::Program> program;
  std::shared_ptr<const engine::Schema> schema;
  std::vector<DiagnosticInfo> diagnostics;

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
    return std::make_unique<engine::Evaluator>(program);
  }
  void Release(std::unique_ptr<engine::Evaluator> ev) {
    std::lock_guard<std::mutex> lock(pool_mutex);
    pool.push_back(std::move(ev));
  }
};

namespace {

// The set's state from a compilation; throws kPolicyError when it failed.
std::unique_ptr<PolicySet::Impl> Prepare(dsl::Compilation c) {
  std::vector<DiagnosticInfo> diags = api::FromCompilation(c);
  if (!c.program) throw Error(Status::kPolicyError, api::CompileFailureMessage(c, diags), std::move(diags));
  auto impl = std::make_unique<PolicySet::Impl>();
  impl->program = c.program;
  impl->schema = c.schema;
  impl->diagnostics = std::move(diags);
  return impl;
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

std::shared_ptr<const PolicySet> PolicySet::LoadDirectory(const std::string& dir) {
  absl::StatusOr<dsl::Compilation> c = dsl::CompileDirectory(dir);
  if (!c.ok()) throw Error(Status::kIoError, std::string(c.status().message()));
  return std::shared_ptr<const PolicySet>(new PolicySet(Prepare(std::move(*c))));
}

std::shared_ptr<const PolicySet> PolicySet::LoadSources(std::string_view schema_json,
                                                        std::string_view calendar_json,
                                                        std::vector<Source> sources) {
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
                                           std::move(inputs));
  return std::shared_ptr<const PolicySet>(new PolicySet(Prepare(std::move(c))));
}

const std::string& PolicySet::digest() const { return impl_->program->digest; }
size_t PolicySet::policy_count() const { return impl_->program->policies.size(); }
const std::vector<DiagnosticInfo>& PolicySet::diagnostics() const { return impl_->diagnostics; }

std::string PolicySet::Evaluate(std::string_view firm_json, const EvalOptions& options,
                                std::string_view name) const {
  engine::CivilDate date = RequireDate(options.date);
  engine::FirmDecodeResult r = engine::DecodeFirmJson(*impl_->schema, firm_json, name);
  if (r.error || !r.record) {
    engine::FirmDataIssue issue =
        r.error ? *r.error : engine::FirmDataIssue{std::string(name), "", "unusable firm record", "企业档案不可用", 0, 0};
    throw Error(Status::kFirmError, issue.ToString(), {api::FromFirmIssue(issue, "error")});
  }
  std::unique_ptr<engine::Evaluator> ev = impl_->Acquire();
  engine::Decision d = ev->Evaluate(*r.record, date, ModeOf(options.mode));
  impl_->Release(std::move(ev));
  // Explain mode carries what-if advice, as `duixian eval` does.
  if (options.mode == Mode::kExplain) engine::whatif::Advisor(impl_->program).Advise(*r.record, date, &d);
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
  if (options.mode == Mode::kExplain) advisor.emplace(impl_->program);
  std::string default_name;
  for (size_t i = 0; i < firms.size(); ++i) {
    std::string_view name = names.empty() ? std::string_view(default_name = absl::StrCat("firm[", i, "]")) : names[i];
    engine::FirmDecodeResult r = engine::DecodeFirmJson(*impl_->schema, firms[i], name);
    if (r.error || !r.record) {
      out[i].status = Status::kFirmError;
      out[i].error = r.error ? r.error->ToString() : std::string(name);
      continue;
    }
    engine::Decision d = ev->Evaluate(*r.record, date, mode);
    if (advisor) advisor->Advise(*r.record, date, &d);
    out[i].json = engine::DecisionToJson(*impl_->program, d, options.indent);
  }
  impl_->Release(std::move(ev));
  return out;
}

}  // namespace duixian
