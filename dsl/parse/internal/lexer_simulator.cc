#include "dsl/parse/internal/lexer_simulator.h"

#include <cstddef>
#include <mutex>
#include <shared_mutex>
#include <utility>

#include "absl/container/flat_hash_map.h"

namespace duixian::dsl_internal {
namespace {

using antlr4::atn::LexerATNSimulator;
using antlr4::dfa::DFAState;

// DFA transitions on characters above 127: (from state, code point) → state.
class WideCharEdges {
 public:
  DFAState* Find(const DFAState* from, size_t c) const {
    std::shared_lock<std::shared_mutex> lock(mutex_);
    auto it = edges_.find(std::make_pair(from, c));
    return it == edges_.end() ? nullptr : it->second;
  }

  void Add(const DFAState* from, size_t c, DFAState* to) {
    std::unique_lock<std::shared_mutex> lock(mutex_);
    edges_.emplace(std::make_pair(from, c), to);
  }

 private:
  mutable std::shared_mutex mutex_;
  absl::flat_hash_map<std::pair<const DFAState*, size_t>, DFAState*> edges_;
};

WideCharEdges& TheWideCharEdges() {
  static WideCharEdges* edges = new WideCharEdges();  // never destroyed, like ANTLR's DFA
  return *edges;
}

class WideCharCachingSimulator : public LexerATNSimulator {
 public:
  using LexerATNSimulator::LexerATNSimulator;

 protected:
  DFAState* getExistingTargetState(DFAState* s, size_t t) override {
    if (t <= MAX_DFA_EDGE) return LexerATNSimulator::getExistingTargetState(s, t);
    return TheWideCharEdges().Find(s, t);
  }

  DFAState* computeTargetState(antlr4::CharStream* input, DFAState* s, size_t t) override {
    DFAState* target = LexerATNSimulator::computeTargetState(input, s, t);
    // ANTLR itself keeps no edge whose target depends on a semantic
    // predicate (the policy lexer has none); nor does this cache.
    const bool predicated = target != nullptr && target != ERROR.get() && target->configs != nullptr &&
                            target->configs->hasSemanticContext;
    if (t > MAX_DFA_EDGE && target != nullptr && !predicated) TheWideCharEdges().Add(s, t, target);
    return target;
  }
};

}  // namespace

PolicyLexerWithWideCharCache::PolicyLexerWithWideCharCache(antlr4::CharStream* input)
    : PolicyLexer(input) {
  auto* own = getInterpreter<LexerATNSimulator>();
  _interpreter = new WideCharCachingSimulator(this, getATN(), own->_decisionToDFA, own->getSharedContextCache());
  delete own;
}

}  // namespace duixian::dsl_internal
