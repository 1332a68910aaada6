package org.likeness.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.likeness.models.ModelCatalog;
import org.likeness.models.ModelFetcher;
import org.likeness.models.ModelSource;
import org.likeness.models.ModelSpec;
import org.likeness.models.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code likeness models fetch|list}: installing and inspecting pretrained weights. */
@Command(
    name = "models",
    description = "Fetch or list the pretrained models.",
    subcommands = {ModelsCommand.Fetch.class, ModelsCommand.ListModels.class, Int8CalibrateCommand.class, DetectorInt8CalibrateCommand.class})
final class ModelsCommand implements Runnable {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** {@code likeness models fetch}. */
  @Command(name = "fetch", description = "Download the model packages with npm, check their SHA-256 and convert them.")
  static final class Fetch implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Install here (default: $LIKENESS_MODELS or ~/.likeness/models).")
    Path modelsDir;

    @Override
    public Integer call() throws Exception {
      ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
      var err = spec.commandLine().getErr();
      var out = spec.commandLine().getOut();
      List<ModelFetcher.Result> results = new ModelFetcher(store, err::println).fetch(ModelCatalog.all());
      for (ModelFetcher.Result r : results) {
        out.println((r.alreadyPresent() ? "present   " : "installed ") + r.spec().name() + "  " + r.file());
      }
      out.println("models ready in " + store.dir());
      return 0;
    }
  }

  /** {@code likeness models list}. */
  @Command(name = "list", description = "List the known models, where they come from and whether they are installed.")
  static final class ListModels implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--models-dir", paramLabel = "DIR", description = "Models directory to inspect.")
    Path modelsDir;

    @Option(names = "--json", description = "One JSON object per model.")
    boolean json;

    record Row(String name, String kind, boolean installed, String source, String licence, String metric, Double maxDistance, Integer dimensions) {}

    @Override
    public Integer call() {
      ModelStore store = ModelStore.locate(Optional.ofNullable(modelsDir));
      List<ModelSpec> specs = new ArrayList<>(ModelCatalog.all());
      specs.add(ModelCatalog.PIXELS);
      var out = spec.commandLine().getOut();
      for (ModelSpec s : specs) {
        Row row = new Row(
            s.name(), s.kind().name().toLowerCase(Locale.ROOT), store.isInstalled(s), source(s), licence(s),
            s.metric() == null ? null : s.metric().name().toLowerCase(Locale.ROOT),
            s.metric() == null ? null : s.maxDistance(), s.dimensions() == 0 ? null : s.dimensions());
        if (json) {
          out.println(Json.write(row));
        } else {
          out.printf(Locale.ROOT, "%-20s %-10s %-13s %s%n", row.name(), row.kind(),
              row.installed() ? "installed" : "not installed", row.source());
        }
      }
      if (!json) {
        out.println("models directory: " + store.dir());
      }
      return 0;
    }

    private static String source(ModelSpec s) {
      if (s.source() instanceof ModelSource.NpmFile f) {
        return "npm " + f.coordinate() + " " + f.entry();
      }
      if (s.source() instanceof ModelSource.Converted c) {
        return "converted (" + c.converter() + ") from npm " + c.inputs().get(0).coordinate();
      }
      return "built in";
    }

    private static String licence(ModelSpec s) {
      if (s.source() instanceof ModelSource.NpmFile f) {
        return f.licence();
      }
      if (s.source() instanceof ModelSource.Converted c) {
        return c.inputs().get(0).licence();
      }
      return "Apache-2.0 (Likeness)";
    }
  }
}
