package dev.bqsync.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Words and {@code --option value} pairs of one invocation; flags are options without a value. */
record CommandLine(List<String> words, Map<String, String> options, Set<String> flags) {
  static CommandLine parse(String[] args, Set<String> knownFlags) {
    List<String> words = new ArrayList<>();
    Map<String, String> options = new HashMap<>();
    Set<String> flags = new java.util.HashSet<>();
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (!arg.startsWith("--")) {
        words.add(arg);
        continue;
      }
      String name = arg.substring(2);
      if (knownFlags.contains(name)) {
        flags.add(name);
      } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
        options.put(name, args[++i]);
      } else {
        throw new UsageException("option --" + name + " needs a value");
      }
    }
    return new CommandLine(words, options, flags);
  }

  String required(String option) {
    String value = options.get(option);
    if (value == null || value.isBlank()) {
      throw new UsageException("missing --" + option);
    }
    return value;
  }

  void allowOnly(String... allowed) {
    Set<String> known = Set.of(allowed);
    for (String option : options.keySet()) {
      if (!known.contains(option)) {
        throw new UsageException("unknown option --" + option);
      }
    }
  }
}
