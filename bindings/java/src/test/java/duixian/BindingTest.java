package duixian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The Java binding. Run from the repository root (policies/, examples/). */
class BindingTest {
  static final String DATE = "2025-06-20";
  static final String FIRM_2500 = "{\"营业收入\": {\"2024\": 25000000}}";

  static String read(String path) throws IOException {
    return Files.readString(Path.of(path), StandardCharsets.UTF_8);
  }

  static List<Source> revenuePolicy(String threshold) {
    return List.of(new Source("t/revenue", "t/revenue.policy",
        "policy T-REV \"测试政策\" {\n  department \"东莞市测试局\"\n  reference year 2024\n"
            + "  clause 营收: 营业收入[ref] 不低于 " + threshold + "\n}\n"));
  }

  static final List<Source> BROKEN = List.of(new Source("t/revenue", "t/revenue.policy",
      "policy T-REV \"坏\" {\n  department \"东莞市测试局\"\n  reference year 2024\n  clause a: 注册资金 > 1\n}\n"));

  static PolicySet load(String threshold) throws IOException {
    return PolicySet.loadSources(read("policies/schema.json"), read("policies/calendar.json"),
        revenuePolicy(threshold));
  }

  static String verdict(String json) {
    int at = json.indexOf("\"verdict\"");
    assertTrue(at >= 0, json);
    return json.substring(json.indexOf('"', at + 10) + 1, json.indexOf('"', json.indexOf('"', at + 10) + 1));
  }

  @Test
  void catalogEvaluatesAFirmFile() throws IOException {
    try (PolicySet set = PolicySet.load(Path.of("policies"))) {
      assertEquals(64, set.digest().length());
      assertTrue(set.policyCount() > 50);
      String json = set.evaluate(read("examples/firms/08-songshanhu-xinyuan-micro.json"), Options.on(DATE));
      assertTrue(json.startsWith("{\n  \"format\": \"duixian.decision/1\""), json.substring(0, 60));
      assertTrue(json.contains("\"policy_set\": \"" + set.digest() + "\""));
      assertTrue(json.contains("\"firm\": \"91441900MA4W8N1C49\""));
    }
  }

  @Test
  void modesNamesAndUnicodeRoundTrip() throws IOException {
    try (PolicySet set = load("2000万元")) {
      assertTrue(PolicySet.version().matches("\\d+\\.\\d+\\.\\d+"), PolicySet.version());
      String explained = set.evaluate(FIRM_2500, Options.on(DATE));
      assertEquals("eligible", verdict(explained));
      assertTrue(explained.contains("\"clauses\""));
      String compact = set.evaluate(FIRM_2500, Options.on(DATE).verdictOnly().compactJson());
      assertFalse(compact.contains("\n"));
      assertFalse(compact.contains("clauses"));
      // A name outside the BMP survives the trip (UTF-8, not modified UTF-8).
      String name = "企业\uD840\uDC00.json";
      assertTrue(set.evaluate(FIRM_2500, Options.on(DATE).named(name)).contains("\"firm\": \"" + name + "\""));
      Result r = set.evaluateResult(FIRM_2500, Options.on(DATE));
      assertEquals(set.digest(), r.digest());
    }
  }

  @Test
  void errorsCarryStatusAndDiagnostics() throws IOException {
    try (PolicySet set = load("2000万元")) {
      DuixianException date = assertThrows(DuixianException.class, () -> set.evaluate(FIRM_2500, Options.on("2025")));
      assertEquals(Status.INVALID_ARGUMENT, date.status());
      DuixianException firm = assertThrows(DuixianException.class,
          () -> set.evaluate("{\n  \"revenue\": {\"2024\": \"lots\"}\n}", Options.on(DATE).named("bad.json")));
      assertEquals(Status.FIRM_ERROR, firm.status());
      assertTrue(firm.getMessage().startsWith("bad.json:2:"), firm.getMessage());
      assertTrue(firm.getMessage().contains("revenue.2024"), firm.getMessage());
    }
    DuixianException policy = assertThrows(DuixianException.class,
        () -> PolicySet.loadSources(read("policies/schema.json"), read("policies/calendar.json"), BROKEN));
    assertEquals(Status.POLICY_ERROR, policy.status());
    assertTrue(policy.diagnosticsJson().contains("\"code\":\"E0201\""), policy.diagnosticsJson());
    assertTrue(policy.diagnosticsJson().contains("\"line\":4"), policy.diagnosticsJson());
    DuixianException io = assertThrows(DuixianException.class, () -> PolicySet.load(Path.of("/nonexistent")));
    assertEquals(Status.IO_ERROR, io.status());
  }

