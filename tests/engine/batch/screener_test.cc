// engine::Screen over a hand-built two-policy Program (the engine layer's
// tests link no compiler): count in equals count out, bad inputs with their
// reasons, the same bytes for any thread count, summary.json against
// results.jsonl, and resume after a stop or a torn write.
#include "engine/batch/screener.h"

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "engine/batch/input_walker.h"
#include "engine/batch/screen_report.h"
#include "engine/batch/screen_format.h"
#include "engine/batch/screen_summary.h"
#include "engine/batch/text_appender.h"
#include "engine/ir/rule_graph.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"

namespace duixian::engine {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using nlohmann::json;

std::string Slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void Write(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary) << text;
}

std::vector<json> ReadJsonl(const fs::path& p) {
  std::vector<json> out;
  std::ifstream in(p, std::ios::binary);
  std::string line;
  while (std::getline(in, line)) out.push_back(json::parse(line));
  return out;
}

// T-1: 营收 (revenue[2024] >= 2000万元), benefit 10万元.
// T-2: 法人 (independent_legal_person) and 营收, no amount, assumed figures.
std::shared_ptr<const Program> TestProgram() {
  static std::shared_ptr<const Program> program = [] {
    auto schema_or = Schema::FromJson(Slurp(fs::path(DX_SOURCE_DIR) / "policies/schema.json"), "schema.json");
    EXPECT_TRUE(schema_or.ok()) << schema_or.status();
    auto schema = std::make_shared<const Schema>(*std::move(schema_or));
    GraphBuilder b;
    NodeId rev = b.Add(Op::kSeries, ValueType::kNumber, {}, static_cast<uint32_t>(schema->IndexOf("revenue")), 2024);
    NodeId min = b.Constant(Number::FromInt(20000000));
    NodeId ge = b.Add(Op::kGe, ValueType::kBool, {rev, min});
    NodeId legal = b.Add(Op::kField, ValueType::kBool, {},
                         static_cast<uint32_t>(schema->IndexOf("independent_legal_person")));
    NodeId amount = b.Constant(Number::FromInt(100000));
    auto p = std::make_shared<Program>();
    p->schema = schema;
    p->graph = std::move(b).Finish();
    PolicyInfo t1;
    t1.id = "T-1";
    t1.title = "测试一";
    t1.clauses.push_back({"营收", "营业收入不低于2000万元", ClauseKind::kCondition, ge, "t.policy:1"});
    t1.benefit = BenefitInfo{"奖励10万元", amount, "t.policy:2"};
    PolicyInfo t2;
    t2.id = "T-2";
    t2.title = "测试二";
    t2.assumed = {"金额未定"};
    t2.clauses.push_back({"法人", "独立法人", ClauseKind::kCondition, legal, "t.policy:3"});
    t2.clauses.push_back({"营收", "营业收入不低于2000万元", ClauseKind::kCondition, ge, "t.policy:4"});
    p->policies = {t1, t2};
    p->policy_index = {{"T-1", 0}, {"T-2", 1}};
    p->digest = "test-digest";
    return std::shared_ptr<const Program>(std::move(p));
  }();
  return program;
}

std::string Firm(const std::string& town, const char* revenue, const char* legal) {
  std::string j = "{\"镇街\": \"" + town + "\"";
  if (revenue != nullptr) j += std::string(", \"营业收入\": {\"2024\": ") + revenue + "}";
  if (legal != nullptr) j += std::string(", \"独立法人\": ") + legal;
  return j + "}";
}

