// The `duixian._duixian` extension: the C++ API for Python. Engine work runs
// with the GIL released, so Python threads evaluate in parallel. Errors
// become the exception classes of duixian/__init__.py (status, diagnostics).
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "duixian/duixian.hpp"

namespace py = pybind11;

namespace {

// pybind11 holders cannot hold shared_ptr<const T>; the bound class wraps it.
struct PyPolicySet {
  std::shared_ptr<const duixian::PolicySet> set;
};

duixian::EvalOptions Options(std::string date, bool explain, bool compact) {
  duixian::EvalOptions o;
  o.date = std::move(date);
  o.mode = explain ? duixian::Mode::kExplain : duixian::Mode::kVerdict;
  o.indent = compact ? -1 : 2;
  return o;
}

// A firm given as str, bytes or dict (serialised with json.dumps).
std::string FirmText(const py::handle& firm) {
  if (py::isinstance<py::str>(firm)) return firm.cast<std::string>();
  if (py::isinstance<py::bytes>(firm)) return firm.cast<std::string>();
  if (py::isinstance<py::dict>(firm)) {
    // Leaked on purpose: a static py::object would be released after the
    // interpreter is gone.
    static py::handle dumps = py::object(py::module_::import("json").attr("dumps")).release();
    return dumps(firm, py::arg("ensure_ascii") = false).cast<std::string>();
  }
  throw py::type_error("a firm is a dict, or its JSON as str or bytes, not " +
                       std::string(py::str(py::type::of(firm).attr("__name__"))));
}

std::vector<duixian::Source> SourcesOf(const py::iterable& sources) {
  std::vector<duixian::Source> out;
  for (py::handle s : sources) {
    auto t = s.cast<py::tuple>();
    if (t.size() != 3) throw py::value_error("a source is (module, path, text)");
    out.push_back({t[0].cast<std::string>(), t[1].cast<std::string>(), t[2].cast<std::string>()});
  }
  return out;
}

// The fields of duixian::Limits by name, for keyword construction and repr.
const std::vector<std::pair<const char*, uint64_t duixian::Limits::*>>& LimitFields() {
  static const std::vector<std::pair<const char*, uint64_t duixian::Limits::*>> fields = {
      {"max_firm_bytes", &duixian::Limits::max_firm_bytes},
      {"max_json_depth", &duixian::Limits::max_json_depth},
      {"max_string_bytes", &duixian::Limits::max_string_bytes},
      {"max_items", &duixian::Limits::max_items},
      {"max_number_digits", &duixian::Limits::max_number_digits},
      {"max_eval_steps", &duixian::Limits::max_eval_steps},
      {"max_policy_bytes", &duixian::Limits::max_policy_bytes},
      {"max_nesting", &duixian::Limits::max_nesting},
      {"max_tree_depth", &duixian::Limits::max_tree_depth},
      {"max_clauses", &duixian::Limits::max_clauses},
      {"max_elaboration_steps", &duixian::Limits::max_elaboration_steps},
      {"max_elaboration_depth", &duixian::Limits::max_elaboration_depth},
  };
  return fields;
}

duixian::Limits LimitsFromKwargs(const py::kwargs& kwargs) {
  duixian::Limits l;
  for (auto item : kwargs) {
    std::string key = item.first.cast<std::string>();
    bool known = false;
    for (const auto& [name, member] : LimitFields()) {
      if (key == name) {
        l.*member = item.second.cast<uint64_t>();
        known = true;
      }
    }
    if (!known) throw py::type_error("Limits has no field `" + key + "`");
  }
  return l;
}

py::object Raise(const duixian::Error& e) {
  py::module_ m = py::module_::import("duixian");
  py::object cls = m.attr("_error_class")(duixian::StatusName(e.status()));
  return cls(e.what(), duixian::StatusName(e.status()), py::cast(e.diagnostics()));
}

}  // namespace