  @Test
  void batchReportsBadFirmsAndGoesOn() throws IOException {
    try (PolicySet set = load("2000万元")) {
      List<BatchItem> items = set.evaluateBatch(List.of(FIRM_2500, "[1]", "{\"营业收入\": {\"2024\": 100}}"),
          Options.on(DATE).verdictOnly());
      assertEquals(3, items.size());
      assertEquals("eligible", verdict(items.get(0).json()));
      assertFalse(items.get(1).ok());
      assertTrue(items.get(1).error().contains("firm[1]"), items.get(1).error());
      assertEquals("ineligible", verdict(items.get(2).json()));
    }
  }

  @Test
  void closedSetsRefuseWork() throws IOException {
    PolicySet set = load("2000万元");
    set.close();
    set.close();  // idempotent
    assertThrows(IllegalStateException.class, () -> set.evaluate(FIRM_2500, Options.on(DATE)));
  }

  @Test
  void holderReloadsAndAFailedReloadKeepsServing() throws IOException {
    String schema = read("policies/schema.json");
    String calendar = read("policies/calendar.json");
    try (PolicySet low = load("2000万元"); PolicySetHolder holder = new PolicySetHolder(low)) {
      assertEquals(low.digest(), holder.evaluate(FIRM_2500, Options.on(DATE)).digest());
      ReloadResult ok = holder.reloadSources(schema, calendar, revenuePolicy("3000万元"));
      assertTrue(ok.ok(), ok.message());
      assertNotEquals(low.digest(), ok.digest());
      Result r = holder.evaluate(FIRM_2500, Options.on(DATE));
      assertEquals(ok.digest(), r.digest());
      assertEquals("ineligible", verdict(r.json()));
      ReloadResult bad = holder.reloadSources(schema, calendar, BROKEN);
      assertEquals(Status.POLICY_ERROR, bad.status());
      assertTrue(bad.diagnosticsJson().contains("E0201"));
      assertEquals(ok.digest(), bad.digest());
      assertEquals(Status.IO_ERROR, holder.reload(Path.of("/nonexistent")).status());
      try (PolicySet current = holder.current()) {
        assertEquals(ok.digest(), current.digest());
      }
    }
  }