fs::path TempDir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("dx_screener_test_" + name + "_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

// A sharded folder of `good` firm files (varied verdicts) plus the bad kinds.
fs::path MakePopulation(const std::string& name, int good, bool with_bad) {
  fs::path dir = TempDir(name) / "firms";
  const char* towns[] = {"麻涌镇", "长安镇", "东城街道"};
  const char* revenues[] = {"30000000", "1000", nullptr, "20000000"};
  const char* legals[] = {"true", "false", nullptr};
  for (int i = 0; i < good; ++i) {
    char shard[16], file[32];
    std::snprintf(shard, sizeof shard, "%02d", i / 50);
    std::snprintf(file, sizeof file, "%05d.json", i);
    Write(dir / shard / file, Firm(towns[i % 3], revenues[i % 4], legals[(i / 4) % 3]));
  }
  if (with_bad) {
    Write(dir / "90-bad/a-json.json", "{\"镇街\": \"麻涌镇\",\n  \"营业收入\": {\"2024\": 1,}\n}");
    Write(dir / "90-bad/b-type.json", "{\"营业收入\": \"很多\"}");
    Write(dir / "90-bad/c-uscc.json", "{\"统一社会信用代码\": \"91441900708017879A\"}");
    fs::create_directories(dir / "90-bad");
    std::ofstream(dir / "90-bad/d-huge.json");
    fs::resize_file(dir / "90-bad/d-huge.json", kMaxInputBytes + 1);
    fs::create_symlink(dir / "nowhere.json", dir / "90-bad/e-dangling.json");
    Write(dir / "90-bad/notes.txt", "not an input");
    Write(dir / ".hidden.json", "{}");
  }
  return dir;
}

absl::StatusOr<ScreenStats> RunScreen(const fs::path& firms, const fs::path& out, int threads, bool resume = false,
                                const std::atomic<bool>* cancel = nullptr,
                                std::function<void(const ScreenProgress&)> progress = nullptr) {
  ScreenOptions o;
  o.firms = firms.string();
  o.out_dir = out.string();
  o.date = *CivilDate::Parse("2025-06-20");
  o.threads = threads;
  o.resume = resume;
  o.checkpoint_every = 64;
  o.cancel = cancel;
  o.on_progress = std::move(progress);
  return Screen(TestProgram(), o);
}

const char* kOutputs[] = {"results.jsonl", "errors.jsonl", "matrix.csv", "summary.json", "report.html"};

TEST(ScreenerTest, EveryInputAppearsExactlyOnceInOrder) {
  fs::path firms = MakePopulation("count", 300, true);
  fs::path out = firms.parent_path() / "out";
  absl::StatusOr<ScreenStats> s = RunScreen(firms, out, 4);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->inputs, 305u);
  EXPECT_EQ(s->results, 300u);
  EXPECT_EQ(s->errors, 5u);
  std::vector<json> results = ReadJsonl(out / "results.jsonl");
  std::vector<json> errors = ReadJsonl(out / "errors.jsonl");
  ASSERT_EQ(results.size(), 300u);
  ASSERT_EQ(errors.size(), 5u);
  std::vector<bool> seen(305, false);
  uint64_t last = 0;
  for (size_t i = 0; i < results.size(); ++i) {
    uint64_t n = results[i]["n"].get<uint64_t>();
    if (i > 0) {
      EXPECT_GT(n, last);
    }
    last = n;
    seen[n] = true;
  }
  for (const json& e : errors) seen[e["n"].get<uint64_t>()] = true;
  for (size_t i = 0; i < seen.size(); ++i) EXPECT_TRUE(seen[i]) << i;
  // Sorted walk: 00/00000.json first, the bad folder after the shards.
  EXPECT_EQ(results[0]["file"], "00/00000.json");
  EXPECT_EQ(errors[0]["file"], "90-bad/a-json.json");
  EXPECT_FALSE(fs::exists(out / ".screen-checkpoint.json"));
  EXPECT_FALSE(fs::exists(out / "results.jsonl.part"));
  std::string matrix = Slurp(out / "matrix.csv");
  EXPECT_EQ(matrix.rfind("\xEF\xBB\xBF", 0), 0u);
  EXPECT_EQ(std::count(matrix.begin(), matrix.end(), '\n'), 301);
}

TEST(ScreenerTest, EachBadInputKindHasItsReason) {
  fs::path firms = MakePopulation("bad", 0, true);
  fs::path out = firms.parent_path() / "out";
  ASSERT_TRUE(RunScreen(firms, out, 2).ok());
  std::vector<json> errors = ReadJsonl(out / "errors.jsonl");
  ASSERT_EQ(errors.size(), 5u);
  std::map<std::string, json> by_file;
  for (const json& e : errors) by_file[e["file"].get<std::string>()] = e;
  const json& bad_json = by_file["90-bad/a-json.json"];
  EXPECT_EQ(bad_json["line"], 2);
  EXPECT_GT(bad_json["column"].get<int>(), 0);
  EXPECT_FALSE(bad_json["reason"].get<std::string>().empty());
  EXPECT_EQ(by_file["90-bad/b-type.json"]["field"], "revenue");
  EXPECT_THAT(by_file["90-bad/b-type.json"]["reason"].get<std::string>(), HasSubstr("string"));
  EXPECT_EQ(by_file["90-bad/c-uscc.json"]["field"], "uscc");
  EXPECT_THAT(by_file["90-bad/c-uscc.json"]["reason"].get<std::string>(), HasSubstr("check character"));
  EXPECT_THAT(by_file["90-bad/d-huge.json"]["reason"].get<std::string>(), HasSubstr("larger than"));
  EXPECT_THAT(by_file["90-bad/e-dangling.json"]["reason"].get<std::string>(), HasSubstr("cannot open"));
  for (const json& e : errors) EXPECT_FALSE(e["reason_zh"].get<std::string>().empty()) << e.dump();
}