PYBIND11_MODULE(_duixian, m) {
  m.doc() = "duixian engine (see the duixian package)";
  m.attr("__version__") = duixian::LibraryVersion();

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const duixian::Error& e) {
      py::object exc = Raise(e);
      PyErr_SetObject(exc.get_type().ptr(), exc.ptr());
    }
  });

  py::class_<duixian::DiagnosticInfo>(m, "Diagnostic")
      .def_readonly("code", &duixian::DiagnosticInfo::code)
      .def_readonly("severity", &duixian::DiagnosticInfo::severity)
      .def_readonly("message", &duixian::DiagnosticInfo::message)
      .def_readonly("message_zh", &duixian::DiagnosticInfo::message_zh)
      .def_readonly("file", &duixian::DiagnosticInfo::file)
      .def_readonly("field", &duixian::DiagnosticInfo::field)
      .def_readonly("line", &duixian::DiagnosticInfo::line)
      .def_readonly("column", &duixian::DiagnosticInfo::column)
      .def_readonly("end_line", &duixian::DiagnosticInfo::end_line)
      .def_readonly("end_column", &duixian::DiagnosticInfo::end_column)
      .def("__repr__", [](const duixian::DiagnosticInfo& d) {
        return "<Diagnostic " + d.code + " " + d.file + ":" + std::to_string(d.line) + ":" +
               std::to_string(d.column) + " " + d.message + ">";
      });

  py::class_<duixian::Limits> limits(m, "Limits");
  limits.def(py::init(&LimitsFromKwargs))
      .def("__repr__", [](const duixian::Limits& l) {
        std::string out = "Limits(";
        for (const auto& [name, member] : LimitFields()) {
          if (out.size() > 7) out += ", ";
          out += std::string(name) + "=" + std::to_string(l.*member);
        }
        return out + ")";
      })
      .def("__eq__", [](const duixian::Limits& a, const duixian::Limits& b) {
        for (const auto& field : LimitFields()) {
          if (a.*field.second != b.*field.second) return false;
        }
        return true;
      });
  for (const auto& [name, member] : LimitFields()) limits.def_readwrite(name, member);

  py::class_<PyPolicySet>(m, "PolicySet")
      .def_property_readonly("limits", [](const PyPolicySet& p) { return p.set->limits(); })
      .def_property_readonly("digest", [](const PyPolicySet& p) { return p.set->digest(); })
      .def_property_readonly("policy_count", [](const PyPolicySet& p) { return p.set->policy_count(); })
      .def_property_readonly("diagnostics", [](const PyPolicySet& p) { return p.set->diagnostics(); })
      .def(
          "evaluate",
          [](const PyPolicySet& p, const py::object& firm, std::string date, bool explain, bool compact,
             std::string name) {
            std::string text = FirmText(firm);
            std::string out;
            {
              py::gil_scoped_release release;
              out = p.set->Evaluate(text, Options(std::move(date), explain, compact), name);
            }
            return out;
          },
          py::arg("firm"), py::arg("date"), py::kw_only(), py::arg("explain") = true, py::arg("compact") = false,
          py::arg("name") = "firm")
      .def(
          "evaluate_batch",
          [](const PyPolicySet& p, const py::iterable& firms, std::string date, bool explain, bool compact,
             std::vector<std::string> names) {
            std::vector<std::string> texts;
            for (py::handle f : firms) texts.push_back(FirmText(f));
            std::vector<duixian::BatchItem> items;
            {
              py::gil_scoped_release release;
              std::vector<std::string_view> views(texts.begin(), texts.end());
              std::vector<std::string_view> name_views(names.begin(), names.end());
              items = p.set->EvaluateBatch(views, Options(std::move(date), explain, compact), name_views);
            }
            // (ok, json or error message) per firm, in input order.
            py::list out(items.size());
            for (size_t i = 0; i < items.size(); ++i) {
              bool ok = items[i].status == duixian::Status::kOk;
              out[i] = py::make_tuple(ok, ok ? std::move(items[i].json) : std::move(items[i].error));
            }
            return out;
          },
          py::arg("firms"), py::arg("date"), py::kw_only(), py::arg("explain") = false, py::arg("compact") = true,
          py::arg("names") = std::vector<std::string>());

  m.def(
      "load",
      [](const std::string& dir, const duixian::Limits& limits) {
        py::gil_scoped_release release;
        return PyPolicySet{duixian::PolicySet::LoadDirectory(dir, limits)};
      },
      py::arg("dir"), py::kw_only(), py::arg("limits") = duixian::Limits());
  m.def(
      "load_sources",
      [](const std::string& schema_json, const std::string& calendar_json, const py::iterable& sources,
         const duixian::Limits& limits) {
        std::vector<duixian::Source> s = SourcesOf(sources);
        py::gil_scoped_release release;
        return PyPolicySet{duixian::PolicySet::LoadSources(schema_json, calendar_json, std::move(s), limits)};
      },
      py::arg("schema_json"), py::arg("calendar_json"), py::arg("sources"), py::kw_only(),
      py::arg("limits") = duixian::Limits());

  py::class_<duixian::Evaluation>(m, "Evaluation")
      .def_readonly("json", &duixian::Evaluation::json)
      .def_readonly("digest", &duixian::Evaluation::digest);

  py::class_<duixian::ReloadResult>(m, "ReloadResult")
      .def_property_readonly("ok", &duixian::ReloadResult::ok)
      .def_property_readonly("status", [](const duixian::ReloadResult& r) { return duixian::StatusName(r.status); })
      .def_readonly("message", &duixian::ReloadResult::message)
      .def_readonly("diagnostics", &duixian::ReloadResult::diagnostics)
      .def_readonly("digest", &duixian::ReloadResult::digest);

  py::class_<duixian::PolicySetHolder>(m, "Holder")
      .def(py::init([](const PyPolicySet& initial) { return std::make_unique<duixian::PolicySetHolder>(initial.set); }),
           py::arg("policy_set"))
      .def_property_readonly("current",
                             [](const duixian::PolicySetHolder& h) { return PyPolicySet{h.Current()}; })
      .def("reload", &duixian::PolicySetHolder::ReloadDirectory, py::arg("dir"),
           py::call_guard<py::gil_scoped_release>())
      .def(
          "reload_sources",
          [](duixian::PolicySetHolder& h, const std::string& schema_json, const std::string& calendar_json,
             const py::iterable& sources) {
            std::vector<duixian::Source> s = SourcesOf(sources);
            py::gil_scoped_release release;
            return h.ReloadSources(schema_json, calendar_json, std::move(s));
          },
          py::arg("schema_json"), py::arg("calendar_json"), py::arg("sources"))
      .def(
          "evaluate",
          [](const duixian::PolicySetHolder& h, const py::object& firm, std::string date, bool explain,
             bool compact, std::string name) {
            std::string text = FirmText(firm);
            py::gil_scoped_release release;
            return h.Evaluate(text, Options(std::move(date), explain, compact), name);
          },
          py::arg("firm"), py::arg("date"), py::kw_only(), py::arg("explain") = true, py::arg("compact") = false,
          py::arg("name") = "firm");
}
