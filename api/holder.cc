// PolicySetHolder: the serving set behind an atomically swapped shared_ptr.
// Readers take a reference (std::atomic_load) and keep the set alive until
// their evaluation ends, so a reload never pulls a set from under them.
#include <atomic>
#include <utility>

#include "duixian/duixian.hpp"

namespace duixian {

PolicySetHolder::PolicySetHolder(std::shared_ptr<const PolicySet> initial) : current_(std::move(initial)) {
  if (!current_) throw Error(Status::kInvalidArgument, "a holder needs a policy set to serve");
}

std::shared_ptr<const PolicySet> PolicySetHolder::Current() const { return std::atomic_load(&current_); }

void PolicySetHolder::Replace(std::shared_ptr<const PolicySet> set) {
  if (!set) throw Error(Status::kInvalidArgument, "cannot serve a null policy set");
  std::lock_guard<std::mutex> lock(reload_mutex_);
  std::atomic_store(&current_, std::move(set));
}

ReloadResult PolicySetHolder::Load(const std::function<std::shared_ptr<const PolicySet>()>& load) {
  // Serialised so two reloads cannot finish out of order; compiling under
  // the lock does not block evaluations, which never take it.
  std::lock_guard<std::mutex> lock(reload_mutex_);
  ReloadResult result;
  try {
    std::shared_ptr<const PolicySet> next = load();
    std::atomic_store(&current_, next);
  } catch (const Error& e) {
    result.status = e.status();
    result.message = e.what();
    result.diagnostics = e.diagnostics();
  } catch (const std::exception& e) {
    result.status = Status::kInternal;
    result.message = e.what();
  }
  result.digest = std::atomic_load(&current_)->digest();
  return result;
}

ReloadResult PolicySetHolder::ReloadDirectory(const std::string& dir) {
  Limits limits = Current()->limits();
  return Load([&] { return PolicySet::LoadDirectory(dir, limits); });
}

ReloadResult PolicySetHolder::ReloadSources(std::string_view schema_json, std::string_view calendar_json,
                                            std::vector<Source> sources) {
  Limits limits = Current()->limits();
  return Load([&] { return PolicySet::LoadSources(schema_json, calendar_json, std::move(sources), limits); });
}

Evaluation PolicySetHolder::Evaluate(std::string_view firm_json, const EvalOptions& options,
                                     std::string_view name) const {
  std::shared_ptr<const PolicySet> set = Current();  // pinned for the whole call
  Evaluation e;
  e.json = set->Evaluate(firm_json, options, name);
  e.digest = set->digest();
  return e;
}

}  // namespace duixian