TEST(ScreenerTest, SameBytesForAnyThreadCount) {
  fs::path firms = MakePopulation("threads", 400, true);
  std::map<std::string, std::string> first;
  for (int threads : {1, 2, 8}) {
    fs::path out = firms.parent_path() / ("out" + std::to_string(threads));
    ASSERT_TRUE(RunScreen(firms, out, threads).ok());
    for (const char* name : kOutputs) {
      std::string text = Slurp(out / name);
      if (threads == 1) {
        first[name] = text;
      } else {
        EXPECT_EQ(text, first[name]) << name << " with " << threads << " threads";
      }
    }
  }
}

TEST(ScreenerTest, SummaryAgreesWithResults) {
  fs::path firms = MakePopulation("summary", 240, true);
  fs::path out = firms.parent_path() / "out";
  ASSERT_TRUE(RunScreen(firms, out, 3).ok());
  json summary = json::parse(Slurp(out / "summary.json"));
  std::vector<json> results = ReadJsonl(out / "results.jsonl");
  EXPECT_EQ(summary["format"], "duixian.screen/1");
  EXPECT_EQ(summary["policy_set"], "test-digest");
  EXPECT_EQ(summary["results"].get<size_t>(), results.size());
  EXPECT_EQ(summary["errors"], 5);
  EXPECT_EQ(summary["inputs"].get<size_t>(), results.size() + 5);
  std::map<std::string, std::map<std::string, int>> counts;
  std::map<std::string, std::map<std::string, int>> stops, alone;
  std::map<std::string, int64_t> benefit_fen;
  std::map<std::string, int> town_firms;
  int64_t total_fen = 0;
  auto fen = [](const std::string& s) {
    size_t dot = s.find('.');
    return std::stoll(s.substr(0, dot)) * 100 + std::stoll(s.substr(dot + 1));
  };
  for (const json& r : results) {
    for (const char* v : {"eligible", "ineligible", "undetermined"}) {
      for (auto& [id, value] : r[v].items()) {
        ++counts[id][v];
        if (std::string(v) == "ineligible") {
          for (const json& label : value) ++stops[id][label.get<std::string>()];
          if (value.size() == 1) ++alone[id][value[0].get<std::string>()];
        }
        if (std::string(v) == "eligible" && value.is_string()) benefit_fen[id] += fen(value.get<std::string>());
      }
    }
    total_fen += fen(r["total_benefit"].get<std::string>());
    ++town_firms[r["town"].is_null() ? "" : r["town"].get<std::string>()];
  }
  for (const json& p : summary["policies"]) {
    std::string id = p["id"];
    for (const char* v : {"eligible", "ineligible", "undetermined"}) EXPECT_EQ(p[v], counts[id][v]) << id << v;
    EXPECT_EQ(fen(p["total_benefit"]), benefit_fen[id]) << id;
    for (const json& c : p["clauses"]) {
      EXPECT_EQ(c["stops"], stops[id][c["label"]]) << id << c.dump();
      EXPECT_EQ(c["alone"], alone[id][c["label"]]) << id << c.dump();
    }
  }
  EXPECT_EQ(fen(summary["total_benefit"]), total_fen);
  EXPECT_GT(total_fen, 0);
  // T-2 has assumed figures but grants no amount.
  EXPECT_EQ(summary["total_benefit_assumed"], "0.00");
  // The 2-clause policy: some firms fail both clauses, some only one.
  EXPECT_GT(stops["T-2"]["营收"], alone["T-2"]["营收"]);
  EXPECT_GT(alone["T-2"]["营收"], 0);
  for (const json& t : summary["towns"]) {
    EXPECT_EQ(t["firms"], town_firms[t["town"].is_null() ? "" : t["town"].get<std::string>()]);
  }
  ASSERT_FALSE(summary["missing"].empty());
  EXPECT_EQ(summary["missing"][0]["field"], "revenue");
  EXPECT_EQ(summary["missing"][0]["year"], 2024);
  // report.html is rendered from exactly this summary.
  std::string report = Slurp(out / "report.html");
  EXPECT_EQ(report, RenderScreenReport(summary));
  EXPECT_THAT(report, HasSubstr(FormatYuan(summary["total_benefit"].get<std::string>())));
}

TEST(ScreenerTest, JsonlInputWithBlankAndBadLines) {
  fs::path dir = TempDir("jsonl");
  std::string text = Firm("麻涌镇", "30000000", "true") + "\n\n" + "{\"营业收入\": [1]}\n" + "not json\n" +
                     Firm("长安镇", "1", "false") + "\r\n   \n" + Firm("长安镇", nullptr, nullptr);  // no final newline
  Write(dir / "firms.jsonl", text);
  absl::StatusOr<ScreenStats> s = RunScreen(dir / "firms.jsonl", dir / "out", 2);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->inputs, 5u);
  std::vector<json> results = ReadJsonl(dir / "out/results.jsonl");
  std::vector<json> errors = ReadJsonl(dir / "out/errors.jsonl");
  ASSERT_EQ(results.size(), 3u);
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_EQ(results[0]["line"], 1);
  EXPECT_EQ(results[0]["firm"], "firms.jsonl:1");
  EXPECT_EQ(results[0]["eligible"]["T-1"], "100000.00");
  EXPECT_EQ(results[1]["line"], 5);
  EXPECT_EQ(results[2]["line"], 7);
  EXPECT_EQ(results[2]["undetermined"]["T-1"], json::array({"revenue[2024]"}));
  EXPECT_EQ(errors[0]["line"], 3);
  EXPECT_EQ(errors[0]["field"], "revenue");
  EXPECT_EQ(errors[1]["line"], 4);
  EXPECT_EQ(errors[1]["n"], 2);
}

