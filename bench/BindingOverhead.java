// The Java door of bench/binding_overhead.sh: same measurements and output
// line as bench/binding_overhead.cc (thread CPU and wall time).
import duixian.BatchItem;
import duixian.Options;
import duixian.PolicySet;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

public final class BindingOverhead {
  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static double[] measure(int rounds, double per, Runnable body) {
    body.run();  // warm-up (and JIT)
    double cpu = Double.MAX_VALUE, wall = Double.MAX_VALUE;
    for (int r = 0; r < rounds; r++) {
      long c0 = THREADS.getCurrentThreadCpuTime(), w0 = System.nanoTime();
      body.run();
      cpu = Math.min(cpu, (THREADS.getCurrentThreadCpuTime() - c0) / 1e3 / per);
      wall = Math.min(wall, (System.nanoTime() - w0) / 1e3 / per);
    }
    return new double[] {cpu, wall};
  }

  public static void main(String[] args) throws Exception {
    String date = args[2];
    int singleCalls = Integer.parseInt(args[3]), rounds = Integer.parseInt(args[4]);
    List<String> firms = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8).stream()
        .filter(l -> !l.isEmpty()).collect(Collectors.toList());
    Options options = Options.on(date).verdictOnly().compactJson();
    try (PolicySet set = PolicySet.load(Path.of(args[0]))) {
      String one = firms.get(0);
      double[] s = measure(rounds, singleCalls, () -> {
        for (int i = 0; i < singleCalls; i++) {
          set.evaluate(one, options);
        }
      });
      long[] bytes = {0};
      double[] b = measure(rounds, firms.size(), () -> {
        bytes[0] = 0;
        for (BatchItem item : set.evaluateBatch(firms, options)) {
          bytes[0] += item.json().getBytes(StandardCharsets.UTF_8).length;
        }
      });
      System.out.printf("java\t%.2f\t%.2f\t%.2f\t%.2f\t%d%n", s[0], s[1], b[0], b[1], bytes[0]);
    }
  }
}
