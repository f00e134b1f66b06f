package dev.bqsync.function;

/** Lets tests rebuild the function instance's components after changing settings. */
public final class TestComponents {
  private TestComponents() {}

  public static void reset() {
    Components.resetShared();
  }
}