// A JSON array of firms (a common export) is read element by element, each
// element an input as a JSONL line is: the same results as the same firms
// one a line, a bad element named by the line and column where its problem
// is in the file, and whatever follows the array one more bad input.
TEST(ScreenerTest, AJsonArrayOfFirmsIsReadElementByElement) {
  fs::path dir = TempDir("array");
  const std::string a = Firm("麻涌镇", "30000000", "true"), b = Firm("长安镇", "1", "false");
  Write(dir / "firms.jsonl", a + "\n" + b + "\n" + a + "\n");
  absl::StatusOr<ScreenStats> lines = RunScreen(dir / "firms.jsonl", dir / "out-lines", 2);
  ASSERT_TRUE(lines.ok()) << lines.status();
  // Pretty-printed (elements over several lines, strings with brackets and
  // escaped quotes), behind a byte-order mark.
  Write(dir / "firms.json", "\xEF\xBB\xBF[\n  " + a + ",\n  " + b + " ,\n" + a + "\n]\n");
  absl::StatusOr<ScreenStats> array = RunScreen(dir / "firms.json", dir / "out-array", 2);
  ASSERT_TRUE(array.ok()) << array.status();
  EXPECT_EQ(array->inputs, 3u);
  EXPECT_EQ(array->results, lines->results);
  std::vector<json> from_lines = ReadJsonl(dir / "out-lines/results.jsonl");
  std::vector<json> from_array = ReadJsonl(dir / "out-array/results.jsonl");
  ASSERT_EQ(from_array.size(), 3u);
  for (size_t i = 0; i < from_array.size(); ++i) {
    EXPECT_EQ(from_array[i]["eligible"], from_lines[i]["eligible"]) << i;
    EXPECT_EQ(from_array[i]["ineligible"], from_lines[i]["ineligible"]) << i;
  }
  EXPECT_EQ(from_array[0]["line"], 2);  // where each element starts
  EXPECT_EQ(from_array[1]["line"], 3);
  EXPECT_EQ(from_array[2]["line"], 4);

  // Bad elements: a wrong type on an element's third line, a truncated
  // one, text after the array; the good ones are still screened.
  Write(dir / "bad.json",
        "[" + a + ",\n {\"镇街\": \"麻涌镇\",\n  \"名称\": \"x\",\n  \"营业收入\": \"很多\"},\n" +
            "  {\"镇街\": \"长安镇\", \"营业收入\": [1]}, " + b + "\n] trailing");
  absl::StatusOr<ScreenStats> bad = RunScreen(dir / "bad.json", dir / "out-bad", 1);
  ASSERT_TRUE(bad.ok()) << bad.status();
  EXPECT_EQ(bad->inputs, 5u);
  EXPECT_EQ(bad->results, 2u);
  std::vector<json> errors = ReadJsonl(dir / "out-bad/errors.jsonl");
  ASSERT_EQ(errors.size(), 3u);
  EXPECT_EQ(errors[0]["field"], "revenue");
  EXPECT_EQ(errors[0]["line"], 4);  // the element starts on line 2; its problem is on line 4
  EXPECT_EQ(errors[1]["field"], "revenue");
  EXPECT_EQ(errors[1]["line"], 5);
  // On the element's first line: counted from the line's start (the
  // element starts at column 3, the `[1]` at the element's 23rd character).
  EXPECT_EQ(errors[1]["column"], 25);
  EXPECT_EQ(errors[2]["reason"], "text after the end of the JSON array");

  // A first line that is some other array is not an array of firms: JSONL,
  // that line one bad input.
  Write(dir / "odd.jsonl", "[1, 2]\n" + a + "\n");
  absl::StatusOr<ScreenStats> odd = RunScreen(dir / "odd.jsonl", dir / "out-odd", 1);
  ASSERT_TRUE(odd.ok()) << odd.status();
  EXPECT_EQ(odd->results, 1u);
  EXPECT_EQ(odd->errors, 1u);
}

