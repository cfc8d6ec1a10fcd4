// Evaluates firm files against a policy set through the Java binding and
// prints the results exactly as `duixian eval --format json` does.
//
//   java -Djava.library.path=build/bindings/java -cp build/bindings/java/duixian.jar:… \
//       Evaluate policies 2025-06-20 examples/firms/*.json
import duixian.DuixianException;
import duixian.Options;
import duixian.PolicySet;
import duixian.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

public final class Evaluate {
  public static void main(String[] args) {
    if (args.length < 3) {
      System.err.println("usage: Evaluate POLICY_DIR YYYY-MM-DD FIRM.json...");
      System.exit(2);
    }
    int status = 0;
    List<String> results = new ArrayList<>();
    try (PolicySet set = PolicySet.load(Path.of(args[0]))) {
      for (int i = 2; i < args.length; i++) {
        try {
          String firm = Files.readString(Path.of(args[i]), StandardCharsets.UTF_8);
          results.add(set.evaluate(firm, Options.on(args[1]).named(args[i])));
        } catch (IOException e) {
          System.err.println(args[i] + ": cannot read the file");
          status = 1;
        } catch (DuixianException e) {
          if (e.status() != Status.FIRM_ERROR) throw e;
          System.err.println("error: " + e.getMessage());
          status = 1;
        }
      }
    } catch (DuixianException e) {
      System.err.println(e.status() + ": " + e.getMessage() + "\n" + e.diagnosticsJson());
      System.exit(1);
    }
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.print(args.length > 3 ? "[\n" + String.join(",\n", results) + "\n]\n" : String.join("", results) + "\n");
    out.flush();
    System.exit(status);
  }
}