  @Test
  void threadsEvaluateAcrossReloads() throws Exception {
    String schema = read("policies/schema.json");
    String calendar = read("policies/calendar.json");
    try (PolicySet low = load("2000万元"); PolicySet high = load("3000万元");
         PolicySetHolder holder = new PolicySetHolder(low)) {
      Map<String, String> expected = Map.of(low.digest(), "eligible", high.digest(), "ineligible");
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger evaluations = new AtomicInteger();
      List<String> wrong = Collections.synchronizedList(new ArrayList<>());
      Set<String> seen = Collections.synchronizedSet(new HashSet<>());
      List<Thread> threads = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        Thread th = new Thread(() -> {
          while (!done.get()) {
            Result r = holder.evaluate(FIRM_2500, Options.on(DATE).verdictOnly().compactJson());
            seen.add(r.digest());
            if (!verdict(r.json()).equals(expected.get(r.digest()))
                || !r.json().contains("\"policy_set\":\"" + r.digest() + "\"")) {
              wrong.add(r.digest());
            }
            evaluations.incrementAndGet();
          }
        });
        threads.add(th);
        th.start();
      }
      for (int i = 0; i < 30; i++) {
        ReloadResult r = i % 5 == 4 ? holder.reloadSources(schema, calendar, BROKEN)
            : holder.reloadSources(schema, calendar, revenuePolicy(i % 2 == 0 ? "3000万元" : "2000万元"));
        assertEquals(i % 5 != 4, r.ok());
        int target = evaluations.get() + 8;
        while (evaluations.get() < target) {
          Thread.onSpinWait();
        }
      }
      done.set(true);
      for (Thread th : threads) {
        th.join();
      }
      assertTrue(wrong.isEmpty(), wrong.toString());
      assertEquals(expected.keySet(), seen);
    }
  }

  static PolicySet load(String threshold, Limits limits) throws IOException {
    return PolicySet.loadSources(read("policies/schema.json"), read("policies/calendar.json"),
        revenuePolicy(threshold), limits);
  }

  @Test
  void limitsHaveTheLibraryDefaultsAndAreKeptByTheSet() throws IOException {
    Limits d = Limits.defaults();
    assertEquals(5_000_000L, d.maxEvalSteps());
    assertEquals(64L, d.maxJsonDepth());
    assertEquals(256L, d.maxClauses());
    Limits mine = d.withMaxItems(7).withMaxClauses(9);
    assertEquals(64L, mine.maxJsonDepth());
    try (PolicySet set = load("2000万元", mine)) {
      assertEquals(mine, set.limits());
    }
    try (PolicySet set = load("2000万元")) {
      assertEquals(d, set.limits());
    }
  }

  @Test
  void evaluationOverTheBudgetIsAFirmErrorNotAVerdict() throws IOException {
    try (PolicySet set = load("2000万元", Limits.defaults().withMaxEvalSteps(1))) {
      for (Options o : List.of(Options.on(DATE), Options.on(DATE).verdictOnly())) {
        DuixianException e = assertThrows(DuixianException.class, () -> set.evaluate(FIRM_2500, o.named("huge.json")));
        assertEquals(Status.FIRM_ERROR, e.status());
        assertTrue(e.getMessage().contains("huge.json") && e.getMessage().contains("limit of 1 steps"), e.getMessage());
      }
      List<BatchItem> items = set.evaluateBatch(List.of(FIRM_2500), Options.on(DATE));
      assertFalse(items.get(0).ok());
      assertTrue(items.get(0).error().contains("steps"), items.get(0).error());
      try (PolicySetHolder holder = new PolicySetHolder(set)) {
        assertTrue(holder.reloadSources(read("policies/schema.json"), read("policies/calendar.json"),
            revenuePolicy("3000万元")).ok());
        assertEquals(Status.FIRM_ERROR,
            assertThrows(DuixianException.class, () -> holder.evaluate(FIRM_2500, Options.on(DATE))).status());
      }
    }
    try (PolicySet unlimited = load("2000万元", Limits.defaults().withMaxEvalSteps(0))) {
      assertEquals("eligible", verdict(unlimited.evaluate(FIRM_2500, Options.on(DATE))));
    }
  }

  @Test
  void firmAndPolicyLimits() throws IOException {
    try (PolicySet set = load("2000万元", Limits.defaults().withMaxJsonDepth(2))) {
      DuixianException e = assertThrows(DuixianException.class,
          () -> set.evaluate("{\"营业收入\": {\"2024\": [1]}}", Options.on(DATE)));
      assertEquals(Status.FIRM_ERROR, e.status());
      assertTrue(e.getMessage().contains("nested more than 2 levels"), e.getMessage());
    }
    DuixianException tooBig = assertThrows(DuixianException.class,
        () -> load("2000万元", Limits.defaults().withMaxPolicyBytes(16)));
    assertEquals(Status.POLICY_ERROR, tooBig.status());
    assertTrue(tooBig.diagnosticsJson().contains("E0112"), tooBig.diagnosticsJson());
    DuixianException zero = assertThrows(DuixianException.class,
        () -> PolicySet.load(Path.of("policies"), Limits.defaults().withMaxNesting(0)));
    assertEquals(Status.INVALID_ARGUMENT, zero.status());
    assertTrue(zero.getMessage().contains("max_nesting"), zero.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxItems(-1));
  }
}