// The options' JSON shape limits hold for the firm files too, not only the
// defaults: a town name past a lowered string limit is an error row that
// names the limit, and the other firms are screened.
TEST(ScreenerTest, FirmLimitsOfTheOptionsApplyToTheFiles) {
  fs::path dir = TempDir("limits");
  Write(dir / "firms.jsonl", Firm("麻涌镇", "30000000", "true") + "\n" + Firm("长安镇", "1", "false") + "\n");
  ScreenOptions o;
  o.firms = (dir / "firms.jsonl").string();
  o.out_dir = (dir / "out").string();
  o.date = *CivilDate::Parse("2025-06-20");
  o.threads = 1;
  o.limits.max_string_bytes = 8;  // 麻涌镇 and 长安镇 are 9 bytes each
  absl::StatusOr<ScreenStats> s = Screen(TestProgram(), o);
  ASSERT_TRUE(s.ok()) << s.status();
  std::vector<json> errors = ReadJsonl(dir / "out/errors.jsonl");
  ASSERT_EQ(errors.size(), 2u);
  EXPECT_THAT(errors[0]["reason"].get<std::string>(), HasSubstr("limit"));
  o.limits = FirmLimits();
  o.out_dir = (dir / "out2").string();
  s = Screen(TestProgram(), o);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(ReadJsonl(dir / "out2/results.jsonl").size(), 2u);
}

TEST(ScreenerTest, ResumeAfterStopAndTornWriteGivesSameBytes) {
  // A folder, a JSONL file, and a JSON array (resumed inside the array).
  for (const char* form : {"dir", "jsonl", "array"}) {
    const bool jsonl = std::string(form) == "jsonl", array = std::string(form) == "array";
    fs::path firms = MakePopulation(std::string("resume_") + form, 1500, true);
    if (jsonl || array) {
      std::string lines = array ? "[\n" : "";
      for (int i = 0; i < 1500; ++i) {
        if (array && i > 0) lines += ",\n";
        lines += i % 97 == 5 ? std::string(array ? "{\"bad\": }" : "{bad")
                             : Firm(i % 2 ? "麻涌镇" : "长安镇", i % 3 ? "30000000" : "7", "true");
        if (!array) lines += "\n";
      }
      if (array) lines += "\n]\n";
      fs::path file = firms.parent_path() / (array ? "firms.json" : "firms.jsonl");
      Write(file, lines);
      firms = file;
    }
    fs::path whole = firms.parent_path() / "whole", parts = firms.parent_path() / "parts";
    ASSERT_TRUE(RunScreen(firms, whole, 2).ok());
    // Stop at the first progress report, then once more further on.
    for (int round = 0; round < 2; ++round) {
      std::atomic<bool> cancel{false};
      absl::StatusOr<ScreenStats> s = RunScreen(firms, parts, 2, round > 0, &cancel, [&](const ScreenProgress& p) {
        if (p.done > 0) cancel = true;
      });
      ASSERT_TRUE(s.ok()) << s.status();
      ASSERT_TRUE(s->cancelled);
      ASSERT_TRUE(fs::exists(parts / ".screen-checkpoint.json"));
      EXPECT_FALSE(fs::exists(parts / "results.jsonl"));
    }
    // A torn line past the checkpoint (as after kill -9) is cut off on resume.
    std::ofstream(parts / "results.jsonl.part", std::ios::app | std::ios::binary) << "{\"n\":99999,\"fi";
    std::ofstream(parts / "matrix.csv.part", std::ios::app | std::ios::binary) << "torn";
    absl::StatusOr<ScreenStats> s = RunScreen(firms, parts, 3, true);
    ASSERT_TRUE(s.ok()) << s.status();
    EXPECT_FALSE(s->cancelled);
    EXPECT_GT(s->resumed, 0u);
    for (const char* name : kOutputs) EXPECT_EQ(Slurp(parts / name), Slurp(whole / name)) << name << form;
    EXPECT_FALSE(fs::exists(parts / ".screen-checkpoint.json"));
  }
}

TEST(ScreenerTest, ResumeRefusesAnotherRunsCheckpoint) {
  fs::path firms = MakePopulation("other", 200, false);
  fs::path out = firms.parent_path() / "out";
  std::atomic<bool> cancel{true};
  ASSERT_TRUE(RunScreen(firms, out, 1, false, &cancel).ok());
  ASSERT_TRUE(fs::exists(out / ".screen-checkpoint.json"));
  ScreenOptions o;
  o.firms = firms.string();
  o.out_dir = out.string();
  o.date = *CivilDate::Parse("2025-07-01");  // another date
  o.resume = true;
  absl::StatusOr<ScreenStats> s = Screen(TestProgram(), o);
  EXPECT_FALSE(s.ok());
  EXPECT_THAT(std::string(s.status().message()), HasSubstr("another run"));
}

// Each section of a results line, the rare ones included (superseded,
// benefit_missing, evaluation errors), from a hand-made decision: sections
// list their policies in program order, and a section nobody has is left out.
TEST(ScreenFormatTest, ResultsLineHasEverySectionInProgramOrder) {
  ScreenFormatter fmt(TestProgram());
  const int revenue = TestProgram()->schema->IndexOf("revenue");
  Decision d;
  d.firm = "91441900708017879M";
  d.policies.resize(2);
  d.policies[0].policy = 0;  // T-1: eligible, superseded by T-2, its amount unknown
  d.policies[0].verdict = Verdict::kEligible;
  d.policies[0].superseded_by = 1;
  d.policies[0].benefit_missing.push_back({revenue, 2024});
  d.policies[1].policy = 1;  // T-2: undetermined, with an evaluation error
  d.policies[1].verdict = Verdict::kUndetermined;
  d.policies[1].missing.push_back({revenue, 2024});
  d.policies[1].errors.push_back("营收: division by zero");
  TextBuffer buffer;
  {
    TextAppender out(&buffer);
    fmt.AppendResult(InputRef{7, "a.jsonl", 8}, d, -1, out);
  }
  const json line = json::parse(View(buffer));
  EXPECT_EQ(line["n"], 7);
  EXPECT_EQ(line["line"], 8);
  EXPECT_EQ(line["town"], nullptr);
  EXPECT_EQ(line["eligible"], json::parse(R"({"T-1": null})"));
  EXPECT_EQ(line["superseded"], json::parse(R"({"T-1": "T-2"})"));
  EXPECT_EQ(line["undetermined"], json::parse(R"({"T-2": ["revenue[2024]"]})"));
  EXPECT_EQ(line["ineligible"], json::object());
  EXPECT_EQ(line["benefit_missing"], json::parse(R"({"T-1": ["revenue[2024]"]})"));
  EXPECT_EQ(line["errors"], json::parse(R"({"T-2": ["营收: division by zero"]})"));
  // Without them, the rare sections are left out.
  d.policies[0].superseded_by = -1;
  d.policies[0].benefit_missing.clear();
  d.policies[1].errors.clear();
  d.policies[1].verdict = Verdict::kIneligible;
  d.policies[1].failing = {0, 1};
  buffer.clear();
  {
    TextAppender out(&buffer);
    fmt.AppendResult(InputRef{0, "a.jsonl", 1}, d, 0, out);
  }
  const json plain = json::parse(View(buffer));
  EXPECT_FALSE(plain.contains("superseded"));
  EXPECT_FALSE(plain.contains("benefit_missing"));
  EXPECT_FALSE(plain.contains("errors"));
  EXPECT_EQ(plain["ineligible"], json::parse(R"({"T-2": ["法人", "营收"]})"));
  EXPECT_EQ(plain["town"], fmt.towns()[0]);
}

TEST(ScreenFormatTest, JsonAndCsvEscaping) {
  std::string out;
  AppendJsonString(&out, std::string("a\"b\\c\n\x01 中\xff", 12));
  EXPECT_EQ(out, "\"a\\\"b\\\\c\\n\\u0001 中\\ufffd\"");
  // Runs of plain text and valid UTF-8 around the bytes that need care: a
  // bad byte inside Chinese text, DEL, a sequence cut short at the end.
  const std::pair<std::string, std::string> cases[] = {
      {"plain ascii", "\"plain ascii\""},
      {"东莞\xff市", "\"东莞\\ufffd市\""},
      {"a\x7f" "b", "\"a\\u007fb\""},
      {"中\xe4\xb8", "\"中\\ufffd\\ufffd\""},
      {"\xed\xa0\x80", "\"\\ufffd\\ufffd\\ufffd\""},  // a UTF-16 surrogate
      {"", "\"\""},
  };
  for (const auto& [in, want] : cases) {
    out.clear();
    AppendJsonString(&out, in);
    EXPECT_EQ(out, want) << in;
  }
  out.clear();
  AppendCsvField(&out, "a,\"b\"");
  EXPECT_EQ(out, "\"a,\"\"b\"\"\"");
  // Formula-like text is defused with a leading apostrophe (CSV injection).
  for (const char* cell : {"=1+1", "+86", "-2", "@SUM(A1)", "\tx", "=HYPERLINK(\"http://x\",\"y\")"}) {
    out.clear();
    AppendCsvField(&out, cell);
    EXPECT_EQ(out.substr(0, 2), "\"'") << cell;
  }
  out.clear();
  AppendCsvField(&out, "东莞市某某有限公司");
  EXPECT_EQ(out, "东莞市某某有限公司");
  EXPECT_EQ(FenToText(ToFen(*Number::Parse("1234.565"))), "1234.57");
  EXPECT_EQ(FenToText(5), "0.05");
  // Every cent count, signs, and the extremes (written without a string).
  EXPECT_EQ(FenToText(0), "0.00");
  EXPECT_EQ(FenToText(100), "1.00");
  EXPECT_EQ(FenToText(1099), "10.99");
  EXPECT_EQ(FenToText(-5), "-0.05");
  EXPECT_EQ(FenToText(-123450), "-1234.50");
  EXPECT_EQ(FenToText(std::numeric_limits<int64_t>::max()), "92233720368547758.07");
  EXPECT_EQ(FenToText(std::numeric_limits<int64_t>::min()), "-92233720368547758.08");
  // Amounts with two decimals at most are taken as they are; others are
  // rounded half away from zero.
  for (const auto& [amount, fen] : std::vector<std::pair<const char*, int64_t>>{
           {"0", 0}, {"7", 700}, {"1234.5", 123450}, {"1234.56", 123456}, {"0.25", 25}, {"-3.1", -310},
           {"2.005", 201}, {"-2.005", -201}, {"0.004", 0}, {"99999999.999", 10000000000}}) {
    EXPECT_EQ(ToFen(*Number::Parse(amount)), fen) << amount;
  }
  EXPECT_EQ(ToFen(*Number::Div(Number::FromInt(1), Number::FromInt(3))), 33);
  EXPECT_EQ(ToFen(*Number::Div(Number::FromInt(2), Number::FromInt(3))), 67);
}

TEST(JsonlReaderTest, OverlongLineIsAnErrorAndReadingGoesOn) {
  fs::path dir = TempDir("longline");
  std::string text = "{}\n" + std::string(kMaxInputBytes + 10, 'x') + "\n{\"a\":1}\n";
  Write(dir / "f.jsonl", text);
  JsonlReader r;
  ASSERT_TRUE(r.Open((dir / "f.jsonl").string(), 0, 0).ok());
  JsonlLine l;
  ASSERT_TRUE(r.Next(&l));
  EXPECT_EQ(l.text, "{}");
  ASSERT_TRUE(r.Next(&l));
  EXPECT_EQ(l.line, 2);
  EXPECT_THAT(l.error, HasSubstr("longer than"));
  ASSERT_TRUE(r.Next(&l));
  EXPECT_EQ(l.line, 3);
  EXPECT_EQ(l.text, "{\"a\":1}");
  EXPECT_EQ(l.end_offset, text.size());
  EXPECT_FALSE(r.Next(&l));
}

// A JSON array read element by element: elements whatever their layout,
// strings holding brackets, commas and escaped quotes, and each kind of
// broken array giving bad inputs, never a hang or a lost element after
// them; resuming at an element's end_offset goes on with the next.
TEST(JsonlReaderTest, ReadsAJsonArrayElementByElement) {
  fs::path dir = TempDir("array-reader");
  auto read_all = [&](const std::string& text, uint64_t offset = 0, int64_t line = 0) {
    Write(dir / "a.json", text);
    JsonlReader r;
    EXPECT_TRUE(r.Open((dir / "a.json").string(), offset, line).ok());
    std::vector<JsonlLine> out;
    JsonlLine l;
    while (out.size() < 100 && r.Next(&l)) out.push_back(l);
    return out;
  };
  const std::string text =
      "\xEF\xBB\xBF [ {\"a\": \"x,]}[\\\"\"}, {\"b\": [1, {\"c\": []}]}\n ,\n\t{\"d\": \"东莞\"} , {}\n]  \n";
  std::vector<JsonlLine> got = read_all(text);
  ASSERT_EQ(got.size(), 4u);
  EXPECT_EQ(got[0].text, "{\"a\": \"x,]}[\\\"\"}");
  EXPECT_EQ(got[0].line, 1);
  EXPECT_EQ(got[0].column, 4);  // after the mark (no column), a space and the bracket
  EXPECT_EQ(got[1].text, "{\"b\": [1, {\"c\": []}]}");
  EXPECT_EQ(got[2].text, "{\"d\": \"东莞\"}");
  EXPECT_EQ(got[2].line, 3);
  EXPECT_EQ(got[2].column, 2);
  EXPECT_EQ(got[3].text, "{}");
  EXPECT_EQ(got[3].column, 16);  // characters, not bytes: 东莞 are two
  for (const JsonlLine& l : got) EXPECT_TRUE(l.error.empty()) << l.text;
  // Resumed after the second element: the third and fourth, same places.
  std::vector<JsonlLine> rest = read_all(text, got[1].end_offset, got[1].end_line);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].text, got[2].text);
  EXPECT_EQ(rest[0].line, 3);
  EXPECT_EQ(rest[1].column, 16);

  EXPECT_TRUE(read_all("[]").empty());
  EXPECT_TRUE(read_all(" [ \n ] \n").empty());
  // Broken arrays: every piece is an input (an element the decoder will
  // refuse, or an error), and reading goes on past it.
  got = read_all("[{\"a\": 1},, {\"b\": 2}}, {\"c\": \"cut\n{\"d\": 4} {\"e\": 5}, ]x");
  std::vector<std::string> texts;
  for (const JsonlLine& l : got) texts.push_back(l.error.empty() ? l.text : "ERROR " + l.error);
  EXPECT_EQ(texts, (std::vector<std::string>{"{\"a\": 1}", "", "{\"b\": 2}", "}", "{\"c\": \"cut", "{\"d\": 4}",
                                             "{\"e\": 5}", "ERROR text after the end of the JSON array"}));
  // Cut short inside an element: the rest is that element.
  got = read_all("[{\"a\": 1}, {\"b\": [1, 2");
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].text, "{\"b\": [1, 2");
}

// Whatever bytes follow an array's opening bracket, reading ends, every
// input moves forward, and no element reaches past the file (random
// brackets, braces, quotes, backslashes, commas and line breaks; run under
// the sanitizers by the CI).
TEST(JsonlReaderTest, AnyArrayTextEndsAndMovesForward) {
  fs::path dir = TempDir("array-random");
  const char alphabet[] = "[]{}\",\\\n a1\xe4\xb8\x9c";
  uint64_t state = 12345;
  auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<size_t>(state >> 33);
  };
  for (int round = 0; round < 300; ++round) {
    std::string text = "[{";
    const size_t n = next() % 200;
    for (size_t i = 0; i < n; ++i) text.push_back(alphabet[next() % (sizeof alphabet - 1)]);
    Write(dir / "a.json", text);
    JsonlReader r;
    ASSERT_TRUE(r.Open((dir / "a.json").string(), 0, 0).ok());
    JsonlLine l;
    uint64_t last = 0;
    int inputs = 0;
    while (r.Next(&l)) {
      ASSERT_LE(++inputs, 400) << text;  // ends
      EXPECT_GT(l.end_offset, last) << text;
      EXPECT_LE(l.end_offset, text.size()) << text;
      EXPECT_LE(l.text.size(), text.size()) << text;
      last = l.end_offset;
    }
    EXPECT_TRUE(r.status().ok()) << text;
  }
}

TEST(InputSourceTest, RefillsTheSameItemsInPlace) {
  // A batch's items are refilled by the next Next(): every field of the
  // previous input is replaced (an error does not linger), and the vector
  // shrinks to what was left at the end.
  fs::path dir = TempDir("refill");
  std::string text = "{\"a\":1}\n{\"b\":2}\n\n" + std::string(kMaxInputBytes + 1, 'x') + "\n{\"c\":3}\n";
  Write(dir / "f.jsonl", text);
  InputSource source;
  ASSERT_TRUE(source.Open((dir / "f.jsonl").string(), true).ok());
  std::vector<InputItem> items;
  uint64_t offset = 0;
  int64_t line = 0;
  ASSERT_TRUE(source.Next(2, &items, &offset, &line));
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].text, "{\"a\":1}");
  EXPECT_EQ(items[1].seq, 1u);
  EXPECT_EQ(items[1].line, 2);
  EXPECT_EQ(items[1].file, "f.jsonl");
  EXPECT_EQ(line, 2);
  ReleaseInputText(&items[0]);
  EXPECT_TRUE(items[0].text.empty());
  ASSERT_TRUE(source.Next(2, &items, &offset, &line));
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[0].seq, 2u);
  EXPECT_EQ(items[0].line, 4);
  EXPECT_THAT(items[0].error, HasSubstr("longer than"));
  EXPECT_EQ(items[1].seq, 3u);
  EXPECT_EQ(items[1].line, 5);
  EXPECT_EQ(items[1].text, "{\"c\":3}");
  EXPECT_TRUE(items[1].error.empty());
  EXPECT_EQ(offset, text.size());
  EXPECT_FALSE(source.Next(2, &items, &offset, &line));
  EXPECT_TRUE(items.empty());
  // A folder: the same items take files, with no line and no text.
  fs::path folder = TempDir("refill-folder");
  Write(folder / "a.json", "{}");
  Write(folder / "b.json", "{}");
  InputSource files;
  ASSERT_TRUE(files.Open(folder.string(), false).ok());
  std::vector<InputItem> reused = {InputItem{7, "old", 9, 4, "", "stale text", "stale error", "旧"}};
  ASSERT_TRUE(files.Next(8, &reused));
  ASSERT_EQ(reused.size(), 2u);
  EXPECT_EQ(reused[0].file, "a.json");
  EXPECT_EQ(reused[0].seq, 0u);
  EXPECT_EQ(reused[0].line, 0);
  EXPECT_EQ(reused[0].column, 0);
  EXPECT_TRUE(reused[0].text.empty());
  EXPECT_TRUE(reused[0].error.empty());
  EXPECT_TRUE(reused[0].error_zh.empty());
  EXPECT_EQ(reused[1].path, (folder / "b.json").string());
}

}  // namespace
}  // namespace duixian::engine
